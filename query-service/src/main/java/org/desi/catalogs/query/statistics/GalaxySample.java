package org.desi.catalogs.query.statistics;

import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * One pass of PostgreSQL over a placement's galaxies: each galaxy is counted once, either against
 * the first reason that removes it (a cut of the {@link SampleSelection}, an environment other than
 * void or wall, no stellar mass, an unmeasured quenching proxy) or, when kept, in its cell
 * (environment, mass bin, optional second bin, quenched or not). The statistics are built from
 * these counts in Java, so every number in an answer adds up to the galaxies placed.
 */
final class GalaxySample {

    /** Quenching proxies; the SQL is an explicit CASE so that undefined maths is a stated rule. */
    enum Proxy {
        DN4000("Dn4000 > 1.6; Dn4000 NULL or NaN, or DN4000_IVAR <= 0 (not measured), is left out"),
        SSFR("log10(SFR) - LOGMSTAR < -11 (sSFR < 1e-11 per year); SFR <= 0 (log undefined: no measurable star"
                + " formation) counts as quenched; SFR or LOGMSTAR NULL or NaN is left out");

        final String quenchedIf;

        Proxy(String quenchedIf) {
            this.quenchedIf = quenchedIf;
        }

        String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Proxy parse(String value) {
            if (value == null || value.isBlank()) {
                return DN4000;
            }
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "dn4000" -> DN4000;
                case "ssfr" -> SSFR;
                default -> throw ApiProblemException.badRequest("proxy must be dn4000 (Dn4000 > 1.6) or ssfr"
                        + " (log10 sSFR < -11 per year), got '" + value + "'");
            };
        }

        /** NULL when the proxy is not measured, else whether the galaxy is quenched. */
        String sql(CatalogInfo g) {
            List<String> needed = this == DN4000 ? List.of("logmstar", "dn4000") : List.of("logmstar", "sfr");
            for (String column : needed) {
                if (g.column(column) == null) {
                    throw ApiProblemException.badRequest("catalog '" + g.name() + "' has no " + column + " column; the "
                            + apiName() + " proxy needs " + String.join(" and ", needed) + " (a FastSpecFit catalog has them)");
                }
            }
            if (this == DN4000) {
                String d = "g." + quote("dn4000");
                String ivar = g.column("dn4000_ivar") == null ? "" : " OR g." + quote("dn4000_ivar") + " IS NULL OR g."
                        + quote("dn4000_ivar") + " = 'NaN' OR g." + quote("dn4000_ivar") + " <= 0";
                return "CASE WHEN " + d + " IS NULL OR " + d + " = 'NaN'" + ivar + " THEN NULL ELSE " + d + " > 1.6 END";
            }
            String sfr = "g." + quote("sfr");
            String mass = "g." + quote("logmstar");
            return "CASE WHEN " + sfr + " IS NULL OR " + sfr + " = 'NaN' OR " + mass + " IS NULL OR " + mass + " = 'NaN'"
                    + " THEN NULL WHEN " + sfr + " <= 0 THEN true ELSE log(" + sfr + "::float8) - " + mass
                    + "::float8 < -11 END";
        }
    }

    /** Why a galaxy left the sample after the cuts. */
    static final int ENVIRONMENT = 101;
    static final int NO_MASS = 102;
    static final int UNMEASURED = 103;

    /** A kept galaxy's cell: environment, mass bin (width_bucket: 0 below, n + 1 above), second bin. */
    record Cell(String environment, int massBin, int xBin, boolean quenched, long count) {
    }

    /** Everything one statistic needs. */
    record Counts(long placed, long[] removedByCut, Map<String, Long> otherEnvironments, long noMass, long unmeasured,
                  List<Cell> kept) {
    }

    private GalaxySample() {
    }

    /**
     * @param xBinSql a second binning over the kept galaxies (SQL using {@code s.r_over_reff}), or null
     */
    static Uni<Counts> count(Pool pool, CatalogInfo g, int voidCatalogId, SampleSelection selection, Proxy proxy,
                             double[] massEdges, String xBinSql, SqlParams params) {
        String galaxyId = params.add(g.catalogId());
        String voidId = params.add(voidCatalogId);
        String edges = params.add(Arrays.stream(massEdges).boxed().toArray(Double[]::new));
        String mass = "g." + quote("logmstar");
        StringBuilder inner = new StringBuilder("SELECT e.environment, e.r_over_reff, CASE WHEN " + mass + " IS NULL OR "
                + mass + " = 'NaN' THEN NULL ELSE " + mass + "::float8 END AS mass, " + proxy.sql(g) + " AS q");
        StringBuilder removedBy = new StringBuilder("CASE");
        int i = 0;
        for (SampleSelection.Spec spec : selection.specs()) {
            i++;
            if (spec.applied()) {
                inner.append(", ").append(spec.sql()).append(" AS c").append(i);
                removedBy.append(" WHEN NOT s.c").append(i).append(" THEN ").append(i);
            }
        }
        removedBy.append(" WHEN s.environment NOT IN ('void', 'wall') THEN ").append(ENVIRONMENT)
                .append(" WHEN s.mass IS NULL THEN ").append(NO_MASS)
                .append(" WHEN s.q IS NULL THEN ").append(UNMEASURED).append(" ELSE 0 END");
        inner.append(" FROM desi.galaxy_environment e JOIN ").append(g.tableName()).append(" g ON g.")
                .append(quote(g.idColumn())).append(" = e.object_id")
                .append(g.sharedTable() ? " AND g.catalog_id = " + galaxyId : "")
                .append(" WHERE e.galaxy_catalog_id = ").append(galaxyId).append(" AND e.void_catalog_id = ").append(voidId);
        String sql = "SELECT " + removedBy + " AS removed_by, s.environment, width_bucket(s.mass, " + edges
                + "::float8[]) AS mbin, " + (xBinSql == null ? "0" : xBinSql) + " AS xbin, coalesce(s.q, false) AS q,"
                + " count(*) FROM (" + inner + ") s GROUP BY 1, 2, 3, 4, 5";
        int cuts = selection.specs().size();
        return pool.preparedQuery(sql).execute(params.tuple()).map(rows -> {
            long placed = 0;
            long[] removed = new long[cuts];
            Map<String, Long> environments = new LinkedHashMap<>();
            long noMass = 0;
            long unmeasured = 0;
            List<Cell> kept = new ArrayList<>();
            for (Row r : rows) {
                int why = r.getInteger(0);
                long n = r.getLong(5);
                placed += n;
                if (why >= 1 && why <= cuts) {
                    removed[why - 1] += n;
                } else if (why == ENVIRONMENT) {
                    environments.merge(r.getString(1), n, Long::sum);
                } else if (why == NO_MASS) {
                    noMass += n;
                } else if (why == UNMEASURED) {
                    unmeasured += n;
                } else {
                    Integer x = r.getInteger(3);
                    kept.add(new Cell(r.getString(1), r.getInteger(2), x == null ? -1 : x, r.getBoolean(4), n));
                }
            }
            return new Counts(placed, removed, environments, noMass, unmeasured, kept);
        });
    }
}

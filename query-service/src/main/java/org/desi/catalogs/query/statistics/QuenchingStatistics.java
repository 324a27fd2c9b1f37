package org.desi.catalogs.query.statistics;

import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.query.repository.CatalogRepository;
import org.desi.catalogs.query.repository.VoidRepository;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * The science question: at fixed stellar mass, are void galaxies quenched as often as wall
 * galaxies? Per bin of log10(M_star / Msun): void and wall counts, quenched counts and fractions with
 * 68% Wilson intervals. Quenched means Dn4000 &gt; 1.6 (proxy dn4000; unmeasured Dn4000, inverse
 * variance 0, is left out) or log10(SFR) - log10(M_star) &lt; -11 per year (proxy ssfr; SFR &lt;= 0 counts as
 * quenched). Edge-void and outside galaxies are excluded (their environment is uncertain).
 */
@ApplicationScoped
public class QuenchingStatistics {

    /** Quenching proxies. */
    public enum Proxy {
        DN4000("Dn4000 > 1.6"), SSFR("log10(SFR/M*) < -11 yr^-1");

        public final String definition;

        Proxy(String definition) {
            this.definition = definition;
        }

        public static Proxy parse(String value) {
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
    }

    /** One environment in one mass bin. */
    public record Count(long galaxies, long quenched, double fraction, double low, double high) {
    }

    /** One mass bin [log10(Msun)]. */
    public record Bin(double logMstarMin, double logMstarMax, Count voids, Count walls) {
    }

    /** The whole answer. */
    public record Result(String galaxies, String voids, String algorithm, String proxy, String quenchedIf,
                         double confidence, String excluded, List<Bin> bins) {
    }

    public static final double[] DEFAULT_BINS = {9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0};

    private final Pool pool;
    private final CatalogRepository catalogs;
    private final VoidRepository voidCatalogs;

    public QuenchingStatistics(Pool pool, CatalogRepository catalogs, VoidRepository voidCatalogs) {
        this.pool = pool;
        this.catalogs = catalogs;
        this.voidCatalogs = voidCatalogs;
    }

    /** Bin edges from "9,9.5,10" [log10(Msun)]: 2 to 41 strictly increasing numbers in [5, 14]. */
    public static double[] parseBins(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_BINS;
        }
        String[] parts = text.split(",");
        if (parts.length < 2 || parts.length > 41) {
            throw ApiProblemException.badRequest("massBins must list 2 to 41 bin edges in log10(Msun), e.g."
                    + " 9,9.5,10,10.5,11; got " + parts.length);
        }
        double[] edges = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                edges[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw ApiProblemException.badRequest("massBins must be numbers in [5, 14] log10(Msun), got '"
                        + parts[i].trim() + "'");
            }
            if (!(edges[i] >= 5 && edges[i] <= 14)) {
                throw ApiProblemException.badRequest("massBins edges must be in [5, 14] log10(Msun), got " + parts[i].trim());
            }
            if (i > 0 && edges[i] <= edges[i - 1]) {
                throw ApiProblemException.badRequest("massBins edges must increase strictly, got " + Arrays.toString(edges));
            }
        }
        return edges;
    }

    public Uni<Result> compute(String galaxies, String voids, Proxy proxy, double[] edges) {
        if (galaxies == null || galaxies.isBlank() || voids == null || voids.isBlank()) {
            throw ApiProblemException.badRequest("galaxies and voids are required: a galaxy catalog with logmstar and"
                    + " dn4000/sfr (e.g. FastSpecFit) and the void catalog it was placed in");
        }
        return voidCatalogs.requireVoidCatalog(voids).flatMap(vc -> catalogs.requireForQuery(galaxies).flatMap(g -> {
            String sql = sql(g, proxy);
            Double[] boxed = Arrays.stream(edges).boxed().toArray(Double[]::new);
            return pool.preparedQuery(sql).execute(Tuple.of(g.catalogId(), vc.getInteger("catalog_id"), boxed))
                    .map(rows -> {
                        long[][] n = new long[2][edges.length - 1];
                        long[][] q = new long[2][edges.length - 1];
                        for (Row r : rows) {
                            int env = "void".equals(r.getString(0)) ? 0 : 1;
                            int bin = r.getInteger(1) - 1;
                            if (bin >= 0 && bin < edges.length - 1) {
                                n[env][bin] = r.getLong(2);
                                q[env][bin] = r.getLong(3);
                            }
                        }
                        List<Bin> bins = new ArrayList<>();
                        for (int b = 0; b < edges.length - 1; b++) {
                            bins.add(new Bin(edges[b], edges[b + 1], count(q[0][b], n[0][b]), count(q[1][b], n[1][b])));
                        }
                        return new Result(galaxies, voids, vc.getString("algorithm"), proxy.name().toLowerCase(Locale.ROOT),
                                proxy.definition, 0.6827, "edge_void and outside galaxies", bins);
                    });
        }));
    }

    private static Count count(long k, long n) {
        WilsonInterval w = WilsonInterval.of(k, n, WilsonInterval.ONE_SIGMA);
        return new Count(n, k, w.fraction(), w.low(), w.high());
    }

    static String sql(CatalogInfo g, Proxy proxy) {
        for (String needed : proxy == Proxy.DN4000 ? List.of("logmstar", "dn4000") : List.of("logmstar", "sfr")) {
            if (g.column(needed) == null) {
                throw ApiProblemException.badRequest("catalog '" + g.name() + "' has no " + needed + " column; the "
                        + proxy.name().toLowerCase(Locale.ROOT) + " proxy needs logmstar and "
                        + (proxy == Proxy.DN4000 ? "dn4000" : "sfr") + " (a FastSpecFit catalog has them)");
            }
        }
        String quenched;
        String measured;
        if (proxy == Proxy.DN4000) {
            quenched = "g.dn4000 > 1.6";
            measured = "g.dn4000 IS NOT NULL" + (g.column("dn4000_ivar") != null ? " AND g.dn4000_ivar > 0" : "");
        } else {
            quenched = "(g.sfr <= 0 OR log(g.sfr::numeric)::float8 - g.logmstar < -11)";
            measured = "g.sfr IS NOT NULL";
        }
        return "SELECT e.environment, width_bucket(g.logmstar::float8, $3::float8[]) AS bin, count(*),"
                + " count(*) FILTER (WHERE " + quenched + ")"
                + " FROM desi.galaxy_environment e JOIN " + g.tableName() + " g ON g." + quote(g.idColumn())
                + " = e.object_id" + (g.sharedTable() ? " AND g.catalog_id = $1" : "")
                + " WHERE e.galaxy_catalog_id = $1 AND e.void_catalog_id = $2 AND e.environment IN ('void', 'wall')"
                + " AND g.logmstar IS NOT NULL AND " + measured + " GROUP BY 1, 2";
    }
}

package org.desi.catalogs.query.search;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.desi.catalogs.core.sky.ConeBounds;
import org.desi.catalogs.core.sky.RaRange;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.service.problem.ApiProblemException;
import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

/**
 * Builds the SQL of a cone search on the declination-zone index: one B-tree descent per zone
 * ({@code zone = ANY(...)}) bounded in RA, then the exact haversine distance as the final filter.
 * Every identifier comes from the catalog registry and every value is a bind parameter, so nothing
 * a client sends is spliced into the SQL.
 */
public final class ConeQuery {

    private static final Set<String> NUMERIC = Set.of("smallint", "integer", "bigint", "real", "double precision");

    private final String sql;
    private final Tuple params;
    private final List<String> columns;

    private ConeQuery(String sql, Tuple params, List<String> columns) {
        this.sql = sql;
        this.params = params;
        this.columns = columns;
    }

    /**
     * @param filters column name -> {min, max} (NaN = open end), already parsed
     * @param wanted  columns to return (validated here), or empty for all
     */
    public static ConeQuery build(CatalogInfo cat, double raDeg, double decDeg, double radiusDeg,
                                  Map<String, double[]> filters, List<String> wanted, int limit, Cursor after) {
        if (cat.raColumn() == null || cat.decColumn() == null) {
            throw ApiProblemException.badRequest("catalog " + cat.name() + " has no positions (no RA/Dec columns were"
                    + " named when it was loaded), so it cannot be cone-searched");
        }
        List<String> cols = new ArrayList<>();
        if (wanted.isEmpty()) {
            cat.columns().forEach(c -> cols.add(c.name()));
        } else {
            for (String w : wanted) {
                if (cat.column(w) == null) {
                    throw ApiProblemException.badRequest("unknown column '" + w + "' in columns; catalog " + cat.name()
                            + " has " + cat.columns().stream().map(CatalogInfo.Column::name).toList());
                }
                cols.add(w);
            }
        }
        ConeBounds b = new ZoneIndex(cat.zoneHeightDeg()).cone(raDeg, decDeg, radiusDeg);
        String ra = quote(cat.raColumn());
        String dec = quote(cat.decColumn());
        List<Object> p = new ArrayList<>();
        // The catalog's id in the text: a statement stays prepared per connection (the cone pool), and a
        // catalog deleted and loaded again under its name, with other column types, gets a statement of its own
        // instead of PostgreSQL's "cached plan must not change result type".
        StringBuilder s = new StringBuilder("/* catalog ").append(cat.catalogId()).append(" */ SELECT ");
        for (String c : cols) {
            s.append(quote(c)).append(", ");
        }
        p.add(Math.toRadians(raDeg));
        p.add(Math.toRadians(decDeg));
        p.add(Math.cos(Math.toRadians(decDeg)));
        String distance = "degrees(2 * asin(least(1.0, sqrt(power(sin((radians(" + dec + ") - $2) / 2), 2)"
                + " + cos(radians(" + dec + ")) * $3 * power(sin((radians(" + ra + ") - $1) / 2), 2))))) * 3600.0";
        // the id travels last (outside the asked columns) so the next page's cursor can always be made
        s.append(distance).append(" AS distance_arcsec, ").append(quote(cat.idColumn())).append(" FROM ")
                .append(cat.tableName()).append(" WHERE ");
        if (cat.sharedTable()) {
            p.add(cat.catalogId());
            s.append("catalog_id = $").append(p.size()).append(" AND ");
        }
        // Files none of whose rows can be in the cone: PostgreSQL leaves their partitions out when the statement
        // starts (run-time pruning works for a list of parameters, not for an array parameter). The text varies
        // only with how many, so the prepared statements stay few.
        int[] outside = cat.fileCoverages().filesOutsideCone(raDeg, decDeg, radiusDeg);
        if (outside.length > 0) {
            s.append("source_file_id NOT IN (");
            for (int i = 0; i < outside.length; i++) {
                p.add(outside[i]);
                s.append(i == 0 ? "$" : ", $").append(p.size());
            }
            s.append(") AND ");
        }
        Integer[] zones = new Integer[b.zoneMax() - b.zoneMin() + 1];
        for (int i = 0; i < zones.length; i++) {
            zones[i] = b.zoneMin() + i;
        }
        p.add(zones);
        s.append("zone = ANY($").append(p.size()).append("::int[])");
        List<RaRange> ranges = b.raRanges();
        if (!b.coversAllRa()) {
            if (ranges.size() == 1) {
                p.add(ranges.get(0).minDeg());
                p.add(ranges.get(0).maxDeg());
                s.append(" AND ").append(ra).append(" BETWEEN $").append(p.size() - 1).append(" AND $").append(p.size());
            } else {
                // crossing RA 0/360: [0, hi] or [lo, 360)
                p.add(ranges.get(0).maxDeg());
                p.add(ranges.get(1).minDeg());
                s.append(" AND (").append(ra).append(" <= $").append(p.size() - 1).append(" OR ").append(ra)
                        .append(" >= $").append(p.size()).append(')');
            }
        }
        p.add(radiusDeg * 3600.0);
        s.append(" AND ").append(distance).append(" <= $").append(p.size());
        for (Map.Entry<String, double[]> f : filters.entrySet()) {
            CatalogInfo.Column c = cat.column(f.getKey());
            if (c == null) {
                throw ApiProblemException.badRequest("unknown filter column '" + f.getKey() + "'; catalog " + cat.name()
                        + " has " + cat.columns().stream().map(CatalogInfo.Column::name).toList());
            }
            if (!NUMERIC.contains(c.type())) {
                throw ApiProblemException.badRequest("column '" + f.getKey() + "' is " + c.type()
                        + "; .min/.max filters work on numeric columns only");
            }
            if (!Double.isNaN(f.getValue()[0])) {
                p.add(f.getValue()[0]);
                s.append(" AND ").append(quote(c.name())).append(" >= $").append(p.size());
            }
            if (!Double.isNaN(f.getValue()[1])) {
                p.add(f.getValue()[1]);
                s.append(" AND ").append(quote(c.name())).append(" <= $").append(p.size());
            }
        }
        if (after != null) {
            // keyset paging: rows after the last one of the previous page in (distance, id) order
            p.add(((Number) after.key().get(0)).doubleValue());
            p.add(after.key().get(1));
            String cast = after.key().get(1) instanceof Long ? "::bigint" : "::text";
            s.append(" AND (").append(distance).append(", ").append(quote(cat.idColumn())).append(cast)
                    .append(") > ($").append(p.size() - 1).append("::float8, $").append(p.size()).append(cast).append(')');
        }
        p.add(limit + 1);   // one more than asked, to tell the client the page is truncated
        s.append(" ORDER BY distance_arcsec, ").append(quote(cat.idColumn())).append(" LIMIT $").append(p.size());
        return new ConeQuery(s.toString(), Tuple.from(p), cols);
    }


    public String sql() {
        return sql;
    }

    public Tuple params() {
        return params;
    }

    public List<String> columns() {
        return columns;
    }
}

package org.desi.catalogs.query.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * Voids of the VoidFinder and V2 catalogs in one shape: centre (comoving [Mpc/h] and sky [deg]),
 * redshift of the centre (from the catalog's own cosmology when the file gives none), effective
 * radius [Mpc/h] and the edge flag (VoidFinder EDGE != 0; V2 EDGE_AREA / TOT_AREA > 0.1).
 */
@ApplicationScoped
public class VoidRepository {

    private static final String VOIDS = "SELECT c.name, vc.algorithm, vc.omega_m, v.void_id, v.x, v.y, v.z, v.ra, v.dec,"
            + " NULL::float8 AS redshift, coalesce(v.r_eff, v.radius) AS r_eff, v.radius AS radius, v.edge <> 0 AS edge"
            + " FROM desi.voidfinder_void v JOIN desi.catalog c USING (catalog_id) JOIN desi.void_catalog vc USING (catalog_id)"
            + " WHERE ($1::text IS NULL OR c.name = $1) AND ($2::int IS NULL OR v.void_id = $2)"
            + " UNION ALL SELECT c.name, vc.algorithm, vc.omega_m, v.void_id, v.x, v.y, v.z, v.ra, v.dec, v.redshift,"
            + " v.radius, v.radius, (coalesce(v.edge = 1, false) OR coalesce(v.edge_area / nullif(v.tot_area, 0) > 0.1, false))"
            + " FROM desi.v2_void v JOIN desi.catalog c USING (catalog_id) JOIN desi.void_catalog vc USING (catalog_id)"
            + " WHERE ($1::text IS NULL OR c.name = $1) AND ($2::int IS NULL OR v.void_id = $2)"
            + " ORDER BY 1, 4";

    private final Pool pool;
    private final Map<Double, Cosmology> cosmologies = new HashMap<>();

    public VoidRepository(Pool pool) {
        this.pool = pool;
    }

    /** The void catalog's id and algorithm, or a 404 (400 when the name is a catalog of another kind). */
    public Uni<Row> requireVoidCatalog(String name) {
        return pool.preparedQuery("SELECT c.catalog_id, c.kind, vc.algorithm, vc.omega_m FROM desi.catalog c"
                + " LEFT JOIN desi.void_catalog vc USING (catalog_id) WHERE c.name = $1").execute(Tuple.of(name))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiProblemException.notFound("no void catalog named '" + name + "'; GET /api/v1/catalogs"
                                + " lists the catalogs (kind voidfinder or v2)");
                    }
                    Row r = rows.iterator().next();
                    if (r.getString("algorithm") == null) {
                        throw ApiProblemException.badRequest("catalog '" + name + "' is a " + r.getString("kind")
                                + " catalog, not a void catalog (voidfinder or v2)");
                    }
                    return r;
                });
    }

    /** The void catalog with its cosmology, limits and source file, or a 404 (400 for another kind). */
    public Uni<VoidCatalogInfo> requireDetails(String name) {
        return requireVoidCatalog(name).flatMap(r -> pool.preparedQuery("SELECT vc.hubble_h, vc.z_min, vc.z_max,"
                + " vc.d_min_mpc_per_h, vc.d_max_mpc_per_h, vc.mag_limit, f.file_name, f.sha256, f.loaded_at::text"
                + " FROM desi.void_catalog vc LEFT JOIN desi.catalog_source_file f USING (catalog_id)"
                + " WHERE vc.catalog_id = $1").execute(Tuple.of(r.getInteger("catalog_id"))).map(rows -> {
                    Row d = rows.iterator().next();
                    return new VoidCatalogInfo(r.getInteger("catalog_id"), name, r.getString("algorithm"),
                            r.getDouble("omega_m"), d.getDouble(0), number(d, 1), number(d, 2), number(d, 3), number(d, 4),
                            number(d, 5), d.getString(6), d.getString(7), d.getString(8));
                }));
    }

    private static double number(Row r, int i) {
        Double v = r.getDouble(i);
        return v == null ? Double.NaN : v;
    }

    private static final String V2_EDGE = "(coalesce(v.edge = 1, false) OR coalesce(v.edge_area / nullif(v.tot_area, 0)"
            + " > 0.1, false))";
    // one table, its primary key (catalog_id, void_id) in order: the planner stops after LIMIT rows
    private static final String VF_AFTER = "SELECT $5::text AS name, $6::text AS algorithm, $7::float8 AS omega_m,"
            + " v.void_id, v.x, v.y, v.z, v.ra, v.dec, NULL::float8 AS redshift, coalesce(v.r_eff, v.radius) AS r_eff,"
            + " v.radius AS radius, v.edge <> 0 AS edge FROM desi.voidfinder_void v WHERE v.catalog_id = $1"
            + " AND v.void_id > $2 AND ($3::boolean IS NULL OR (v.edge <> 0) = $3) ORDER BY v.catalog_id, v.void_id LIMIT $4";
    private static final String V2_AFTER = "SELECT $5::text AS name, $6::text AS algorithm, $7::float8 AS omega_m,"
            + " v.void_id, v.x, v.y, v.z, v.ra, v.dec, v.redshift, v.radius AS r_eff, v.radius AS radius, " + V2_EDGE
            + " AS edge FROM desi.v2_void v WHERE v.catalog_id = $1 AND v.void_id > $2"
            + " AND ($3::boolean IS NULL OR " + V2_EDGE + " = $3) ORDER BY v.catalog_id, v.void_id LIMIT $4";

    /**
     * Up to {@code limit} voids after (afterCatalog, afterVoidId) in (catalog name, void id) order,
     * edge voids only / interior only when {@code edge} is not null. Each catalog is read by its
     * primary key from the keyset on, so a page costs what it shows, never a whole catalog.
     */
    public Uni<List<Map<String, Object>>> voidsAfter(String catalog, String afterCatalog, long afterVoidId, Boolean edge,
                                                     int limit) {
        return pool.preparedQuery("SELECT c.catalog_id, c.name, vc.algorithm, vc.omega_m FROM desi.catalog c JOIN desi.void_catalog vc"
                        + " USING (catalog_id) WHERE ($1::text IS NULL OR c.name = $1) AND c.name >= $2 ORDER BY c.name")
                .execute(Tuple.of(catalog, afterCatalog)).flatMap(rows -> {
                    List<Row> catalogs = new ArrayList<>();
                    rows.forEach(catalogs::add);
                    return collect(catalogs, 0, afterCatalog, afterVoidId, edge, limit, new ArrayList<>());
                });
    }

    private Uni<List<Map<String, Object>>> collect(List<Row> catalogs, int i, String afterCatalog, long afterVoidId,
                                                   Boolean edge, int limit, List<Map<String, Object>> out) {
        if (i >= catalogs.size() || out.size() >= limit) {
            return Uni.createFrom().item(out);
        }
        Row c = catalogs.get(i);
        long from = c.getString("name").equals(afterCatalog) ? afterVoidId : Long.MIN_VALUE;
        String sql = "VoidFinder".equals(c.getString("algorithm")) ? VF_AFTER : V2_AFTER;
        int after = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, from));
        return pool.preparedQuery(sql).execute(Tuple.tuple(java.util.Arrays.asList(c.getInteger("catalog_id"), after,
                        edge, limit - out.size(), c.getString("name"), c.getString("algorithm"), c.getDouble("omega_m"))))
                .flatMap(rows -> {
                    for (Row r : rows) {
                        out.add(toMap(r));
                    }
                    return collect(catalogs, i + 1, afterCatalog, afterVoidId, edge, limit, out);
                });
    }

    /** Voids, ordered by (catalog, void id); {@code voidId} null for all. */
    public Uni<List<Map<String, Object>>> voids(String catalog, Integer voidId) {
        return pool.preparedQuery(VOIDS).execute(Tuple.of(catalog, voidId)).map(rows -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(toMap(r));
            }
            return out;
        });
    }

    private Map<String, Object> toMap(Row r) {
        double x = r.getDouble("x");
        double y = r.getDouble("y");
        double z = r.getDouble("z");
        double distance = Math.sqrt(x * x + y * y + z * z);
        Double redshift = r.getDouble("redshift");
        if (redshift == null) {
            Cosmology c;
            synchronized (cosmologies) {
                c = cosmologies.computeIfAbsent(r.getDouble("omega_m"), Cosmology::new);
            }
            redshift = c.redshiftAt(distance);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("voidCatalog", r.getString("name"));
        m.put("algorithm", r.getString("algorithm"));
        m.put("voidId", r.getInteger("void_id"));
        m.put("xMpcPerH", x);
        m.put("yMpcPerH", y);
        m.put("zMpcPerH", z);
        m.put("distanceMpcPerH", distance);
        m.put("redshift", redshift);
        m.put("ra", r.getDouble("ra"));
        m.put("dec", r.getDouble("dec"));
        m.put("rEffMpcPerH", r.getDouble("r_eff"));
        m.put("radiusMpcPerH", r.getDouble("radius"));
        m.put("edge", r.getBoolean("edge"));
        return m;
    }

    /** Holes (VoidFinder) or zones (V2) of one void. */
    public Uni<List<Map<String, Object>>> parts(int catalogId, String algorithm, int voidId) {
        boolean vf = algorithm.equals("VoidFinder");
        String sql = vf ? "SELECT hole_id, x, y, z, radius FROM desi.voidfinder_hole WHERE catalog_id = $1 AND void_id = $2"
                + " ORDER BY hole_id"
                : "SELECT z.zone_id, z.void1, (SELECT count(*) FROM desi.v2_galaxy_zone g WHERE g.catalog_id = z.catalog_id"
                + " AND g.zone_id = z.zone_id) AS galaxies FROM desi.v2_zone z WHERE z.catalog_id = $1 AND z.void0 = $2"
                + " ORDER BY z.zone_id";
        return pool.preparedQuery(sql).execute(Tuple.of(catalogId, voidId)).map(rows -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (vf) {
                    m.put("holeId", r.getInteger(0));
                    m.put("xMpcPerH", r.getDouble(1));
                    m.put("yMpcPerH", r.getDouble(2));
                    m.put("zMpcPerH", r.getDouble(3));
                    m.put("radiusMpcPerH", r.getDouble(4));
                } else {
                    m.put("zone", r.getInteger(0));
                    m.put("largestVoid", r.getInteger(1));
                    m.put("tracerGalaxies", r.getLong(2));
                }
                out.add(m);
            }
            return out;
        });
    }

    /**
     * Galaxies whose void this is, per galaxy catalog and environment: inside it (void, edge_void), or
     * in no void with this one the nearest (wall, edge).
     */
    public Uni<List<Map<String, Object>>> memberCounts(int voidCatalogId, int voidId) {
        return pool.preparedQuery("SELECT c.name, e.environment, count(*) FROM desi.galaxy_environment e JOIN desi.catalog c"
                        + " ON c.catalog_id = e.galaxy_catalog_id WHERE e.void_catalog_id = $1 AND e.void_id = $2"
                        + " GROUP BY 1, 2 ORDER BY 1, 2")
                .execute(Tuple.of(voidCatalogId, voidId)).map(rows -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(Map.of("galaxies", r.getString(0), "environment", r.getString(1), "count", r.getLong(2)));
                    }
                    return out;
                });
    }
}

package org.desi.catalogs.query.rest;

import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.query.repository.CatalogRepository;
import org.desi.catalogs.query.repository.VoidRepository;
import org.desi.catalogs.query.search.Cursor;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Voids of the DESIVAST catalogs, one void with its holes or zones, and the galaxies placed in it. */
@Path("/api/v1/voids")
@Produces(MediaType.APPLICATION_JSON)
public class VoidResource {

    private final VoidRepository voids;
    private final CatalogRepository catalogs;
    private final Pool pool;
    private final QuerySettings settings;

    public VoidResource(VoidRepository voids, CatalogRepository catalogs, Pool pool, QuerySettings settings) {
        this.voids = voids;
        this.catalogs = catalogs;
        this.pool = pool;
        this.settings = settings;
    }

    @GET
    @Operation(summary = "Voids, ordered by (void catalog, void id), with keyset paging")
    public Uni<Map<String, Object>> list(
            @Parameter(description = "Void catalog name (default: every void catalog)") @QueryParam("catalog") String catalog,
            @Parameter(description = "true: edge voids only; false: interior voids only") @QueryParam("edge") String edge,
            @Parameter(description = "Smallest redshift of the void centre, 0..10") @QueryParam("zmin") String zmin,
            @Parameter(description = "Largest redshift of the void centre, 0..10") @QueryParam("zmax") String zmax,
            @Parameter(description = "Voids per page, 1..DESI_QUERY_MAX_LIMIT; default 100") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        Boolean edgeWanted = edge == null || edge.isBlank() ? null : switch (edge.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw ApiProblemException.badRequest("edge must be true or false, got '" + edge + "'");
        };
        double zLow = zmin == null || zmin.isBlank() ? 0 : QueryParams.number("zmin", zmin, 0, 10, false, null);
        double zHigh = zmax == null || zmax.isBlank() ? 10 : QueryParams.number("zmax", zmax, 0, 10, false, null);
        if (zLow > zHigh) {
            throw ApiProblemException.badRequest("zmin (" + zmin + ") must not exceed zmax (" + zmax + ")");
        }
        int n = QueryParams.integer("limit", limit, 1, settings.maxLimit(), settings.defaultLimit());
        String fingerprint = catalog + "|" + edgeWanted + "|" + zLow + "|" + zHigh;
        Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor, fingerprint, 2);
        Uni<?> check = catalog == null ? Uni.createFrom().item(1) : voids.requireVoidCatalog(catalog);
        String startCatalog = after == null ? "" : (String) after.key().get(0);
        long startId = after == null ? Long.MIN_VALUE : ((Number) after.key().get(1)).longValue();
        List<Map<String, Object>> page = new ArrayList<>();
        return check.flatMap(ignored -> fill(catalog, edgeWanted, zLow, zHigh, n, startCatalog, startId, page))
                .map(truncated -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("count", page.size());
                    body.put("truncated", truncated);
                    body.put("nextCursor", truncated ? new Cursor(List.of(page.get(page.size() - 1).get("voidCatalog"),
                            ((Integer) page.get(page.size() - 1).get("voidId")).longValue()), fingerprint).encode() : null);
                    body.put("voids", page);
                    return body;
                });
    }

    /**
     * Fills {@code page} with up to n voids after the keyset, reading batches from PostgreSQL (edge and
     * keyset there; the redshift of a VoidFinder centre comes from its cosmology, so that filter is
     * here); true when more voids follow. A page reads about what it shows, never the whole catalog.
     */
    private Uni<Boolean> fill(String catalog, Boolean edge, double zLow, double zHigh, int n, String afterCatalog,
                              long afterId, List<Map<String, Object>> page) {
        int batch = Math.max(n + 1, 256);
        return voids.voidsAfter(catalog, afterCatalog, afterId, edge, batch).flatMap(rows -> {
            for (Map<String, Object> v : rows) {
                double z = (Double) v.get("redshift");
                if (z < zLow || z > zHigh) {
                    continue;
                }
                if (page.size() == n) {
                    return Uni.createFrom().item(true);
                }
                page.add(v);
            }
            if (rows.size() < batch) {
                return Uni.createFrom().item(false);
            }
            Map<String, Object> last = rows.get(rows.size() - 1);
            return fill(catalog, edge, zLow, zHigh, n, (String) last.get("voidCatalog"),
                    ((Integer) last.get("voidId")).longValue(), page);
        });
    }

    @GET
    @Path("/{voidCatalog}/{voidId}")
    @Operation(summary = "One void with its holes (VoidFinder) or zones (V2) and the galaxies placed in it, or 404")
    public Uni<Map<String, Object>> one(@PathParam("voidCatalog") String voidCatalog, @PathParam("voidId") String voidId) {
        int id = voidId(voidId);
        return voids.requireVoidCatalog(voidCatalog).flatMap(cat -> voids.voids(voidCatalog, id).flatMap(found -> {
            if (found.isEmpty()) {
                throw ApiProblemException.notFound("void catalog " + voidCatalog + " has no void " + id);
            }
            Map<String, Object> v = new LinkedHashMap<>(found.get(0));
            String algorithm = cat.getString("algorithm");
            return Uni.combine().all().unis(voids.parts(cat.getInteger("catalog_id"), algorithm, id),
                            voids.memberCounts(cat.getInteger("catalog_id"), id)).asTuple()
                    .map(t -> {
                        v.put("omegaM", cat.getDouble("omega_m"));
                        v.put(algorithm.equals("VoidFinder") ? "holes" : "zones", t.getItem1());
                        v.put("members", t.getItem2());
                        return v;
                    });
        }));
    }

    @GET
    @Path("/{voidCatalog}/{voidId}/galaxies")
    @Operation(summary = "Galaxies of a catalog placed inside this void (environment void or edge_void, by a voids"
            + " cross-match job), keyset-paged by id")
    public Uni<Map<String, Object>> galaxies(@PathParam("voidCatalog") String voidCatalog,
            @PathParam("voidId") String voidId,
            @Parameter(description = "Galaxy catalog whose environments were computed against this void catalog", required = true)
            @QueryParam("galaxies") String galaxies,
            @Parameter(description = "Rows per page, 1..DESI_QUERY_MAX_LIMIT; default 100") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int id = voidId(voidId);
        if (galaxies == null || galaxies.isBlank()) {
            throw ApiProblemException.badRequest("galaxies is required: the galaxy catalog placed in " + voidCatalog);
        }
        int n = QueryParams.integer("limit", limit, 1, settings.maxLimit(), settings.defaultLimit());
        String fingerprint = voidCatalog + "|" + id + "|" + galaxies;
        Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor, fingerprint, 1);
        return voids.requireVoidCatalog(voidCatalog).flatMap(vc -> catalogs.requireForQuery(galaxies).flatMap(g -> {
            String sql = memberSql(g);
            List<Object> p = new ArrayList<>(List.of(g.catalogId(), vc.getInteger("catalog_id"), id,
                    after == null ? Long.MIN_VALUE : ((Number) after.key().get(0)).longValue(), n + 1));
            return pool.preparedQuery(sql).execute(Tuple.from(p)).map(rows -> {
                List<Map<String, Object>> page = new ArrayList<>();
                boolean truncated = false;
                for (Row r : rows) {
                    if (page.size() == n) {
                        truncated = true;
                        break;
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < r.size(); i++) {
                        m.put(r.getColumnName(i), r.getValue(i));
                    }
                    page.add(m);
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("voidCatalog", voidCatalog);
                body.put("voidId", id);
                body.put("galaxies", galaxies);
                body.put("count", page.size());
                body.put("truncated", truncated);
                body.put("nextCursor", truncated ? new Cursor(List.of(((Number) page.get(page.size() - 1)
                        .get("id")).longValue()), fingerprint).encode() : null);
                body.put("rows", page);
                return body;
            });
        }));
    }

    /** Member galaxies joined with their catalog's positions (and science columns the catalog has). */
    static String memberSql(CatalogInfo g) {
        StringBuilder cols = new StringBuilder("e.object_id AS id, g." + quote(g.raColumn()) + " AS ra, g."
                + quote(g.decColumn()) + " AS dec");
        if (g.zColumn() != null) {
            cols.append(", g.").append(quote(g.zColumn())).append(" AS z");
        }
        for (String science : List.of("logmstar", "sfr", "dn4000")) {
            if (g.column(science) != null) {
                cols.append(", g.").append(quote(science));
            }
        }
        cols.append(", e.environment, e.distance_mpc_per_h, e.r_over_reff");
        return "SELECT " + cols + " FROM desi.galaxy_environment e JOIN " + g.tableName() + " g ON g."
                + quote(g.idColumn()) + " = e.object_id" + (g.sharedTable() ? " AND g.catalog_id = $1" : "")
                + " WHERE e.galaxy_catalog_id = $1 AND e.void_catalog_id = $2 AND e.void_id = $3"
                + " AND e.environment IN ('void', 'edge_void') AND e.object_id > $4"
                + " ORDER BY e.object_id LIMIT $5";
    }

    static int voidId(String voidId) {
        long v = QueryParams.id("voidId", voidId);
        if (v > Integer.MAX_VALUE) {
            throw ApiProblemException.badRequest("voidId must be in [0, " + Integer.MAX_VALUE + "], got " + voidId);
        }
        return (int) v;
    }
}

package org.desi.catalogs.query.rest;

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
import java.util.Map;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Where one galaxy lives, in every void catalog it was placed against. */
@Path("/api/v1/galaxies/{targetid}/environment")
@Produces(MediaType.APPLICATION_JSON)
public class GalaxyEnvironmentResource {

    private final Pool pool;

    public GalaxyEnvironmentResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "Environment (void, wall, edge_void, edge, outside) of a galaxy per void catalog, or 404",
            description = "voidId, distanceMpcPerH [Mpc/h] and rOverReff refer to the void containing the galaxy"
                    + " (void, edge_void) or, for wall and edge galaxies, to the void whose centre is nearest"
                    + " (insideVoid tells which); null for outside")
    public Uni<Map<String, Object>> environment(
            @Parameter(description = "DESI TARGETID (or the galaxy catalog's integer id)") @PathParam("targetid") String targetid,
            @Parameter(description = "Only this galaxy catalog (default: all)") @QueryParam("galaxies") String galaxies) {
        long id = QueryParams.id("targetid", targetid);
        return pool.preparedQuery("SELECT g.name, v.name, vc.algorithm, e.environment, e.void_id, e.distance_mpc_per_h,"
                        + " e.r_over_reff, e.job_id FROM desi.galaxy_environment e"
                        + " JOIN desi.catalog g ON g.catalog_id = e.galaxy_catalog_id"
                        + " JOIN desi.catalog v ON v.catalog_id = e.void_catalog_id"
                        + " JOIN desi.void_catalog vc ON vc.catalog_id = e.void_catalog_id"
                        + " WHERE e.object_id = $1 AND ($2::text IS NULL OR g.name = $2) ORDER BY g.name, v.name")
                .execute(Tuple.of(id, galaxies)).map(rows -> {
                    List<Map<String, Object>> envs = new ArrayList<>();
                    for (Row r : rows) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("galaxies", r.getString(0));
                        m.put("voidCatalog", r.getString(1));
                        m.put("algorithm", r.getString(2));
                        m.put("environment", r.getString(3));
                        m.put("insideVoid", r.getString(3).equals("void") || r.getString(3).equals("edge_void"));
                        m.put("voidId", r.getInteger(4));
                        m.put("distanceMpcPerH", r.getDouble(5));
                        m.put("rOverReff", r.getDouble(6));
                        m.put("jobId", r.getLong(7));
                        envs.add(m);
                    }
                    if (envs.isEmpty()) {
                        throw ApiProblemException.notFound("no environment for galaxy " + id
                                + (galaxies == null ? "" : " in catalog " + galaxies)
                                + ": submit a voids cross-match job (POST /api/v1/crossmatch/jobs on crossmatch-service)");
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("targetid", id);
                    body.put("environments", envs);
                    return body;
                });
    }
}

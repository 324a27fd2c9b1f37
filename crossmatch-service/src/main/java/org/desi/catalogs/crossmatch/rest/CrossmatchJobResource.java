package org.desi.catalogs.crossmatch.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/**
 * Cross-match jobs. Reading jobs works on the schema; running them needs the match engines and the
 * partition workers (issue C), so submission answers 501 until they exist rather than pretending.
 */
@Path("/api/v1/crossmatch/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class CrossmatchJobResource {

    private static final String COLUMNS = "job_id, type, status, radius_arcsec, mode, partitions_total,"
            + " partitions_done, pairs, error, created_at::text, started_at::text, finished_at::text";

    private final Pool pool;
    private final MeterRegistry metrics;

    public CrossmatchJobResource(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a cross-match job (not available yet: answers 501)")
    public Map<String, Object> submit(Map<String, Object> body) {
        metrics.counter("desi.crossmatch.jobs.refused", "reason", "not_implemented").increment();
        throw new ApiProblemException(501, "cross-match engines are not implemented in this build yet (issue C);"
                + " no job was created");
    }

    @GET
    @Operation(summary = "Cross-match jobs, newest first")
    public Uni<List<Map<String, Object>>> list(@QueryParam("limit") String limit) {
        int n = QueryParams.integer("limit", limit, 1, 1000, 100);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM desi.crossmatch_job ORDER BY job_id DESC LIMIT $1")
                .execute(Tuple.of(n)).map(rows -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(map(r));
                    }
                    metrics.counter("desi.crossmatch.jobs.listed").increment();
                    return out;
                });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One cross-match job, or 404")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        long jobId = QueryParams.id("id", id);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM desi.crossmatch_job WHERE job_id = $1")
                .execute(Tuple.of(jobId)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiProblemException.notFound("no cross-match job " + id);
                    }
                    return map(rows.iterator().next());
                });
    }

    private static Map<String, Object> map(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.getLong("job_id"));
        m.put("type", r.getString("type"));
        m.put("status", r.getString("status"));
        m.put("radiusArcsec", r.getDouble("radius_arcsec"));
        m.put("mode", r.getString("mode"));
        m.put("partitionsTotal", r.getInteger("partitions_total"));
        m.put("partitionsDone", r.getInteger("partitions_done"));
        m.put("pairs", r.getLong("pairs"));
        m.put("error", r.getString("error"));
        m.put("createdAt", r.getString("created_at"));
        m.put("startedAt", r.getString("started_at"));
        m.put("finishedAt", r.getString("finished_at"));
        return m;
    }
}

package org.desi.catalogs.crossmatch.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.desi.catalogs.crossmatch.job.CrossmatchRequest;
import org.desi.catalogs.crossmatch.job.JobPlanner;
import org.desi.catalogs.service.job.JobFinishedSignals;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;
import org.desi.catalogs.service.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** Cross-match jobs: submit, follow, list, cancel. Workers (any replica) run the partitions. */
@Path("/api/v1/crossmatch/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class CrossmatchJobResource {

    private static final String FROM = " FROM desi.crossmatch_job j JOIN desi.catalog l ON l.catalog_id = j.left_catalog_id"
            + " JOIN desi.catalog r ON r.catalog_id = j.right_catalog_id";

    private final Pool pool;
    private final JobPlanner planner;
    private final MeterRegistry metrics;

    private final SecurityIdentity identity;
    private final org.desi.catalogs.crossmatch.worker.PartitionWorker worker;
    private final JobFinishedSignals finished;

    public CrossmatchJobResource(Pool pool, JobPlanner planner, MeterRegistry metrics, SecurityIdentity identity,
                                 org.desi.catalogs.crossmatch.worker.PartitionWorker worker, JobFinishedSignals finished) {
        this.finished = finished;
        this.pool = pool;
        this.planner = planner;
        this.metrics = metrics;
        this.identity = identity;
        this.worker = worker;
    }

    @POST
    @RolesAllowed({Roles.CROSSMATCH, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Submit a cross-match job",
            description = "{\"type\":\"sky\",\"left\":\"<catalog>\",\"right\":\"<catalog>\",\"radiusArcsec\":1.0,"
                    + "\"mode\":\"all|best\"} (radius 0.01 to 3600 arcsec) or {\"type\":\"voids\",\"galaxies\":"
                    + "\"<catalog with redshifts>\",\"voids\":\"<voidfinder or v2 catalog>\",\"v2Rule\":"
                    + "\"nearest-tracer|effective-sphere\"} (v2Rule for V2 catalogs only; default nearest-tracer, VAST's"
                    + " rule: a galaxy takes the zone of its nearest tracer). Answers 202 with"
                    + " Location: /api/v1/crossmatch/jobs/{id}.")
    public Response submit(@RequestBody CrossmatchRequest request) throws SQLException {
        if (request == null) {
            throw ApiProblemException.badRequest("a JSON body is required: {\"type\": \"sky\"|\"voids\", ...}");
        }
        long id = planner.create(request, identity.getPrincipal().getName());
        worker.wake();   // this replica's idle workers start now, not at their next poll
        metrics.counter("desi.crossmatch.jobs.submitted", "type", request.normalisedType()).increment();
        CrossmatchJob job = read(id).await().indefinitely();
        return Response.status(202).location(URI.create("/api/v1/crossmatch/jobs/" + id)).entity(job).build();
    }

    @GET
    @Operation(summary = "Cross-match jobs, newest first")
    public Uni<List<CrossmatchJob>> list(@QueryParam("limit") String limit) {
        int n = QueryParams.integer("limit", limit, 1, 1000, 100);
        return pool.preparedQuery("SELECT " + CrossmatchJob.COLUMNS + FROM + " ORDER BY j.job_id DESC LIMIT $1")
                .execute(Tuple.of(n)).map(rows -> {
                    List<CrossmatchJob> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(CrossmatchJob.of(r));
                    }
                    metrics.counter("desi.crossmatch.jobs.listed").increment();
                    return out;
                });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One cross-match job with its progress, or 404; with waitSeconds, once it has finished")
    public Uni<CrossmatchJob> get(@PathParam("id") String id,
                                  @Parameter(description = JobFinishedSignals.WAIT_DESCRIPTION)
                                  @QueryParam(JobFinishedSignals.WAIT_PARAMETER) String waitSeconds) {
        long jobId = QueryParams.id("id", id);
        return finished.whenFinished("crossmatch", jobId, JobFinishedSignals.requestedWait(waitSeconds),
                () -> read(jobId), j -> !j.status().equals("QUEUED") && !j.status().equals("RUNNING"));
    }

    private Uni<CrossmatchJob> read(long jobId) {
        return pool.preparedQuery("SELECT " + CrossmatchJob.COLUMNS + FROM + " WHERE j.job_id = $1")
                .execute(Tuple.of(jobId)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiProblemException.notFound("no cross-match job " + jobId);
                    }
                    return CrossmatchJob.of(rows.iterator().next());
                });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.CROSSMATCH, Roles.ADMIN})
    @Operation(summary = "Cancel a queued or running job (partitions already committed stay; the rest are not run)")
    public Uni<CrossmatchJob> cancel(@PathParam("id") String id) {
        long jobId = QueryParams.id("id", id);
        return pool.preparedQuery("UPDATE desi.crossmatch_job SET status = 'CANCELLED', error = 'cancelled by request',"
                        + " finished_at = clock_timestamp() WHERE job_id = $1 AND status IN ('QUEUED', 'RUNNING')")
                .execute(Tuple.of(jobId)).flatMap(ignored -> read(jobId));
    }
}

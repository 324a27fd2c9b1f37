package org.desi.catalogs.ingest.rest;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.desi.catalogs.ingest.job.ArrivingUpload;
import org.desi.catalogs.ingest.job.IngestJob;
import org.desi.catalogs.ingest.job.IngestJobs;
import org.desi.catalogs.ingest.job.IngestRequest;
import org.desi.catalogs.ingest.job.IngestSettings;
import org.desi.catalogs.ingest.job.IngestWorker;
import org.desi.catalogs.ingest.job.Profile;
import org.desi.catalogs.ingest.job.UploadWriter;
import org.desi.catalogs.service.job.JobFinishedSignals;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.problem.Problem;
import org.jboss.logging.Logger;
import org.desi.catalogs.service.rest.QueryParams;
import org.desi.catalogs.service.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The ingest jobs API: submit a file under the data directory or upload one, follow, cancel, read rejects. */
@Path("/api/v1/ingest")
@Produces(MediaType.APPLICATION_JSON)
public class IngestJobResource {

    private static final Logger LOG = Logger.getLogger(IngestJobResource.class);

    private static final int MAX_PAGE = 1000;

    private final IngestJobs jobs;
    private final IngestWorker worker;
    private final IngestSettings settings;

    private final SecurityIdentity identity;
    private final JobFinishedSignals finished;

    public IngestJobResource(IngestJobs jobs, IngestWorker worker, IngestSettings settings, SecurityIdentity identity,
                             JobFinishedSignals finished) {
        this.finished = finished;
        this.jobs = jobs;
        this.worker = worker;
        this.settings = settings;
        this.identity = identity;
    }

    @POST
    @Path("/jobs")
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Load a FITS file under the data directory into a catalog",
            description = "202 with the new job at once (the worker hashes the file while loading it); 200 with the"
                    + " earlier job when the same file (path, size and modification time) was already loaded or"
                    + " queued for the same catalog and profile. A copy of bytes already loaded (same SHA-256) under"
                    + " another name fails at commit naming the earlier job, and loads nothing.")
    public Uni<Response> submit(IngestRequest request) {
        if (request == null) {
            throw ApiProblemException.badRequest("a JSON body {source, profile, catalog, options} is required");
        }
        Profile profile = request.validate();
        requireSupported(profile);
        java.nio.file.Path file = worker.dataDirectory().resolve(request.source());
        String source = worker.dataDirectory().relativize(file);
        long size;
        java.time.OffsetDateTime mtime;
        try {
            size = Files.size(file);
            // microseconds: what a timestamptz keeps
            mtime = Files.getLastModifiedTime(file).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS)
                    .atOffset(java.time.ZoneOffset.UTC);
        } catch (IOException e) {
            throw new ApiProblemException(400, "cannot read source '" + source + "': " + e.getMessage(), e);
        }
        String submittedBy = identity.getPrincipal().getName();
        return respond(jobs.submitUnhashed(request, profile, source, size, mtime, submittedBy), source);
    }

    @POST
    @Path("/uploads")
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    @Consumes({"application/fits", "image/fits", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Upload a FITS file (streamed to the data directory) and load it")
    @RequestBody(required = true, description = "the FITS file", content = {
            @Content(mediaType = "application/fits", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/fits", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Uni<Response> upload(@Context HttpServerRequest http,
                                @Parameter(description = "fastspecfit, voidfinder, v2 or generic") @QueryParam("profile") String profile,
                                @Parameter(description = "target catalog, [a-z][a-z0-9_]{0,62}") @QueryParam("catalog") String catalog,
                                @QueryParam("hdu") String hdu, @QueryParam("idColumn") String idColumn,
                                @QueryParam("raColumn") String raColumn, @QueryParam("decColumn") String decColumn,
                                @QueryParam("zColumn") String zColumn,
                                @Parameter(description = "v2 only: REVOLVER, VIDE or ZOBOV") @QueryParam("algorithm") String algorithm) {
        Map<String, String> options = new HashMap<>();
        putIfPresent(options, "hdu", hdu);
        putIfPresent(options, "idColumn", idColumn);
        putIfPresent(options, "raColumn", raColumn);
        putIfPresent(options, "decColumn", decColumn);
        putIfPresent(options, "zColumn", zColumn);
        putIfPresent(options, "algorithm", algorithm);
        String relative = "uploads/" + UUID.randomUUID() + ".fits";
        IngestRequest request = new IngestRequest(relative, profile, catalog, options);
        Profile p = request.validate();
        requireSupported(p);
        String submittedBy = identity.getPrincipal().getName();
        // on the event loop, before it returns: the body is queued from here on, read on a worker thread
        QueuedRequestBody body = QueuedRequestBody.start(http, settings.uploadQueueBytes(),
                settings.uploadQueueBytes() / 4, settings.uploadIdleTimeoutSeconds() * 1000L);
        return Uni.createFrom().deferred(() -> {
                    try (body) {
                        return store(body, request, p, relative, submittedBy);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                // also when the worker pool refuses the task or the client goes first: the body must not
                // stay paused with its queue held (closing twice is harmless)
                .onTermination().invoke(body::close);
    }

    private Uni<Response> store(InputStream body, IngestRequest request, Profile p, String relative,
                                String submittedBy) {
        java.nio.file.Path target = worker.dataDirectory().root().resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            if ((p == Profile.GENERIC || p == Profile.FASTSPECFIT) && settings.loadWhileReceiving()) {
                return loadWhileReceiving(body, request, p, relative, target, submittedBy);
            }
            java.nio.file.Path partial = target.resolveSibling(target.getFileName() + ".part");
            UploadWriter.Stored stored = UploadWriter.write(body, partial, settings.maxUploadBytes(), n -> { });
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            // hashed while it arrived: no second read of the file before answering
            return respond(jobs.submit(request, p, relative, relative, stored.sizeBytes(), stored.sha256(),
                    submittedBy), relative);
        } catch (QueuedRequestBody.ClientGone e) {
            // Nobody reads this answer. Thrown, it would reach the cancelled request as an error Mutiny logs as
            // dropped (ERROR, with a stack trace, for every client that gives up); the partial file and any job
            // for it are gone already.
            LOG.infof("upload to catalog %s abandoned by the client: %s", request.catalog(), e.getMessage());
            return Uni.createFrom().item(Problem.of(400, e.getMessage() + "; nothing was stored", null).toResponse());
        } catch (QueuedRequestBody.IdleTimeout e) {
            // the partial file and any job for it are gone already (as for a client that disconnects)
            throw new ApiProblemException(408, e.getMessage() + " (DESI_INGEST_UPLOAD_IDLE_TIMEOUT_SECONDS = "
                    + settings.uploadIdleTimeoutSeconds() + "): nothing was stored; send the file again", e);
        } catch (IOException e) {
            throw new ApiProblemException(500, "cannot store the upload: " + e.getMessage(), e);
        }
    }

    /**
     * Receives an upload while its job loads it: the job exists (RUNNING) from the first byte, the
     * load reads each part of the file once it is on disk, and the upload's SHA-256, known at its end,
     * decides idempotency before the load may commit (the same bytes loaded before: 200 with that job,
     * and this one disappears as if never submitted). A failed upload leaves no job and no rows.
     */
    private Uni<Response> loadWhileReceiving(InputStream body, IngestRequest request, Profile p, String relative,
                                             java.nio.file.Path target, String submittedBy) throws IOException {
        Files.createFile(target);   // the load opens it at once
        IngestJob job;
        try {
            job = jobs.createReceiving(request, p, relative, submittedBy, worker.workerId()).await().indefinitely();
        } catch (RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        ArrivingUpload upload = new ArrivingUpload(target);
        worker.loadWhileArriving(job, request.options(), upload);
        UploadWriter.Stored stored;
        try {
            stored = UploadWriter.write(body, target, settings.maxUploadBytes(), upload::arrived);
        } catch (IOException | RuntimeException e) {
            upload.abandon("the upload failed: " + e.getMessage());
            jobs.discard(job.id()).await().indefinitely();
            throw e;
        }
        IngestJob earlier = jobs.recordUpload(job.id(), stored.sizeBytes(), stored.sha256()).await().indefinitely();
        if (earlier != null) {
            upload.abandon("the same bytes were loaded into " + earlier.catalog() + " by job " + earlier.id());
            jobs.discard(job.id()).await().indefinitely();
            if (!settings.keepUploads()) {
                worker.removeUpload(relative);
            }
            return Uni.createFrom().item(Response.ok(earlier)
                    .location(URI.create("/api/v1/ingest/jobs/" + earlier.id())).build());
        }
        upload.complete(stored.sha256());
        return jobs.find(job.id()).map(j -> Response.status(202).location(URI.create("/api/v1/ingest/jobs/" + j.id()))
                .entity(j).build());
    }

    private Uni<Response> respond(Uni<IngestJobs.Submitted> submitted, String source) {
        return submitted
                .map(s -> {
                    if (!s.created() && !settings.keepUploads()) {
                        worker.removeUpload(source);   // the same bytes were loaded before: this copy is not needed
                    }
                    worker.wake();
                    URI location = URI.create("/api/v1/ingest/jobs/" + s.job().id());
                    return Response.status(s.created() ? 202 : 200).location(location).entity(s.job()).build();
                });
    }

    private void requireSupported(Profile p) {
        if (!worker.supports(p)) {
            throw new ApiProblemException(501, "profile " + p.id() + " is not available in this build");
        }
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v);
        }
    }

    @GET
    @Path("/jobs/{id}")
    @Operation(summary = "One ingest job with its progress; with waitSeconds, once it has finished")
    public Uni<IngestJob> get(@PathParam("id") String id,
                              @Parameter(description = JobFinishedSignals.WAIT_DESCRIPTION)
                              @QueryParam(JobFinishedSignals.WAIT_PARAMETER) String waitSeconds) {
        long jobId = QueryParams.id("id", id);
        return finished.whenFinished("ingest", jobId, JobFinishedSignals.requestedWait(waitSeconds),
                () -> jobs.find(jobId).map(j -> {
                    if (j == null) {
                        throw ApiProblemException.notFound("no ingest job " + jobId);
                    }
                    return j;
                }),
                j -> !j.status().equals("QUEUED") && !j.status().equals("RUNNING"));
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "Ingest jobs, newest first")
    public Uni<List<IngestJob>> list(
            @Parameter(description = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED") @QueryParam("status") String status,
            @Parameter(description = "page size, 1..1000 (default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "only jobs with a smaller id (paging)") @QueryParam("before") String before) {
        if (status != null && !List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED").contains(status)) {
            throw ApiProblemException.badRequest("status must be one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED");
        }
        return jobs.list(status, QueryParams.integer("limit", limit, 1, MAX_PAGE, 100), before == null ? Long.MAX_VALUE : QueryParams.id("before", before));
    }

    @DELETE
    @Path("/jobs/{id}")
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    @Operation(summary = "Cancel a queued or running job (a running load is rolled back, an uploaded file deleted)")
    public Uni<IngestJob> cancel(@PathParam("id") String id) {
        long jobId = QueryParams.id("id", id);
        return jobs.cancel(jobId).emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .map(j -> {
                    if (j == null) {
                        throw ApiProblemException.notFound("no ingest job " + jobId);
                    }
                    if (j.status().equals("CANCELLED") && !settings.keepUploads()) {
                        // a queued upload is never claimed now; a running load reads the file it has open
                        worker.removeUpload(j.source());
                    }
                    return j;
                });
    }

    @GET
    @Path("/jobs/{id}/rejects")
    @Operation(summary = "Rejected rows of a job with their reasons, in (HDU, row number) order")
    public Uni<List<IngestJobs.RejectedRow>> rejects(@PathParam("id") String id,
            @Parameter(description = "paging: the rows after HDU:ROW (the last row of the previous page, e.g."
                    + " GALZONE:120); a bare 1-based row number only for jobs whose rejects come from one HDU")
            @QueryParam("after") String after,
            @Parameter(description = "page size, 1..1000 (default 100)") @QueryParam("limit") String limit) {
        return jobs.rejects(QueryParams.id("id", id), after, QueryParams.integer("limit", limit, 1, MAX_PAGE, 100));
    }


}

package org.desi.catalogs.query.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.adql.AdqlException;
import org.desi.catalogs.query.adql.TapRequest;
import org.desi.catalogs.query.format.VoTableUploadReader;
import org.desi.catalogs.query.format.VoTableWriter;
import org.desi.catalogs.query.gateway.UploadUrlFetcher;
import org.desi.catalogs.query.search.TapMetrics;
import org.desi.catalogs.query.job.TapJob;
import org.desi.catalogs.query.job.TapJobExecutor;
import org.desi.catalogs.query.job.TapJobStore;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * TAP asynchronous queries as UWS 1.1 jobs: create (303 to the job), phase RUN/ABORT, results, error,
 * destruction, executionduration, quote, owner, parameters, delete, and the blocking WAIT poll.
 * Unknown job ids answer 404 with a VOTable error naming the id.
 */
@Path("/tap/async")
@Blocking   // small file reads and writes; a WAIT holds the request, not an event loop
public class TapAsyncResource {

    private static final String XML = "text/xml";
    /** Parameters that control the job rather than the query (RUNID is kept: UWS echoes it as runId). */
    private static final Set<String> JOB_CONTROL = Set.of("PHASE", "ACTION", "DESTRUCTION", "EXECUTIONDURATION",
            "WAIT");

    private final TapJobStore store;
    private final TapJobExecutor executor;
    private final QuerySettings settings;
    private final UploadUrlFetcher fetcher;
    private final TapMetrics metrics;

    public TapAsyncResource(TapJobStore store, TapJobExecutor executor, QuerySettings settings,
                            UploadUrlFetcher fetcher, TapMetrics metrics) {
        this.store = store;
        this.executor = executor;
        this.settings = settings;
        this.fetcher = fetcher;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Create an async TAP job (LANG, QUERY, MAXREC, RESPONSEFORMAT; PHASE=RUN starts it): 303 to it")
    public Response create(@Context UriInfo uri, MultivaluedMap<String, String> form) {
        return create(uri, TapUploads.withoutParts(TapRequest.parameters(form, uri.getQueryParameters())));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Create an async TAP job as multipart/form-data, with UPLOAD=name,param:part tables as parts"
            + " (VOTable; ADQL names them TAP_UPLOAD.name): 303 to it")
    public Response createMultipart(@Context UriInfo uri,
                                    org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput input) {
        return create(uri, TapUploads.of(input, uri.getQueryParameters()));
    }

    /**
     * A new job; its uploaded tables (parts, or fetched from their URLs now) are read once, so a bad one is
     * refused here rather than found when the job runs, and stored with the job.
     */
    private Response create(UriInfo uri, TapUploads request) {
        Map<String, String> all = request.parameters();
        Map<String, String> query = new HashMap<>(all);
        JOB_CONTROL.forEach(query::remove);
        if (all.containsKey("PHASE") && !all.get("PHASE").equalsIgnoreCase("RUN")) {
            return error(400, "PHASE on creation can only be RUN, got '" + all.get("PHASE") + "'");
        }
        try {
            TapJob job = request.withTables(TapRequest.uploads(all.get("UPLOAD")), settings.tapUploadMaxRows(), fetcher,
                    metrics, tables -> {
                        Map<String, VoTableUploadReader.Bytes> bytes = new java.util.LinkedHashMap<>();
                        tables.forEach((name, t) -> bytes.put(name, t.bytes()));
                        return executor.create(query, bytes, "RUN".equalsIgnoreCase(all.get("PHASE")));
                    });
            return seeOther(uri, job.jobId());
        } catch (AdqlException e) {
            return error(400, e.getMessage());
        }
    }

    @GET
    @Produces(XML)
    @Operation(summary = "The job list (UWS 1.1), oldest first; filters: PHASE (repeatable), AFTER (ISO-8601 instant:"
            + " created after it), LAST=n (the n most recently created, newest first)")
    public Response list(@Context UriInfo uri) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        Set<String> phases = new HashSet<>();
        for (String p : q.getOrDefault("PHASE", List.of())) {
            phases.add(p.toUpperCase(Locale.ROOT));
        }
        Instant after = null;
        if (q.getFirst("AFTER") != null) {
            try {
                after = OffsetDateTime.parse(q.getFirst("AFTER")).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    after = LocalDateTime.parse(q.getFirst("AFTER")).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    return error(400, "AFTER must be an ISO-8601 time such as 2026-11-30T12:00:00Z, got '"
                            + q.getFirst("AFTER") + "'");
                }
            }
        }
        Integer last = null;
        if (q.getFirst("LAST") != null) {
            try {
                last = Integer.parseInt(q.getFirst("LAST"));
            } catch (NumberFormatException e) {
                last = -1;
            }
            if (last < 1) {
                return error(400, "LAST must be a positive integer, got '" + q.getFirst("LAST") + "'");
            }
        }
        List<TapJob> jobs = new ArrayList<>();
        for (TapJob j : store.all()) {
            if ((phases.isEmpty() || phases.contains(j.phase())) && (after == null || j.creationTime().isAfter(after))) {
                jobs.add(j);
            }
        }
        jobs.sort(Comparator.comparing(TapJob::creationTime));
        if (last != null) {
            // UWS 1.1: LAST lists the most recent jobs, newest first
            Collections.reverse(jobs);
            jobs = jobs.subList(0, Math.min(last, jobs.size()));
        }
        StringBuilder s = new StringBuilder(head("jobs"));
        for (TapJob j : jobs) {
            s.append("  <uws:jobref id=\"").append(j.jobId()).append("\" xlink:href=\"")
                    .append(xml(jobUri(uri, j.jobId()).toString())).append("\">\n    <uws:phase>").append(j.phase())
                    .append("</uws:phase>\n    <uws:creationTime>").append(j.creationTime())
                    .append("</uws:creationTime>\n  </uws:jobref>\n");
        }
        return Response.ok(s.append("</uws:jobs>\n").toString(), XML).build();
    }

    @GET
    @Path("/{id}")
    @Produces(XML)
    @Operation(summary = "The job document (UWS 1.1); WAIT=s blocks up to s seconds while it is QUEUED or EXECUTING")
    public Response job(@PathParam("id") String id, @Context UriInfo uri) {
        TapJob job = require(id);
        String wait = uri.getQueryParameters().getFirst("WAIT");
        if (wait != null) {
            job = waitForChange(job, wait, uri.getQueryParameters().getFirst("PHASE"));
        }
        return Response.ok(jobXml(job, uri), XML).build();
    }

    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "ACTION=DELETE, PHASE=RUN|ABORT, DESTRUCTION, EXECUTIONDURATION or new query parameters")
    public Response update(@PathParam("id") String id, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        TapJob job = require(id);
        Map<String, String> p = TapRequest.parameters(form, uri.getQueryParameters());
        if ("DELETE".equalsIgnoreCase(p.get("ACTION"))) {
            executor.delete(job);
            return Response.seeOther(listUri(uri)).build();
        }
        if (p.containsKey("DESTRUCTION")) {
            job = setDestruction(job, p.get("DESTRUCTION"));
        }
        if (p.containsKey("EXECUTIONDURATION")) {
            job = setExecutionDuration(job, p.get("EXECUTIONDURATION"));
        }
        Map<String, String> query = new HashMap<>(p);
        JOB_CONTROL.forEach(query::remove);
        query.remove("ACTION");
        if (!query.isEmpty()) {
            if (!job.phase().equals(TapJob.PENDING)) {
                return error(409, "job " + id + " is " + job.phase() + ": parameters can change only while it is PENDING");
            }
            Map<String, String> merged = new HashMap<>(job.parameters());
            merged.putAll(query);
            job = job.withParameters(merged);
            store.save(job);
        }
        if (p.containsKey("PHASE")) {
            return phase(id, uri, p.get("PHASE"));
        }
        return seeOther(uri, id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete the job and its result: 303 to the job list")
    public Response delete(@PathParam("id") String id, @Context UriInfo uri) {
        executor.delete(require(id));
        return Response.seeOther(listUri(uri)).build();
    }

    @GET
    @Path("/{id}/phase")
    @Produces(MediaType.TEXT_PLAIN)
    public String phase(@PathParam("id") String id) {
        return require(id).phase();
    }

    @POST
    @Path("/{id}/phase")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "PHASE=RUN queues a PENDING job; PHASE=ABORT stops a queued or running one")
    public Response setPhase(@PathParam("id") String id, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        return phase(id, uri, TapRequest.parameters(form, uri.getQueryParameters()).get("PHASE"));
    }

    private Response phase(String id, UriInfo uri, String phase) {
        TapJob job = require(id);
        if ("RUN".equalsIgnoreCase(phase)) {
            if (job.phase().equals(TapJob.PENDING)) {
                executor.queue(job);
            } else if (!job.phase().equals(TapJob.QUEUED) && !job.phase().equals(TapJob.EXECUTING)) {
                return error(409, "job " + id + " is " + job.phase() + " and cannot run again; create a new job");
            }
        } else if ("ABORT".equalsIgnoreCase(phase)) {
            executor.abort(job);
        } else {
            return error(400, "PHASE must be RUN or ABORT, got '" + phase + "'");
        }
        return seeOther(uri, id);
    }

    @GET
    @Path("/{id}/results")
    @Produces(XML)
    public Response results(@PathParam("id") String id, @Context UriInfo uri) {
        TapJob job = require(id);
        return Response.ok(head("results") + resultsBody(job, uri, "  ") + "</uws:results>\n", XML).build();
    }

    @GET
    @Path("/{id}/results/result")
    @Produces({TapRequest.VOTABLE, "text/csv"})
    @Operation(summary = "The result table of a COMPLETED job")
    public Response result(@PathParam("id") String id) {
        TapJob job = require(id);
        if (!job.phase().equals(TapJob.COMPLETED) || !Files.isRegularFile(store.resultFile(id))) {
            return error(404, "job " + id + " is " + job.phase() + " and has no result"
                    + (job.phase().equals(TapJob.ERROR) ? "; its error is at /error" : ""));
        }
        return Response.ok(store.resultFile(id).toFile(), job.resultMediaType()).build();
    }

    @GET
    @Path("/{id}/error")
    @Produces(TapRequest.VOTABLE)
    @Operation(summary = "Why the job failed, as a VOTable QUERY_STATUS=ERROR document")
    public Response errorDocument(@PathParam("id") String id) {
        TapJob job = require(id);
        if (job.errorSummary() == null) {
            return error(404, "job " + id + " is " + job.phase() + " and has no error");
        }
        return Response.ok(VoTableWriter.error(job.errorSummary()), TapRequest.VOTABLE).build();
    }

    @GET
    @Path("/{id}/parameters")
    @Produces(XML)
    public Response parameters(@PathParam("id") String id) {
        return Response.ok(head("parameters") + parametersBody(require(id), "  ") + "</uws:parameters>\n", XML).build();
    }

    @POST
    @Path("/{id}/parameters")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Change query parameters of a PENDING job (UWS)")
    public Response setParameters(@PathParam("id") String id, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        return update(id, uri, form);
    }

    @GET
    @Path("/{id}/destruction")
    @Produces(MediaType.TEXT_PLAIN)
    public String destruction(@PathParam("id") String id) {
        return require(id).destruction().toString();
    }

    @POST
    @Path("/{id}/destruction")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setDestruction(@PathParam("id") String id, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        setDestruction(require(id), TapRequest.parameters(form, uri.getQueryParameters()).get("DESTRUCTION"));
        return seeOther(uri, id);
    }

    @GET
    @Path("/{id}/executionduration")
    @Produces(MediaType.TEXT_PLAIN)
    public String executionDuration(@PathParam("id") String id) {
        return Long.toString(require(id).executionDurationS());
    }

    @POST
    @Path("/{id}/executionduration")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setExecutionDuration(@PathParam("id") String id, @Context UriInfo uri,
                                         MultivaluedMap<String, String> form) {
        setExecutionDuration(require(id), TapRequest.parameters(form, uri.getQueryParameters()).get("EXECUTIONDURATION"));
        return seeOther(uri, id);
    }

    @GET
    @Path("/{id}/quote")
    @Produces(MediaType.TEXT_PLAIN)
    public String quote(@PathParam("id") String id) {
        require(id);
        return "";   // no estimate: UWS allows an empty quote
    }

    @GET
    @Path("/{id}/owner")
    @Produces(MediaType.TEXT_PLAIN)
    public String owner(@PathParam("id") String id) {
        require(id);
        return "";
    }

    // ---------------------------------------------------------------------------------------------

    private TapJob setDestruction(TapJob job, String value) {
        Instant at;
        try {
            at = Instant.parse(value == null ? "" : value.trim().endsWith("Z") || value.contains("+") ? value.trim()
                    : value.trim() + "Z");
        } catch (DateTimeParseException e) {
            throw new AdqlException("DESTRUCTION must be an ISO 8601 time such as 2026-12-31T00:00:00Z, got '" + value + "'");
        }
        Instant latest = job.creationTime().plusSeconds(3600L * settings.tapJobRetentionHours());
        TapJob updated = job.withDestruction(at.isAfter(latest) ? latest : at);   // UWS: the service may shorten it
        store.save(updated);
        return updated;
    }

    private TapJob setExecutionDuration(TapJob job, String value) {
        long s;
        try {
            s = Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new AdqlException("EXECUTIONDURATION must be whole seconds in [1, " + settings.tapMaxExecutionSeconds()
                    + "], got '" + value + "'");
        }
        if (!job.phase().equals(TapJob.PENDING)) {
            return job;
        }
        long granted = s <= 0 || s > settings.tapMaxExecutionSeconds() ? settings.tapMaxExecutionSeconds() : s;
        TapJob updated = job.withExecutionDuration(granted);
        store.save(updated);
        return updated;
    }

    private TapJob waitForChange(TapJob job, String waitText, String phaseFilter) {
        long waitS;
        try {
            waitS = Long.parseLong(waitText.trim());
        } catch (NumberFormatException e) {
            throw new AdqlException("WAIT must be whole seconds, got '" + waitText + "'");
        }
        long maxMs = (waitS < 0 ? 60 : Math.min(waitS, 60)) * 1000;   // -1: as long as the service allows
        String from = phaseFilter == null ? job.phase() : phaseFilter.toUpperCase(Locale.ROOT);
        if (!job.phase().equals(from) || job.finished() || job.phase().equals(TapJob.PENDING)) {
            return job;
        }
        long until = System.currentTimeMillis() + maxMs;
        while (System.currentTimeMillis() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            TapJob now = store.find(job.jobId()).orElse(job);
            if (!now.phase().equals(from)) {
                return now;
            }
        }
        return store.find(job.jobId()).orElse(job);
    }

    private TapJob require(String id) {
        return store.find(id).orElseThrow(() -> new TapJobNotFound(id));
    }

    /** An unknown job id: 404 with a VOTable error document naming it. */
    static final class TapJobNotFound extends RuntimeException {
        TapJobNotFound(String id) {
            super("no TAP job '" + id + "': it never existed, was deleted, or passed its destruction time"
                    + " (GET /tap/async lists the jobs)", null, false, false);
        }
    }

    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response notFound(TapJobNotFound e) {
        return error(404, e.getMessage());
    }

    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response badParameter(AdqlException e) {
        return error(400, e.getMessage());
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(TapRequest.VOTABLE).entity(VoTableWriter.error(message)).build();
    }


    private static URI listUri(UriInfo uri) {
        return uri.getBaseUriBuilder().path("tap/async").build();
    }

    private static URI jobUri(UriInfo uri, String id) {
        return uri.getBaseUriBuilder().path("tap/async").path(id).build();
    }

    private static Response seeOther(UriInfo uri, String id) {
        return Response.seeOther(jobUri(uri, id)).build();
    }

    private static String head(String element) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<uws:" + element
                + " xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\" xmlns:xlink=\"http://www.w3.org/1999/xlink\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.1\">\n";
    }

    private static String time(String element, Instant t) {
        return t == null ? "  <uws:" + element + " xsi:nil=\"true\"/>\n"
                : "  <uws:" + element + ">" + t + "</uws:" + element + ">\n";
    }

    private String jobXml(TapJob j, UriInfo uri) {
        StringBuilder s = new StringBuilder(head("job"));
        s.append("  <uws:jobId>").append(j.jobId()).append("</uws:jobId>\n");
        if (j.parameters().containsKey("RUNID")) {
            s.append("  <uws:runId>").append(xml(j.parameters().get("RUNID"))).append("</uws:runId>\n");
        }
        s.append("  <uws:ownerId xsi:nil=\"true\"/>\n")
                .append("  <uws:phase>").append(j.phase()).append("</uws:phase>\n")
                .append("  <uws:quote xsi:nil=\"true\"/>\n")
                .append(time("creationTime", j.creationTime()))
                .append(time("startTime", j.startTime()))
                .append(time("endTime", j.endTime()))
                .append("  <uws:executionDuration>").append(j.executionDurationS()).append("</uws:executionDuration>\n")
                .append(time("destruction", j.destruction()))
                .append("  <uws:parameters>\n").append(parametersBody(j, "    ")).append("  </uws:parameters>\n")
                .append("  <uws:results>\n").append(resultsBody(j, uri, "    ")).append("  </uws:results>\n");
        if (j.errorSummary() != null) {
            s.append("  <uws:errorSummary type=\"").append(j.phase().equals(TapJob.ABORTED) ? "transient" : "fatal")
                    .append("\" hasDetail=\"true\">\n    <uws:message>").append(xml(j.errorSummary()))
                    .append("</uws:message>\n  </uws:errorSummary>\n");
        }
        return s.append("</uws:job>\n").toString();
    }

    private static String parametersBody(TapJob j, String indent) {
        StringBuilder s = new StringBuilder();
        j.parameters().forEach((k, v) -> s.append(indent).append("<uws:parameter id=\"").append(xml(k)).append("\">")
                .append(xml(v)).append("</uws:parameter>\n"));
        return s.toString();
    }

    private static String resultsBody(TapJob j, UriInfo uri, String indent) {
        if (!j.phase().equals(TapJob.COMPLETED)) {
            return "";
        }
        return indent + "<uws:result id=\"result\" xlink:href=\"" + xml(jobUri(uri, j.jobId()) + "/results/result")
                + "\" mime-type=\"" + xml(j.resultMediaType()) + "\"/>\n";
    }

    private static String xml(String s) {
        return VoTableWriter.xml(s);
    }
}

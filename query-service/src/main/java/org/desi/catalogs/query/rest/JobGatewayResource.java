package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.desi.catalogs.query.gateway.JobServiceGateway;
import org.desi.catalogs.query.gateway.JobServiceGateway.Target;
import org.desi.catalogs.service.rest.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The ingest and cross-match job APIs, reachable through query-service (same paths as on the services
 * themselves) for the web page: see {@link JobServiceGateway}. Writes need the same bearer token as on
 * the services; ids are parsed here so only well-formed paths leave the service.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class JobGatewayResource {

    private final JobServiceGateway gateway;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    public JobGatewayResource(JobServiceGateway gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/ingest/jobs")
    @Operation(summary = "Ingest jobs, newest first (forwarded to ingest-service)")
    public Uni<Response> ingestJobs() {
        return forward(Target.INGEST, HttpMethod.GET, "/api/v1/ingest/jobs" + query(), null);
    }

    @GET
    @Path("/ingest/jobs/{id}")
    @Operation(summary = "One ingest job with its progress (forwarded to ingest-service)")
    public Uni<Response> ingestJob(@PathParam("id") String id) {
        return forward(Target.INGEST, HttpMethod.GET, "/api/v1/ingest/jobs/" + QueryParams.id("id", id), null);
    }

    @GET
    @Path("/ingest/jobs/{id}/rejects")
    @Operation(summary = "An ingest job's rejected rows with their reasons (forwarded to ingest-service)")
    public Uni<Response> ingestRejects(@PathParam("id") String id) {
        return forward(Target.INGEST, HttpMethod.GET,
                "/api/v1/ingest/jobs/" + QueryParams.id("id", id) + "/rejects" + query(), null);
    }

    @POST
    @Path("/ingest/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Load a file under ingest-service's data directory (forwarded; needs an ingest token)")
    public Uni<Response> submitIngest(byte[] body) {
        return forward(Target.INGEST, HttpMethod.POST, "/api/v1/ingest/jobs", body);
    }

    @DELETE
    @Path("/ingest/jobs/{id}")
    @Operation(summary = "Cancel an ingest job (forwarded; needs an ingest token)")
    public Uni<Response> cancelIngest(@PathParam("id") String id) {
        return forward(Target.INGEST, HttpMethod.DELETE, "/api/v1/ingest/jobs/" + QueryParams.id("id", id), null);
    }

    @GET
    @Path("/crossmatch/jobs")
    @Operation(summary = "Cross-match jobs, newest first (forwarded to crossmatch-service)")
    public Uni<Response> crossmatchJobs() {
        return forward(Target.CROSSMATCH, HttpMethod.GET, "/api/v1/crossmatch/jobs" + query(), null);
    }

    @GET
    @Path("/crossmatch/jobs/{id}")
    @Operation(summary = "One cross-match job with its progress (forwarded to crossmatch-service)")
    public Uni<Response> crossmatchJob(@PathParam("id") String id) {
        return forward(Target.CROSSMATCH, HttpMethod.GET, "/api/v1/crossmatch/jobs/" + QueryParams.id("id", id), null);
    }

    @POST
    @Path("/crossmatch/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a sky or voids cross-match (forwarded; needs a cross-match token)")
    public Uni<Response> submitCrossmatch(byte[] body) {
        return forward(Target.CROSSMATCH, HttpMethod.POST, "/api/v1/crossmatch/jobs", body);
    }

    @DELETE
    @Path("/crossmatch/jobs/{id}")
    @Operation(summary = "Cancel a cross-match job (forwarded; needs a cross-match token)")
    public Uni<Response> cancelCrossmatch(@PathParam("id") String id) {
        return forward(Target.CROSSMATCH, HttpMethod.DELETE,
                "/api/v1/crossmatch/jobs/" + QueryParams.id("id", id), null);
    }

    private Uni<Response> forward(Target target, HttpMethod method, String pathAndQuery, byte[] body) {
        return gateway.forward(target, method, pathAndQuery, headers::getHeaderString, body);
    }

    /** The caller's query string as sent (the target validates its parameters). */
    private String query() {
        String raw = uri.getRequestUri().getRawQuery();
        return raw == null ? "" : "?" + raw;
    }
}

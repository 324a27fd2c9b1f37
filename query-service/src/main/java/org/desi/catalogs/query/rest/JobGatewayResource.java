package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.desi.catalogs.query.gateway.JobServiceGateway;
import org.desi.catalogs.query.gateway.JobServiceGateway.Target;
import org.desi.catalogs.query.repository.CatalogRepository;
import org.desi.catalogs.service.job.JobFinishedSignals;
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
    private final CatalogRepository catalogs;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    public JobGatewayResource(JobServiceGateway gateway, CatalogRepository catalogs) {
        this.gateway = gateway;
        this.catalogs = catalogs;
    }

    /** ingest or crossmatch: the service whose jobs a path names (the path template admits only these). */
    private static final String SERVICE = "{service: ingest|crossmatch}";

    @GET
    @Path("/" + SERVICE + "/jobs")
    @Operation(summary = "Ingest or cross-match jobs, newest first (forwarded to ingest-service or crossmatch-service)")
    public Uni<Response> list(@PathParam("service") String service) {
        return forward(service, HttpMethod.GET, "/jobs" + query(), null);
    }

    @GET
    @Path("/" + SERVICE + "/jobs/{id}")
    @Operation(summary = "One ingest or cross-match job with its progress (forwarded)")
    public Uni<Response> job(@PathParam("service") String service, @PathParam("id") String id,
                             @QueryParam(JobFinishedSignals.WAIT_PARAMETER) String waitSeconds) {
        java.time.Duration wait = JobFinishedSignals.requestedWait(waitSeconds);
        String path = "/jobs/" + QueryParams.id("id", id) + (wait.isZero() ? "" : "?waitSeconds=" + wait.toSeconds());
        return gateway.forward(Target.of(service), HttpMethod.GET, "/api/v1/" + service + path, headers::getHeaderString,
                null, wait);
    }

    @POST
    @Path("/" + SERVICE + "/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Load a file under ingest-service's data directory, or start a sky or voids cross-match"
            + " (forwarded; needs an ingest or cross-match token)")
    public Uni<Response> submit(@PathParam("service") String service, byte[] body) {
        return forward(service, HttpMethod.POST, "/jobs", body);
    }

    @DELETE
    @Path("/" + SERVICE + "/jobs/{id}")
    @Operation(summary = "Cancel an ingest or cross-match job (forwarded; needs a token with the service's role)")
    public Uni<Response> cancel(@PathParam("service") String service, @PathParam("id") String id) {
        return forward(service, HttpMethod.DELETE, "/jobs/" + QueryParams.id("id", id), null);
    }

    @GET
    @Path("/ingest/jobs/{id}/rejects")
    @Operation(summary = "An ingest job's rejected rows with their reasons (forwarded to ingest-service)")
    public Uni<Response> ingestRejects(@PathParam("id") String id) {
        return forward("ingest", HttpMethod.GET, "/jobs/" + QueryParams.id("id", id) + "/rejects" + query(), null);
    }

    @DELETE
    @Path("/ingest/catalogs/{catalog}")
    @Operation(summary = "Delete a catalog with its rows and the cross-match results that used it (forwarded to"
            + " ingest-service; needs an ingest token)")
    public Uni<Response> deleteCatalog(@PathParam("catalog") String catalog) {
        return gateway.forward(Target.INGEST, HttpMethod.DELETE, "/api/v1/ingest/catalogs/"
                + QueryParams.catalogName("catalog", catalog), headers::getHeaderString, null).invoke(r -> {
                    if (r.getStatus() == 200) {
                        catalogs.forget(catalog);   // this replica's searches see the deletion at once
                    }
                });
    }

    /** The same path on the service: /api/v1/{service}/jobs... */
    private Uni<Response> forward(String service, HttpMethod method, String jobsPath, byte[] body) {
        return gateway.forward(Target.of(service), method, "/api/v1/" + service + jobsPath, headers::getHeaderString, body);
    }

    /** The caller's query string as sent (the target validates its parameters). */
    private String query() {
        String raw = uri.getRequestUri().getRawQuery();
        return raw == null ? "" : "?" + raw;
    }
}

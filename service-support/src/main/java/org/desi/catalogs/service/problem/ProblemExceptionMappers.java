package org.desi.catalogs.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every error a REST resource can raise into {@code application/problem+json}. Internal errors
 * are logged with their stack trace but answered without internals.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblemException e, UriInfo uri) {
        return Problem.of(e.status(), e.getMessage(), uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "No resource at " + uri.getPath();
            case 405 -> "Method not allowed on " + uri.getPath();
            case 406 -> "None of the media types in Accept can be produced here";
            case 415 -> "Unsupported Content-Type for " + uri.getPath();
            default -> e.getMessage();
        };
        return Problem.of(status, detail, uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return Problem.of(400, "Request body is not valid JSON: " + e.getOriginalMessage(), uri.getPath())
                .toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unexpected error on %s", uri.getPath());
        return Problem.of(500, "Internal error; the service log has the details", uri.getPath()).toResponse();
    }
}

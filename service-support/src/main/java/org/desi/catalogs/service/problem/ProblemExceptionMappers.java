package org.desi.catalogs.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.desi.catalogs.service.security.Roles;
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
            // the JSON reader wraps what Jackson refused (a syntax error, nesting deeper than its limit)
            default -> {
                Throwable json = jsonCause(e);
                yield json instanceof MismatchedInputException m ? mismatch(m)
                        : json instanceof JsonProcessingException j ? notJson(j) : e.getMessage();
            }
        };
        return Problem.of(status, detail, uri.getPath()).toResponse();
    }

    /** What a 401 says, here and in the IVOA endpoints' VOTable errors. */
    public static final String UNAUTHENTICATED = "This endpoint needs a valid bearer token (Authorization: Bearer"
            + " <JWT>) from the lab's OIDC issuer; it was missing, expired, or not issued for this service";

    /** What a 403 says, followed by the roles the path needs. */
    public static final String FORBIDDEN = "The token's groups claim lacks the role this endpoint needs: ";

    /** No token, or one that does not verify (signature, expiry, issuer, audience): 401 with the Bearer challenge. */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problem.of(401, UNAUTHENTICATED, uri.getPath()).toResponse()).header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid token without the endpoint's role. */
    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return Problem.of(403, FORBIDDEN + Roles.neededFor(uri.getPath()), uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return Problem.of(400, notJson(e), uri.getPath()).toResponse();
    }

    /**
     * Valid JSON of the wrong shape (an array for the request object, a number for a name). Mapped here because
     * the JSON extension's own mapper answers it with an empty 400 outside dev mode; the detail names the field
     * and the JSON type it takes.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return Problem.of(400, mismatch(e), uri.getPath()).toResponse();
    }

    static String notJson(JsonProcessingException e) {
        return "Request body is not valid JSON: " + firstLine(e.getOriginalMessage());
    }

    static String mismatch(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
        return (field.isEmpty() ? "The request body" : "Field '" + field + "' of the request body") + " must be "
                + jsonType(e.getTargetType());
    }

    /** The JSON a Java type is read from, as a client writes it. */
    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object";
    }

    private static Throwable jsonCause(Throwable e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException) {
                return c;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * PostgreSQL errors on request paths: a statement timeout (57014) is 504, an overloaded or
     * restarting server (class 53, 57P01-57P03) is 503 with Retry-After, a table gone (42P01: a catalog
     * deleted meanwhile) is 404; anything else is a 500.
     */
    @ServerExceptionMapper
    public Response database(io.vertx.pgclient.PgException e, UriInfo uri) {
        String state = e.getSqlState() == null ? "" : e.getSqlState();
        if (state.equals("57014")) {
            return Problem.of(504, "The database cancelled the query at its statement timeout; ask for less: a smaller"
                    + " radius, tighter filters or a smaller page (limit)", uri.getPath()).toResponse();
        }
        if (state.startsWith("53") || state.startsWith("57P0")) {
            return retryLater("The database is overloaded or restarting (SQLSTATE " + state + "); retry shortly", uri);
        }
        if (state.equals("42P01")) {
            // a catalog deleted while a service still had its registry entry cached (a few seconds)
            LOG.warnf("%s reads a table that no longer exists: %s", uri.getPath(), e.getErrorMessage());
            return Problem.of(404, "A table this request reads no longer exists (SQLSTATE 42P01): its catalog was"
                    + " deleted; GET /api/v1/catalogs lists the catalogs there are", uri.getPath()).toResponse();
        }
        LOG.errorf(e, "Database error on %s", uri.getPath());
        return Problem.of(500, "Database error (SQLSTATE " + state + "); the service log has the details",
                uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response databaseUnreachable(java.net.ConnectException e, UriInfo uri) {
        return retryLater("The database cannot be reached; retry shortly", uri);
    }

    @ServerExceptionMapper
    public Response connectionClosed(io.vertx.sqlclient.ClosedConnectionException e, UriInfo uri) {
        return retryLater("The database connection closed during the query; retry shortly", uri);
    }

    private static Response retryLater(String detail, UriInfo uri) {
        return Response.fromResponse(Problem.of(503, detail, uri.getPath()).toResponse()).header("Retry-After", "5")
                .build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unexpected error on %s", uri.getPath());
        return Problem.of(500, "Internal error; the service log has the details", uri.getPath()).toResponse();
    }
}

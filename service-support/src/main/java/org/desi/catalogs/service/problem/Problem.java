package org.desi.catalogs.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail. {@code detail} says precisely what was wrong and, for a parameter,
 * which values are valid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    /** Media type of RFC 9457 problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem with the standard title of the status and {@code type} "about:blank". */
    public static Problem of(int status, String detail, String instance) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return new Problem("about:blank", title, status, detail, instance);
    }

    /** This problem as a JAX-RS response with the problem+json media type. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}

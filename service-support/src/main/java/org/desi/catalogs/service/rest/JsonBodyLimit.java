package org.desi.catalogs.service.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.desi.catalogs.service.problem.Problem;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * JSON requests are small (a job submission is a few hundred bytes), but the HTTP body limit must
 * be large for FITS uploads: a JSON body above {@code DESI_HTTP_MAX_JSON_BODY_BYTES} (64 KiB) is a
 * 413 before anything reads it into memory. A chunked body without Content-Length is counted as it
 * is read by the JSON reader's own limit (quarkus.rest input buffer), not here.
 */
public class JsonBodyLimit {

    private final long maxBytes;

    public JsonBodyLimit(@ConfigProperty(name = "desi.http.max-json-body-bytes", defaultValue = "65536") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || request.getLength() <= maxBytes) {
            return null;
        }
        return Problem.of(413, "a JSON body may hold at most " + maxBytes + " bytes (DESI_HTTP_MAX_JSON_BODY_BYTES);"
                + " this one declares " + request.getLength(), request.getUriInfo().getPath()).toResponse();
    }
}

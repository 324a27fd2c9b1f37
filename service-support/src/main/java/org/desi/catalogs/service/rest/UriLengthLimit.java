package org.desi.catalogs.service.rest;

import io.vertx.core.http.HttpServerRequest;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request whose URI (path and query) is longer than {@code DESI_HTTP_MAX_URI_BYTES} (64 KiB) is a 414
 * the service answers itself, naming the limit, before anything reads its parameters. HTTP's own limit on
 * the request line ({@code QUARKUS_HTTP_LIMITS_MAX_INITIAL_LINE_LENGTH}, set to 256 KiB) is left above it,
 * because Vert.x answers a line beyond that with a bare 414 and no body: a problem document (or, on the
 * IVOA endpoints, a VOTable) cannot be sent from there.
 */
public class UriLengthLimit {

    private final int maxUriBytes;

    public UriLengthLimit(@ConfigProperty(name = "desi.http.max-uri-bytes", defaultValue = "65536") int maxUriBytes) {
        this.maxUriBytes = maxUriBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public void limit(HttpServerRequest request) {
        // the request target as sent: percent-encoded, so its characters are its bytes
        int length = request.uri().length();
        if (length > maxUriBytes) {
            throw new UriTooLongException(length, maxUriBytes);
        }
    }

    /** 414: the URI's length and the longest accepted. */
    public static final class UriTooLongException extends ApiProblemException {

        public UriTooLongException(int uriBytes, int maxUriBytes) {
            super(414, "The request's URI is " + uriBytes + " bytes long; at most " + maxUriBytes + " are accepted"
                    + " (DESI_HTTP_MAX_URI_BYTES): send long parameters, such as an ADQL query, in a POST body");
        }
    }
}

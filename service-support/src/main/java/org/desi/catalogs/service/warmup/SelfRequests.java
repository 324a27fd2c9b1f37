package org.desi.catalogs.service.warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Requests a service sends itself while its warm-up keeps readiness down, so that the code a user's
 * first request runs (HTTP parsing and routing, JSON, problem+json, the reactive pool, the bearer
 * token's signature check) is compiled before a user pays for it: measured on a fresh ingest-service,
 * the first public GET took 164 ms and the first refused token 99 ms, against 5-11 ms warm. Only
 * requests that change nothing are sent: public reads, and writes refused for their forged token
 * (a well-formed RS256 JWT whose signature is random bytes).
 */
public final class SelfRequests {

    private static final Logger LOG = Logger.getLogger(SelfRequests.class);
    /** Times each request is sent: enough for the JIT's first tiers, about a second in all here. */
    static final int REPEATS = 60;

    /** One request: method, path (with query), and the content type of a write sent with the forged bearer token (else null). */
    public record Request(String method, String path, String forgedTokenContentType) {
        public static Request get(String path) {
            return new Request("GET", path, null);
        }

        /**
         * A write of {@code contentType} (what the endpoint consumes, so the request reaches the token
         * check) refused for the forged token (401): the check runs, nothing is written.
         */
        public static Request refusedPost(String path, String contentType) {
            return new Request("POST", path, contentType);
        }
    }

    private SelfRequests() {
    }

    /** Sends each request {@link #REPEATS} times to this process's HTTP port; returns the answers' status codes seen. */
    public static java.util.Set<Integer> send(List<Request> requests) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        return send(port, requests);
    }

    /** Sends each request {@link #REPEATS} times to {@code port} on this machine; returns the status codes seen. */
    public static java.util.Set<Integer> send(int port, List<Request> requests) {
        java.util.Set<Integer> statuses = new java.util.TreeSet<>();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String token = forgedToken();
        try {
            for (int i = 0; i < REPEATS; i++) {
                for (Request r : requests) {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r.path()))
                            .timeout(Duration.ofSeconds(5));
                    if (r.forgedTokenContentType() != null) {
                        b.header("Authorization", "Bearer " + token).header("Content-Type", r.forgedTokenContentType());
                    }
                    b.method(r.method(), r.method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString("{}"));
                    statuses.add(client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                }
            }
        } catch (IOException e) {
            LOG.debugf("self-requests ended early: %s", e.getMessage());   // only the warm-up is lost
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return statuses;
    }

    /** A well-formed RS256 JWT with a random 2048-bit "signature": parsed and checked, never accepted. */
    static String forgedToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long exp = System.currentTimeMillis() / 1000 + 3600;
        byte[] signature = new byte[256];
        new SecureRandom().nextBytes(signature);
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"iss\":\"warm-up\",\"sub\":\"warm-up\",\"exp\":" + exp + "}")
                        .getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(signature);
    }
}

package org.desi.catalogs.query.gateway;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * Forwards job requests (list, follow, submit, cancel, rejects) to ingest-service and crossmatch-service,
 * so the web page served by query-service talks to one origin and the lab needs no ingress rules per
 * service. It holds no credentials of its own: the caller's {@code Authorization} header goes along and
 * the target service decides; query-service's database role stays read-only.
 */
@ApplicationScoped
public class JobServiceGateway {

    /** The services behind the gateway, with the setting that names each one's URL. */
    public enum Target {
        INGEST("ingest-service", "DESI_QUERY_INGEST_URL"),
        CROSSMATCH("crossmatch-service", "DESI_QUERY_CROSSMATCH_URL");

        private final String serviceName;
        private final String setting;

        Target(String serviceName, String setting) {
            this.serviceName = serviceName;
            this.setting = setting;
        }

        /** The target a path segment names: "ingest" or "crossmatch". */
        public static Target of(String pathSegment) {
            return pathSegment.equals("ingest") ? INGEST : CROSSMATCH;
        }
    }

    /** Request headers the target needs; response headers the caller needs. Nothing else crosses. */
    private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "Location", "Retry-After",
            "WWW-Authenticate", "X-Next-Cursor");

    private final HttpClient client;
    private final QuerySettings settings;

    public JobServiceGateway(Vertx vertx, QuerySettings settings) {
        this.settings = settings;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(Math.min(5000, settings.gatewayTimeoutMs()))
                .setMaxPoolSize(8)
                .setKeepAlive(true));
    }

    /**
     * Sends the request to the target and answers with its status, body and the headers above.
     *
     * @param pathAndQuery the target path, e.g. {@code /api/v1/ingest/jobs/12?x=1}; the caller builds it
     *                     from validated parts only
     * @param headers      the caller's request headers (only {@link #REQUEST_HEADERS} are sent)
     * @param body         the request body, or null
     */
    public Uni<Response> forward(Target target, HttpMethod method, String pathAndQuery,
                                 Function<String, String> headers, byte[] body) {
        return forward(target, method, pathAndQuery, headers, body, Duration.ZERO);
    }

    /**
     * As {@link #forward(Target, HttpMethod, String, Function, byte[])}, for a request the target may hold
     * for up to {@code targetWait} on purpose (GET .../jobs/{id}?waitSeconds=N): the gateway's timeout
     * runs from the end of that wait.
     */
    public Uni<Response> forward(Target target, HttpMethod method, String pathAndQuery,
                                 Function<String, String> headers, byte[] body, Duration targetWait) {
        URI base = baseOf(target);
        String url = base.toString().replaceAll("/+$", "") + pathAndQuery;
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url);
        for (String name : REQUEST_HEADERS) {
            String value = headers.apply(name);
            if (value != null) {
                options.putHeader(name, value);
            }
        }
        Uni<HttpClientRequest> request = client.request(options);
        return request
                .flatMap(r -> body == null ? r.send() : r.send(Buffer.buffer(body)))
                .flatMap(r -> r.body().map(b -> answer(r, b)))
                .ifNoItem().after(targetWait.plusMillis(settings.gatewayTimeoutMs())).failWith(TimeoutException::new)
                .onFailure(e -> !(e instanceof ApiProblemException)).transform(e -> unreachable(target, base, e));
    }

    private URI baseOf(Target target) {
        Optional<URI> url = target == Target.INGEST ? settings.ingestUrl() : settings.crossmatchUrl();
        return url.orElseThrow(() -> new ApiProblemException(503, "query-service does not know where "
                + target.serviceName + " is: set " + target.setting + " (e.g. http://127.0.0.1:"
                + (target == Target.INGEST ? 8081 : 8082) + ") to follow and submit its jobs here"));
    }

    private static Response answer(HttpClientResponse r, Buffer body) {
        Response.ResponseBuilder out = Response.status(r.statusCode()).entity(body.getBytes());
        for (String name : RESPONSE_HEADERS) {
            String value = r.getHeader(name);
            if (value != null) {
                out.header(name, value);
            }
        }
        return out.build();
    }

    private static ApiProblemException unreachable(Target target, URI base, Throwable e) {
        if (e instanceof TimeoutException) {
            return new ApiProblemException(504, target.serviceName + " at " + base + " did not answer in time", e);
        }
        return new ApiProblemException(502, target.serviceName + " at " + base + " (" + target.setting
                + ") cannot be reached: " + e.getMessage(), e);
    }
}

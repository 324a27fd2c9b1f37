package org.desi.catalogs.query.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.adql.AdqlException;

/**
 * Fetches a table a TAP client names by URL ({@code UPLOAD=name,https://...}) into a temporary file. The
 * service fetches on the client's behalf from inside the lab's network, so by default
 * ({@code DESI_QUERY_TAP_UPLOAD_URLS=public}) it refuses hosts with any address that is not public
 * ({@link PublicAddresses}: loopback, private, carrier-grade NAT, link-local such as cloud metadata,
 * multicast, reserved, ...), follows no redirect, and stops at a size and a time limit. The host is
 * resolved once and the connection goes to the address checked, with the URL's host name in the Host header
 * and, for https, in SNI and the certificate check: a name re-pointed at an internal address between the
 * check and the connection (DNS rebinding) is not followed. {@code none} refuses every URL; {@code any}
 * trusts every host (a closed lab network). Called on worker threads only: it waits for the transfer.
 */
@ApplicationScoped
public class UploadUrlFetcher {

    /** Which hosts an upload URL may name. */
    public enum Policy { NONE, PUBLIC, ANY }

    /** A host's addresses (the JDK's resolver; tests give their own). */
    interface Resolver {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final long TOTAL_TIMEOUT_MS = 30_000;

    private final QuerySettings settings;
    private final Vertx vertx;
    private final Resolver resolver;
    private final HttpClient http;

    @Inject
    public UploadUrlFetcher(QuerySettings settings, Vertx vertx) {
        this(settings, vertx, InetAddress::getAllByName, clientOptions());
    }

    /** For tests: another resolver, and client options with another trust store. */
    UploadUrlFetcher(QuerySettings settings, Vertx vertx, Resolver resolver, HttpClientOptions options) {
        this.settings = settings;
        this.vertx = vertx;
        this.resolver = resolver;
        this.http = vertx.createHttpClient(options);
    }

    /** One connection per fetch (no pool kept open to outside hosts); the JDK's trust store; SNI always. */
    static HttpClientOptions clientOptions() {
        return new HttpClientOptions().setKeepAlive(false).setConnectTimeout(CONNECT_TIMEOUT_MS).setVerifyHost(true)
                .setForceSni(true);
    }

    public boolean enabled() {
        return settings.tapUploadUrls() != Policy.NONE;
    }

    /**
     * The table's bytes in a new temporary file, which the caller deletes.
     *
     * @throws AdqlException naming the URL and why it was not read
     */
    public Path fetch(String tableName, URI url) {
        String what = "UPLOAD of '" + tableName + "' from " + url;
        if (!enabled()) {
            throw new AdqlException(what + ": this service fetches no URLs (DESI_QUERY_TAP_UPLOAD_URLS=none); send the"
                    + " table inline, as param:<part> with a multipart/form-data part");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new AdqlException(what + ": only http:// and https:// URLs with a host are fetched");
        }
        boolean https = scheme.equals("https");
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
        InetAddress address = checkedAddress(what, host);
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setSsl(https)
                .setURI(path).setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false).setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(TOTAL_TIMEOUT_MS)
                .putHeader("Accept", "application/x-votable+xml, text/xml;q=0.9, */*;q=0.1");
        Path file = null;
        AsyncFile out = null;
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        try {
            file = Files.createTempFile("tap-upload-", ".vot");
            out = vertx.fileSystem().openBlocking(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true));
            CompletableFuture<Void> done = new CompletableFuture<>();
            AsyncFile sink = out;
            // the request is made and its callbacks registered on one event loop, in one task: the response's
            // handlers are then set as its headers arrive, before any of its body (registered from this worker
            // thread, a callback could run after a small body had already been delivered to no handler)
            vertx.getOrCreateContext().runOnContext(v -> http.request(request).compose(r -> {
                sent.set(r);
                return r.send();
            }).onComplete(ar -> {
                if (ar.failed()) {
                    done.completeExceptionally(ar.cause());
                } else {
                    receive(what, ar.result(), sink, done);
                }
            }));
            done.get(TOTAL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            out.close().toCompletionStage().toCompletableFuture().get(TOTAL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            out = null;
            Path fetched = file;
            file = null;
            return fetched;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AdqlException a) {
                throw a;
            }
            throw new AdqlException(what + ": cannot be fetched: " + rootCause(e.getCause()));
        } catch (TimeoutException e) {
            throw new AdqlException(what + ": did not arrive within " + TOTAL_TIMEOUT_MS / 1000 + " s");
        } catch (IOException e) {
            throw new AdqlException(what + ": cannot be fetched: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdqlException(what + ": interrupted");
        } finally {
            HttpClientRequest r = sent.get();
            if (file != null && r != null) {
                r.reset();   // a failed or abandoned transfer: the connection goes at once
            }
            if (out != null) {
                out.close();
            }
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the JVM's temp directory is cleaned with the pod
                }
            }
        }
    }

    /** The innermost cause's text: "No subject alternative DNS name matching ..." rather than "Failed to create SSL connection". */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Streams a 200's body into the file (pausing when the file lags), failing on any other status or the size limit. */
    private void receive(String what, HttpClientResponse response, AsyncFile out, CompletableFuture<Void> done) {
        // also the reset that ends a refused response lands here (once done, it changes nothing)
        response.exceptionHandler(done::completeExceptionally);
        if (response.statusCode() != 200) {
            done.completeExceptionally(new AdqlException(what + ": the server answered HTTP " + response.statusCode()
                    + (response.statusCode() / 100 == 3 ? " (redirects are not followed: give the final URL)" : "")));
            return;
        }
        long maxBytes = settings.tapUploadUrlMaxBytes();
        long[] total = {0};
        response.handler(chunk -> {
            if (done.isDone()) {
                return;
            }
            total[0] += chunk.length();
            if (total[0] > maxBytes) {
                done.completeExceptionally(new AdqlException(what + ": the table is larger than " + maxBytes
                        + " bytes, this service's limit (DESI_QUERY_TAP_UPLOAD_URL_MAX_BYTES)"));
                return;
            }
            out.write(chunk);
            if (out.writeQueueFull()) {
                response.pause();
                out.drainHandler(v -> response.resume());
            }
        });
        response.endHandler(v -> out.flush().onComplete(f -> {
            if (f.succeeded()) {
                done.complete(null);
            } else {
                done.completeExceptionally(f.cause());
            }
        }));
    }

    /** The address to connect to: the host's first, once every one of them passed the policy. */
    private InetAddress checkedAddress(String what, String host) {
        InetAddress[] addresses;
        try {
            addresses = resolver.addresses(host);
        } catch (UnknownHostException e) {
            throw new AdqlException(what + ": unknown host " + host);
        }
        if (addresses.length == 0) {
            throw new AdqlException(what + ": unknown host " + host);
        }
        if (settings.tapUploadUrls() == Policy.PUBLIC) {
            for (InetAddress a : addresses) {
                Optional<String> why = PublicAddresses.whyNotPublic(a);
                if (why.isPresent()) {
                    throw new AdqlException(what + ": " + host + " has a private address: " + why.get() + "; this"
                            + " service fetches only from public addresses (DESI_QUERY_TAP_UPLOAD_URLS=public); send the"
                            + " table inline as param:<part>");
                }
            }
        }
        return addresses[0];
    }
}

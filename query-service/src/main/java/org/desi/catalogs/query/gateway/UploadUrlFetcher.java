package org.desi.catalogs.query.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.adql.AdqlException;

/**
 * Fetches a table a TAP client names by URL ({@code UPLOAD=name,https://...}) into a temporary file. The
 * service fetches on the client's behalf from inside the lab's network, so by default
 * ({@code DESI_QUERY_TAP_UPLOAD_URLS=public}) it refuses hosts that resolve to loopback, link-local (cloud
 * metadata), private, unique-local or multicast addresses, follows no redirect, and stops at a size and a
 * time limit. {@code none} refuses every URL; {@code any} trusts every host (a closed lab network).
 */
@ApplicationScoped
public class UploadUrlFetcher {

    /** Which hosts an upload URL may name. */
    public enum Policy { NONE, PUBLIC, ANY }

    private final QuerySettings settings;
    private final HttpClient http;

    public UploadUrlFetcher(QuerySettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
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
        if (settings.tapUploadUrls() == Policy.PUBLIC) {
            refusePrivateAddresses(what, url.getHost());
        }
        long maxBytes = settings.tapUploadUrlMaxBytes();
        Path file = null;
        try {
            file = Files.createTempFile("tap-upload-", ".vot");
            // the addresses checked above are in the JVM's DNS cache (30 s) when the client connects: a name
            // cannot be re-pointed at an internal address between the check and the fetch
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/x-votable+xml, text/xml;q=0.9, */*;q=0.1").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(file)) {
                if (r.statusCode() != 200) {
                    throw new AdqlException(what + ": the server answered HTTP " + r.statusCode()
                            + (r.statusCode() / 100 == 3 ? " (redirects are not followed: give the final URL)" : ""));
                }
                byte[] buf = new byte[65536];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new AdqlException(what + ": the table is larger than " + maxBytes + " bytes, this"
                                + " service's limit (DESI_QUERY_TAP_UPLOAD_URL_MAX_BYTES)");
                    }
                    out.write(buf, 0, n);
                }
            }
            Path done = file;
            file = null;
            return done;
        } catch (IOException e) {
            throw new AdqlException(what + ": cannot be fetched: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdqlException(what + ": interrupted");
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the JVM's temp directory is cleaned with the pod
                }
            }
        }
    }

    private static void refusePrivateAddresses(String what, String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new AdqlException(what + ": unknown host " + host);
        }
        for (InetAddress a : addresses) {
            boolean uniqueLocal = a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
            if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress() || uniqueLocal) {
                throw new AdqlException(what + ": " + host + " is a private address (" + a.getHostAddress() + "),"
                        + " which this service does not fetch from (DESI_QUERY_TAP_UPLOAD_URLS=public); send the table"
                        + " inline as param:<part>");
            }
        }
    }
}

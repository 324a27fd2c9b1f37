package org.desi.catalogs.query.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.vertx.core.Vertx;
import org.desi.catalogs.query.LocalHttpServer;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.adql.AdqlException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tables named by URL (TAP UPLOAD): fetched from a real local HTTP server when every host is trusted; private
 * addresses refused by the default policy before any connection; redirects, errors and oversized bodies named.
 */
class UploadUrlFetcherTest {

    private static final byte[] TABLE = "<VOTABLE/>".getBytes(StandardCharsets.UTF_8);
    private static LocalHttpServer server;
    private static String base;
    private static Vertx vertx;
    /** The Host header of the last request to /host.vot. */
    private static final java.util.concurrent.atomic.AtomicReference<String> hostHeader =
            new java.util.concurrent.atomic.AtomicReference<>();

    @BeforeAll
    static void serve() {
        vertx = Vertx.vertx();
        server = LocalHttpServer.start().serve("/t.vot", TABLE).handle("/host.vot", x -> {
            hostHeader.set(x.getRequestHeaders().getFirst("Host"));
            x.sendResponseHeaders(200, TABLE.length);
            x.getResponseBody().write(TABLE);
            x.close();
        }).handle("/big.vot", x -> {
            x.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[4096];
            for (int i = 0; i < 64; i++) {
                x.getResponseBody().write(chunk);
            }
            x.close();
        }).handle("/moved", x -> {
            x.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        base = server.url("");
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The two settings the fetcher reads; every other one is not its business. */
    private static UploadUrlFetcher fetcher(UploadUrlFetcher.Policy policy, long maxBytes) {
        return fetcher(policy, maxBytes, java.net.InetAddress::getAllByName);
    }

    private static UploadUrlFetcher fetcher(UploadUrlFetcher.Policy policy, long maxBytes, UploadUrlFetcher.Resolver dns) {
        QuerySettings s = (QuerySettings) java.lang.reflect.Proxy.newProxyInstance(QuerySettings.class.getClassLoader(),
                new Class<?>[] {QuerySettings.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "tapUploadUrls" -> policy;
                    case "tapUploadUrlMaxBytes" -> maxBytes;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return new UploadUrlFetcher(s, vertx, dns, UploadUrlFetcher.clientOptions());
    }

    private static String refused(UploadUrlFetcher f, String url) {
        return assertThrows(AdqlException.class, () -> f.fetch("t", URI.create(url))).getMessage();
    }

    @Test
    void aTrustedHostsTableArrivesInATemporaryFile() throws Exception {
        Path f = fetcher(UploadUrlFetcher.Policy.ANY, 1 << 20).fetch("t", URI.create(base + "/t.vot"));
        assertArrayEquals(TABLE, Files.readAllBytes(f));
        Files.delete(f);
    }

    @Test
    void redirectsErrorsAndOversizedTablesAreNamed() {
        UploadUrlFetcher any = fetcher(UploadUrlFetcher.Policy.ANY, 100_000);
        assertTrue(refused(any, base + "/moved").contains("HTTP 302 (redirects are not followed"));
        assertTrue(refused(any, base + "/nothing-here").contains("HTTP 404"));
        String big = refused(any, base + "/big.vot");
        assertTrue(big.contains("larger than 100000 bytes") && big.contains("DESI_QUERY_TAP_UPLOAD_URL_MAX_BYTES"), big);
    }

    @Test
    void theConnectionGoesToTheAddressCheckedWithTheUrlsHostInTheHostHeader() throws Exception {
        // a name no DNS knows, resolved once by the fetcher's resolver: the fetch can only reach the server through
        // the address that resolver gave, so nothing resolves the name again between the check and the connection
        int port = URI.create(base).getPort();
        int[] lookups = {0};
        UploadUrlFetcher f = fetcher(UploadUrlFetcher.Policy.ANY, 1 << 20, host -> {
            lookups[0]++;
            assertEquals("tables.rebinding.invalid", host);
            return new java.net.InetAddress[] {java.net.InetAddress.getByName("127.0.0.1")};
        });
        Path p = f.fetch("t", URI.create("http://tables.rebinding.invalid:" + port + "/host.vot"));
        assertArrayEquals(TABLE, Files.readAllBytes(p));
        Files.delete(p);
        assertEquals(1, lookups[0]);
        assertEquals("tables.rebinding.invalid:" + port, hostHeader.get());
        // a name with one public and one private address is refused: either could be the one connected to
        UploadUrlFetcher pub = fetcher(UploadUrlFetcher.Policy.PUBLIC, 1 << 20, host -> new java.net.InetAddress[] {
            java.net.InetAddress.getByName("93.184.215.14"), java.net.InetAddress.getByName("100.64.3.4")});
        String why = refused(pub, "https://mixed.example/t.vot");
        assertTrue(why.contains("100.64.3.4 is carrier-grade NAT (100.64.0.0/10)"), why);
    }

    @Test
    void thePublicPolicyRefusesPrivateAddressesBeforeConnecting() {
        UploadUrlFetcher pub = fetcher(UploadUrlFetcher.Policy.PUBLIC, 1 << 20);
        for (String url : new String[] {base + "/t.vot", "http://localhost/t.vot", "http://[::1]/t.vot",
            "http://10.1.2.3/t.vot", "http://192.168.0.7/t.vot", "http://172.16.0.1/t.vot",
            "https://169.254.169.254/latest", "http://[fd00::1]/t.vot", "http://0.0.0.0/t.vot", "http://100.100.100.200/",
            "http://[::ffff:10.0.0.1]/t.vot", "http://[64:ff9b::a9fe:a9fe]/t.vot", "http://[2002:c0a8:0101::1]/t.vot",
            "http://255.255.255.255/t.vot", "http://198.18.0.1/t.vot", "http://[fe80::1]/t.vot"}) {
            String why = refused(pub, url);
            assertTrue(why.contains("private address"), url + ": " + why);
        }
        UploadUrlFetcher none = fetcher(UploadUrlFetcher.Policy.NONE, 1 << 20);
        assertFalse(none.enabled());
        assertTrue(refused(none, base + "/t.vot").contains("fetches no URLs"));
    }
}

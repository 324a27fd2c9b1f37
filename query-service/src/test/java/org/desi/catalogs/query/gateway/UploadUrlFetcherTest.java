package org.desi.catalogs.query.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @BeforeAll
    static void serve() {
        server = LocalHttpServer.start().serve("/t.vot", TABLE).handle("/big.vot", x -> {
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
    }

    /** The two settings the fetcher reads; every other one is not its business. */
    private static UploadUrlFetcher fetcher(UploadUrlFetcher.Policy policy, long maxBytes) {
        QuerySettings s = (QuerySettings) java.lang.reflect.Proxy.newProxyInstance(QuerySettings.class.getClassLoader(),
                new Class<?>[] {QuerySettings.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "tapUploadUrls" -> policy;
                    case "tapUploadUrlMaxBytes" -> maxBytes;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return new UploadUrlFetcher(s);
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
    void thePublicPolicyRefusesPrivateAddressesBeforeConnecting() {
        UploadUrlFetcher pub = fetcher(UploadUrlFetcher.Policy.PUBLIC, 1 << 20);
        for (String url : new String[] {base + "/t.vot", "http://localhost/t.vot", "http://[::1]/t.vot",
            "http://10.1.2.3/t.vot", "http://192.168.0.7/t.vot", "http://172.16.0.1/t.vot",
            "https://169.254.169.254/latest", "http://[fd00::1]/t.vot", "http://0.0.0.0/t.vot"}) {
            String why = refused(pub, url);
            assertTrue(why.contains("private address"), url + ": " + why);
        }
        UploadUrlFetcher none = fetcher(UploadUrlFetcher.Policy.NONE, 1 << 20);
        assertFalse(none.enabled());
        assertTrue(refused(none, base + "/t.vot").contains("fetches no URLs"));
    }
}

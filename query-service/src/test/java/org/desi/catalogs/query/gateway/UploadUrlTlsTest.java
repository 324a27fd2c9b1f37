package org.desi.catalogs.query.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.desi.catalogs.query.LocalHttpServer;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.adql.AdqlException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https table fetched through the address checked, not the name: the certificate must still be the URL's
 * host's, and the host's name goes out as SNI. Two real TLS servers on 127.0.0.1 with certificates made by the
 * JDK's keytool for two names; the resolver gives 127.0.0.1 for both names (as DNS would give a public address).
 */
class UploadUrlTlsTest {

    private static final byte[] TABLE = "<VOTABLE/>".getBytes(StandardCharsets.UTF_8);
    private static final List<String> sniSeen = new CopyOnWriteArrayList<>();
    private static Vertx vertx;
    private static LocalHttpServer tables;
    private static LocalHttpServer impostor;
    private static UploadUrlFetcher fetcher;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        tables = LocalHttpServer.startTls(tls(keyStore("tables.example.test")), sniSeen::add).serve("/t.vot", TABLE);
        impostor = LocalHttpServer.startTls(tls(keyStore("impostor.example.test")), name -> { }).serve("/t.vot", TABLE);
        QuerySettings s = (QuerySettings) java.lang.reflect.Proxy.newProxyInstance(QuerySettings.class.getClassLoader(),
                new Class<?>[] {QuerySettings.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "tapUploadUrls" -> UploadUrlFetcher.Policy.ANY;
                    case "tapUploadUrlMaxBytes" -> 1L << 20;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        // trusted: both certificates (as a public CA would have signed both); only the name decides
        PemTrustOptions trust = new PemTrustOptions().addCertPath(dir.resolve("tables.example.test.pem").toString())
                .addCertPath(dir.resolve("impostor.example.test.pem").toString());
        fetcher = new UploadUrlFetcher(s, vertx, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")},
                UploadUrlFetcher.clientOptions().setTrustOptions(trust));
    }

    @AfterAll
    static void stop() {
        tables.close();
        impostor.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A PKCS12 key store with a new key and a self-signed certificate for {@code host}; its PEM beside it. */
    private static Path keyStore(String host) throws IOException, InterruptedException {
        Path store = dir.resolve(host + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + host,
                "-ext", "SAN=dns:" + host, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "srv", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", dir.resolve(host + ".pem").toString());
        return store;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    private static SSLContext tls(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    @Test
    void theCertificateIsCheckedAgainstTheUrlsHostAndItsNameIsSentAsSni() throws IOException {
        Path f = fetcher.fetch("t", URI.create("https://tables.example.test:" + tables.port() + "/t.vot"));
        assertArrayEquals(TABLE, Files.readAllBytes(f));
        Files.delete(f);
        assertTrue(sniSeen.contains("tables.example.test"), sniSeen.toString());
    }

    @Test
    void aServerWhoseCertificateNamesAnotherHostIsRefused() {
        String why = assertThrows(AdqlException.class, () -> fetcher.fetch("t",
                URI.create("https://tables.example.test:" + impostor.port() + "/t.vot"))).getMessage();
        // the certificate is checked against the URL's host (not the address connected to), and the message says so
        assertTrue(why.contains("cannot be fetched") && why.contains("No subject alternative DNS name matching"
                + " tables.example.test"), why);
    }
}

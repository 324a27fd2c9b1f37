package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.desi.catalogs.ingest.IngestJobsTest.count;
import static org.desi.catalogs.ingest.IngestJobsTest.unique;
import static org.desi.catalogs.ingest.IngestJobsTest.uploadsAddedSince;
import static org.desi.catalogs.ingest.IngestJobsTest.uploadsOnDisk;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * An upload larger than {@code DESI_INGEST_MAX_UPLOAD_BYTES} is refused with 413 naming the limit,
 * leaves no file and no job, and the rest of its body, dropped as it arrives, does not stall the
 * service: the next upload on the same server is answered. A client that stops sending for {@code
 * DESI_INGEST_UPLOAD_IDLE_TIMEOUT_SECONDS} gets 408, and nothing of its upload is kept.
 */
@QuarkusTest
@TestProfile(UploadLimitTest.SmallLimit.class)
@QuarkusTestResource(MigratedDatabase.class)
class UploadLimitTest {

    static final long LIMIT_BYTES = 2_000_000;

    static final int IDLE_TIMEOUT_SECONDS = 2;

    /** A 2 MB upload limit, a 2-s idle timeout (and, as in every test, a 256 KiB upload queue). */
    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("desi.ingest.max-upload-bytes", Long.toString(LIMIT_BYTES),
                    "desi.ingest.upload-idle-timeout-seconds", Integer.toString(IDLE_TIMEOUT_SECONDS));
        }
    }

    @Test
    void anUploadOverTheLimitIs413NamingItAndLeavesNoFileAndNoJob() throws Exception {
        byte[] tooBig = new byte[(int) (3 * LIMIT_BYTES)];
        new Random(3).nextBytes(tooBig);
        String catalog = unique("limit");
        List<Path> before = uploadsOnDisk();
        given().header("Authorization", "Bearer " + TestTokens.token("t", List.of("desi-ingest")))
                .contentType("application/fits").body(tooBig)
                .queryParam("profile", "generic").queryParam("catalog", catalog)
                .queryParam("raColumn", "RA").queryParam("decColumn", "DEC")
                .post("/api/v1/ingest/uploads")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("limit of " + LIMIT_BYTES + " bytes"))
                .body("detail", containsString("DESI_INGEST_MAX_UPLOAD_BYTES"));
        assertEquals(List.of(), uploadsAddedSince(before), "the partial upload was removed");
        assertEquals(0, count("SELECT count(*) FROM desi.ingest_run WHERE catalog_name = '" + catalog + "'"));

        // the server is not stalled by the body it dropped: a small upload after it is answered
        given().header("Authorization", "Bearer " + TestTokens.token("t", List.of("desi-ingest")))
                .contentType("application/fits").body(new byte[] {1, 2, 3})
                .queryParam("profile", "generic").queryParam("catalog", catalog)
                .queryParam("raColumn", "RA").queryParam("decColumn", "DEC")
                .post("/api/v1/ingest/uploads")
                .then().statusCode(202);
    }

    @Test
    void aClientSilentForTheIdleTimeoutGets408AndNothingIsKept() throws Exception {
        String catalog = unique("silent");
        List<Path> before = uploadsOnDisk();
        byte[] part = new byte[100_000];
        new Random(4).nextBytes(part);
        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // announces 1 MB, sends a tenth of it, then nothing
            out.write(("POST /api/v1/ingest/uploads?profile=generic&catalog=" + catalog
                    + "&raColumn=RA&decColumn=DEC HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.token("t", List.of("desi-ingest")) + "\r\nContent-Type: application/fits\r\n"
                    + "Content-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.flush();
            long t0 = System.nanoTime();
            String response = readResponse(socket.getInputStream());
            double waitedS = (System.nanoTime() - t0) / 1e9;
            assertTrue(response.startsWith("HTTP/1.1 408"), response);
            assertTrue(response.contains("application/problem+json"), response);
            assertTrue(response.contains("DESI_INGEST_UPLOAD_IDLE_TIMEOUT_SECONDS"), response);
            assertTrue(waitedS >= IDLE_TIMEOUT_SECONDS - 0.5, "answered after " + waitedS + " s");
        }
        assertEquals(List.of(), uploadsAddedSince(before), "the partial upload was removed");
        assertEquals(0, count("SELECT count(*) FROM desi.ingest_run WHERE catalog_name = '" + catalog + "'"));
    }

    /** One HTTP/1.1 response with a Content-Length (the connection may stay open after it). */
    private static String readResponse(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            got.write(buf, 0, n);
            String text = got.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
            if (end >= 0 && length.find() && got.size() >= end + 4 + Integer.parseInt(length.group(1))) {
                break;
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}

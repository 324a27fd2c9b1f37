package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.desi.catalogs.ingest.IngestJobsTest.DATA;
import static org.desi.catalogs.ingest.IngestJobsTest.count;
import static org.desi.catalogs.ingest.IngestJobsTest.unique;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * An upload larger than {@code DESI_INGEST_MAX_UPLOAD_BYTES} is refused with 413 naming the limit,
 * leaves no file and no job, and the rest of its body, dropped as it arrives, does not stall the
 * service: the next upload on the same server is answered.
 */
@QuarkusTest
@TestProfile(UploadLimitTest.SmallLimit.class)
@QuarkusTestResource(MigratedDatabase.class)
class UploadLimitTest {

    static final long LIMIT_BYTES = 2_000_000;

    /** A 2 MB upload limit (and, as in every test, a 256 KiB upload queue). */
    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("desi.ingest.max-upload-bytes", Long.toString(LIMIT_BYTES));
        }
    }

    private static List<Path> uploads() throws IOException {
        Path dir = DATA.resolve("uploads");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void anUploadOverTheLimitIs413NamingItAndLeavesNoFileAndNoJob() throws Exception {
        byte[] tooBig = new byte[(int) (3 * LIMIT_BYTES)];
        new Random(3).nextBytes(tooBig);
        String catalog = unique("limit");
        List<Path> before = uploads();
        given().header("Authorization", "Bearer " + TestTokens.token("t", List.of("desi-ingest")))
                .contentType("application/fits").body(tooBig)
                .queryParam("profile", "generic").queryParam("catalog", catalog)
                .queryParam("raColumn", "RA").queryParam("decColumn", "DEC")
                .post("/api/v1/ingest/uploads")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("limit of " + LIMIT_BYTES + " bytes"))
                .body("detail", containsString("DESI_INGEST_MAX_UPLOAD_BYTES"));
        assertEquals(before, uploads(), "the partial upload was removed");
        assertEquals(0, count("SELECT count(*) FROM desi.ingest_run WHERE catalog_name = '" + catalog + "'"));

        // the server is not stalled by the body it dropped: a small upload after it is answered
        given().header("Authorization", "Bearer " + TestTokens.token("t", List.of("desi-ingest")))
                .contentType("application/fits").body(new byte[] {1, 2, 3})
                .queryParam("profile", "generic").queryParam("catalog", catalog)
                .queryParam("raColumn", "RA").queryParam("decColumn", "DEC")
                .post("/api/v1/ingest/uploads")
                .then().statusCode(202);
    }
}

package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.desi.catalogs.ingest.IngestJobsTest.awaitFinished;
import static org.desi.catalogs.ingest.IngestJobsTest.count;
import static org.desi.catalogs.ingest.IngestJobsTest.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.desi.catalogs.core.fits.FitsLayout;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.fits.Hdu;
import org.desi.catalogs.core.sample.WideFastSpecFitFile;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/**
 * A FastSpecFit upload is loaded while it arrives: its rows (METADATA and SPECPHOT, the first fifth
 * of the file) are all read before FASTSPEC has arrived, FASTSPEC's TARGETIDs are still checked row
 * by row, and the upload's SHA-256 is recorded.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class FastSpecFitUploadWhileArrivingTest {

    private static final int ROWS = 3_000;
    /** The first TARGETID {@link WideFastSpecFitFile} writes; row r has this + r. */
    private static final long FIRST_TARGETID = 39627000000000000L;

    private static byte[] wideFile(long seed) throws Exception {
        Path tmp = Files.createTempFile("fastspecfit-arriving", ".fits");
        try {
            WideFastSpecFitFile.write(tmp, ROWS, seed);
            return Files.readAllBytes(tmp);
        } finally {
            Files.delete(tmp);
        }
    }

    @Test
    void everyRowIsReadBeforeFastSpecArrivesAndTheJobCommitsOnlyAfterTheUpload() throws Exception {
        byte[] file = wideFile(3);
        String catalog = unique("fsf_arrive");
        int part = file.length * 3 / 5;   // METADATA, SPECPHOT and half of FASTSPEC
        JsonPath answered;
        try (SlowUpload upload = new SlowUpload("profile=fastspecfit&catalog=" + catalog, file.length)) {
            upload.send(file, 0, part);
            long id = SlowUpload.runningJob(catalog).getLong("id");
            JsonPath job = null;
            for (int i = 0; i < 200; i++) {
                job = given().get("/api/v1/ingest/jobs/" + id).then().extract().jsonPath();
                if (job.getLong("rowsRead") == ROWS) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(ROWS, job.getLong("rowsRead"), "every row read while FASTSPEC is still arriving");
            assertEquals("RUNNING", job.getString("status"));
            assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"),
                    "nothing visible before the upload ends");
            answered = upload.finishAccepted(file, part);
            assertEquals(id, answered.getLong("id"));
        }
        JsonPath done = awaitFinished(answered.getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(ROWS, done.getLong("rowsLoaded"));
        String rows = "FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id) WHERE c.name = '"
                + catalog + "'";
        assertEquals(ROWS, count("SELECT count(*) " + rows));
        // the generator's TARGETIDs are FIRST + 0 .. FIRST + ROWS - 1, and row r is source row r + 1
        assertEquals((long) ROWS * (ROWS - 1) / 2, count("SELECT sum(targetid - " + FIRST_TARGETID + ") " + rows));
        assertEquals(0, count("SELECT count(*) " + rows + " AND targetid - " + FIRST_TARGETID + " <> source_row - 1"));
        String sha256 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        assertEquals(sha256, done.getString("sha256"));
        assertEquals(file.length, done.getLong("sizeBytes"));
    }

    /** METADATA, SPECPHOT and FASTSPEC of three rows; FASTSPEC's TARGETIDs as given (null: no FASTSPEC table). */
    private static byte[] threeRows(long[] fastSpecTargetIds) throws Exception {
        double[] v = {10, 20, 30};
        FitsTableWriter w = new FitsTableWriter();
        w.table("METADATA").column("TARGETID", new long[] {1, 2, 3}).column("RA", v).column("DEC", v)
                .column("Z", new double[] {0.1, 0.1, 0.1});
        w.table("SPECPHOT").column("TARGETID", new long[] {1, 2, 3}).column("LOGMSTAR", new float[] {10, 10, 10})
                .column("SFR", new float[] {1, 1, 1}).column("DN4000", new float[] {1, 1, 1});
        if (fastSpecTargetIds != null) {
            w.table("FASTSPEC").column("TARGETID", fastSpecTargetIds);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        return out.toByteArray();
    }

    @Test
    void aFastSpecTableOutOfStepFailsNamingTheRowAndCommitsNothing() throws Exception {
        for (long[] fastSpec : new long[][] {{1, 2, 4}, {1, 3, 2}}) {
            String catalog = unique("fsf_misup");
            long id = given().contentType("application/fits").body(threeRows(fastSpec))
                    .queryParam("profile", "fastspecfit").queryParam("catalog", catalog)
                    .post("/api/v1/ingest/uploads").then().statusCode(202).extract().jsonPath().getLong("id");
            JsonPath done = awaitFinished(id);
            assertEquals("FAILED", done.getString("status"));
            String firstBad = fastSpec[1] == 2 ? "row 3" : "row 2";
            assertTrue(done.getString("error").contains("FASTSPEC are not row-aligned: " + firstBad),
                    done.getString("error"));
            assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
        }
    }

    @Test
    void anUploadWithoutFastSpecFailsNamingTheMissingTable() throws Exception {
        String catalog = unique("fsf_nospec");
        long id = given().contentType("application/fits").body(threeRows(null)).queryParam("profile", "fastspecfit")
                .queryParam("catalog", catalog).post("/api/v1/ingest/uploads")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath done = awaitFinished(id);
        assertEquals("FAILED", done.getString("status"));
        assertTrue(done.getString("error").contains("FASTSPEC"), done.getString("error"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
    }

    /**
     * Uploads a file of megabytes with the JDK's client and returns its job's id: rest-assured's request printer
     * (kept for a failed assertion) formats a byte[] body as a list of numbers, some 60 MB of text for this size,
     * which ran the test JVM's 512 MB heap out once.
     */
    private static long upload(byte[] file, String catalog) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                                + io.restassured.RestAssured.port + "/api/v1/ingest/uploads?profile=fastspecfit&catalog="
                                + catalog))
                        .header("Content-Type", "application/fits")
                        .header("Authorization", "Bearer " + org.desi.catalogs.testsupport.TestTokens.token("t",
                                java.util.List.of("desi-ingest")))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(file)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        return io.restassured.path.json.JsonPath.from(r.body()).getLong("id");
    }

    @Test
    void anUploadCutInsideFastSpecFailsAndCommitsNothing() throws Exception {
        byte[] file = wideFile(4);
        byte[] cut = java.util.Arrays.copyOf(file, file.length * 4 / 5 / 2880 * 2880);
        String catalog = unique("fsf_cut");
        long id = upload(cut, catalog);
        JsonPath done = awaitFinished(id);
        assertEquals("FAILED", done.getString("status"));
        assertTrue(done.getString("error").contains("truncated") || done.getString("error").contains("ends early"),
                done.getString("error"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
    }

    @Test
    void anUploadWithZerosWhereFastSpecShouldBeFailsNamingTheBytesAndTheServiceStaysReady() throws Exception {
        // a damaged or half-written file: FASTSPEC's header and data are zeros (nom-tam-fits alone reads
        // them as header cards until the file ends, into memory: a 1 GB file took the service down)
        byte[] file = wideFile(5);
        Path tmp = Files.createTempFile("fastspecfit-zeroed", ".fits");
        long fastSpecHeader;
        try {
            Files.write(tmp, file);
            Hdu phot = FitsLayout.scan(tmp).find("SPECPHOT").orElseThrow();
            fastSpecHeader = (phot.dataOffset() + phot.dataSizeBytes() + 2879) / 2880 * 2880;
        } finally {
            Files.delete(tmp);
        }
        java.util.Arrays.fill(file, (int) fastSpecHeader, file.length, (byte) 0);
        String catalog = unique("fsf_zeroed");
        long id = upload(file, catalog);
        JsonPath done = awaitFinished(id);
        assertEquals("FAILED", done.getString("status"));
        assertTrue(done.getString("error").contains("bytes " + fastSpecHeader + ".." + file.length)
                && done.getString("error").contains("are not an extension"), done.getString("error"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}

package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.desi.catalogs.ingest.IngestJobsTest.DATA;
import static org.desi.catalogs.ingest.IngestJobsTest.awaitFinished;
import static org.desi.catalogs.ingest.IngestJobsTest.count;
import static org.desi.catalogs.ingest.IngestJobsTest.text;
import static org.desi.catalogs.ingest.IngestJobsTest.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/**
 * A generic upload is loaded while it arrives: its job is RUNNING and reading rows before the last
 * byte is sent, the upload's SHA-256 still decides idempotency, and an upload that breaks off leaves
 * no job, no file and no rows.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class GenericUploadWhileArrivingTest {

    private static final int ROWS = 300_000;

    /** A 300,000-row table (~9.6 MB, more than two of the loader's 4 MiB reads); ids 3, 6, 9, ... */
    private static byte[] table(long seed) throws IOException {
        Random r = new Random(seed);
        long[] id = new long[ROWS];
        double[] ra = new double[ROWS];
        double[] dec = new double[ROWS];
        float[] mag = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            id[i] = 3L * (i + 1);
            ra[i] = r.nextDouble() * 360;
            dec[i] = Math.toDegrees(Math.asin(2 * r.nextDouble() - 1));
            mag[i] = (float) (18 + r.nextGaussian());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FitsTableWriter w = new FitsTableWriter();
        w.table("CAT").column("ID", id).column("RA", ra).column("DEC", dec).column("MAG", mag);
        w.write(out);
        return out.toByteArray();
    }

    @Test
    void rowsAreLoadedBeforeTheUploadEndsAndTheUploadStillDecidesIdempotency() throws Exception {
        byte[] file = table(5);
        String catalog = unique("arrive");
        int part = file.length * 3 / 4;
        JsonPath answered;
        try (SlowUpload upload = new SlowUpload("profile=generic&catalog=" + catalog + "&idColumn=ID&raColumn=RA&decColumn=DEC", file.length)) {
            upload.send(file, 0, part);
            JsonPath running = SlowUpload.runningJob(catalog);
            long id = running.getLong("id");
            // the job shows rows read while a quarter of the file is still to come
            long rowsRead = 0;
            for (int i = 0; i < 200 && rowsRead == 0; i++) {
                Thread.sleep(50);
                rowsRead = given().get("/api/v1/ingest/jobs/" + id).then().extract().jsonPath().getLong("rowsRead");
            }
            assertTrue(rowsRead > 0 && rowsRead < ROWS, "rows read while the upload arrives: " + rowsRead);
            assertEquals("RUNNING", given().get("/api/v1/ingest/jobs/" + id).then().extract().jsonPath()
                    .getString("status"));
            answered = upload.finishAccepted(file, part);
            assertEquals(id, answered.getLong("id"));
        }
        JsonPath done = awaitFinished(answered.getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(ROWS, done.getLong("rowsLoaded"));
        // every row, checked against the file's own ids (3 + 6 + ... = 3 n (n + 1) / 2)
        assertEquals(ROWS, count("SELECT count(*) FROM catalog_data." + catalog));
        assertEquals(3L * ROWS * (ROWS + 1) / 2, count("SELECT sum(id) FROM catalog_data." + catalog));
        // provenance: the size and SHA-256 of the bytes sent, computed here independently
        String sha256 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        assertEquals(sha256, done.getString("sha256"));
        assertEquals(file.length, done.getLong("sizeBytes"));
        assertEquals(sha256, text("SELECT f.sha256 FROM desi.catalog_source_file f JOIN desi.catalog c USING"
                + " (catalog_id) WHERE c.name = '" + catalog + "'"));
        assertEquals(file.length, count("SELECT f.size_bytes FROM desi.catalog_source_file f JOIN desi.catalog c"
                + " USING (catalog_id) WHERE c.name = '" + catalog + "'"));

        // the same bytes again: 200 with the first job; the second one leaves no job behind
        JsonPath again = given().contentType("application/fits").body(file).queryParam("profile", "generic")
                .queryParam("catalog", catalog).queryParam("idColumn", "ID").queryParam("raColumn", "RA")
                .queryParam("decColumn", "DEC").post("/api/v1/ingest/uploads")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(answered.getLong("id"), again.getLong("id"));
        assertEquals(1, count("SELECT count(*) FROM desi.ingest_run WHERE catalog_name = '" + catalog + "'"));
        assertEquals(ROWS, count("SELECT count(*) FROM catalog_data." + catalog));
    }

    @Test
    void anUploadThatBreaksOffLeavesNoJobNoFileAndNoRows() throws Exception {
        byte[] file = table(6);
        String catalog = unique("broken");
        try (SlowUpload upload = new SlowUpload("profile=generic&catalog=" + catalog + "&idColumn=ID&raColumn=RA&decColumn=DEC", file.length)) {
            upload.send(file, 0, file.length / 2);
            SlowUpload.runningJob(catalog);   // loading has begun
        }   // the client goes away
        for (int i = 0; i < 100 && count("SELECT count(*) FROM desi.ingest_run WHERE catalog_name = '" + catalog
                + "'") > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, count("SELECT count(*) FROM desi.ingest_run WHERE catalog_name = '" + catalog + "'"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
        assertEquals(0, count("SELECT count(*) FROM pg_tables WHERE schemaname = 'catalog_data' AND tablename LIKE '"
                + catalog + "%'"));
        try (var files = Files.list(DATA.resolve("uploads"))) {
            assertEquals(List.of(), files.filter(f -> Files.isRegularFile(f) && f.toFile().length() == file.length / 2)
                    .toList(), "the half-received upload is removed");
        }
    }

    @Test
    void anUploadCancelledWhileItArrivesLeavesNoRowsAndNoFile() throws Exception {
        byte[] file = table(8);
        String catalog = unique("cancel");
        long id;
        try (SlowUpload upload = new SlowUpload("profile=generic&catalog=" + catalog + "&raColumn=RA&decColumn=DEC",
                file.length)) {
            upload.send(file, 0, file.length / 2);
            id = SlowUpload.runningJob(catalog).getLong("id");
            given().delete("/api/v1/ingest/jobs/" + id).then().statusCode(200);
            String answer = upload.finish(file, file.length / 2);   // the client sends the rest regardless
            assertTrue(answer.contains("\"status\":\"CANCELLED\""), answer);
        }
        JsonPath done = awaitFinished(id);
        assertEquals("CANCELLED", done.getString("status"), "the job stays, cancelled");
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
        assertEquals(0, count("SELECT count(*) FROM pg_tables WHERE schemaname = 'catalog_data' AND tablename LIKE '"
                + catalog + "%'"));
        java.nio.file.Path received = DATA.resolve(done.getString("source"));
        for (int i = 0; i < 100 && Files.exists(received); i++) {
            Thread.sleep(100);
        }
        assertTrue(!Files.exists(received), "the cancelled upload's file " + received + " is removed");
    }

    @Test
    void anUploadThatEndsBeforeItsTableDoesFailsNamingWhere() throws Exception {
        byte[] file = table(7);
        byte[] cut = java.util.Arrays.copyOf(file, file.length / 2 / 2880 * 2880);   // whole blocks, half the rows
        String catalog = unique("cut");
        long id = given().contentType("application/fits").body(cut).queryParam("profile", "generic")
                .queryParam("catalog", catalog).queryParam("raColumn", "RA").queryParam("decColumn", "DEC")
                .post("/api/v1/ingest/uploads").then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath done = awaitFinished(id);
        assertEquals("FAILED", done.getString("status"));
        assertTrue(done.getString("error").contains("truncated") || done.getString("error").contains("ends early"),
                done.getString("error"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog_source_file f JOIN desi.catalog c USING (catalog_id)"
                + " WHERE c.name = '" + catalog + "'"));
    }
}

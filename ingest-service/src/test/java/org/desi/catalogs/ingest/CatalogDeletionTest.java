package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.desi.catalogs.ingest.IngestJobsTest.DATA;
import static org.desi.catalogs.ingest.IngestJobsTest.awaitFinished;
import static org.desi.catalogs.ingest.IngestJobsTest.count;
import static org.desi.catalogs.ingest.IngestJobsTest.submit;
import static org.desi.catalogs.ingest.IngestJobsTest.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.sample.SampleFastSpecFitCatalog;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.PrometheusSamples;
import org.desi.catalogs.testsupport.TestDatabase;
import org.desi.catalogs.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /api/v1/ingest/catalogs/{name}}: a catalog goes with its rows (a generic catalog's own
 * table, a FastSpecFit catalog's partitions) and the cross-match jobs that used it, in one transaction;
 * refused while a job that uses it is queued or running; its ingest jobs stay and its file loads again.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class CatalogDeletionTest {

    @Test
    void aGenericCatalogGoesWithItsTableAndItsFileLoadsAgain() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("del_gen");
        Path file = DATA.resolve(catalog + ".fits");
        long[] ids = {3, 1, 4, 15, 9};
        double[] ra = {359.9, 0.1, 120, 240, 45};
        double[] dec = {-89.5, 0, 30, -30, 89.9};
        FitsTableWriter w = new FitsTableWriter();
        w.table("DATA").column("OBJ", ids).column("RA", ra, "deg").column("DEC", dec, "deg");
        w.write(file);
        Map<String, String> options = Map.of("idColumn", "OBJ", "raColumn", "RA", "decColumn", "DEC");
        long first = submit(file.getFileName().toString(), "generic", catalog, options, 202).getLong("id");
        assertEquals("SUCCEEDED", awaitFinished(first).getString("status"));
        assertEquals(1, count("SELECT count(*) FROM pg_class WHERE oid = to_regclass('catalog_data." + catalog + "')"));

        double deletionsBefore = PrometheusSamples.value("desi_ingest_catalog_deletions_total{outcome=\"deleted\"}");
        double notFoundBefore = PrometheusSamples.value("desi_ingest_catalog_deletions_total{outcome=\"not_found\"}");
        double rowsBefore = PrometheusSamples.value("desi_ingest_catalog_rows_deleted_total{kind=\"generic\"}");
        JsonPath deleted = given().delete("/api/v1/ingest/catalogs/" + catalog).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(catalog, deleted.getString("name"));
        assertEquals("generic", deleted.getString("kind"));
        assertEquals(5, deleted.getLong("rowCount"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE oid = to_regclass('catalog_data." + catalog + "')"),
                "the catalog's table and its file partitions are dropped");
        assertEquals(0, count("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'catalog_data' AND c.relname LIKE '" + catalog + "%'"));
        // the job stays readable; the same file is a new load, not the earlier job
        given().get("/api/v1/ingest/jobs/" + first).then().statusCode(200).body("status", equalTo("SUCCEEDED"));
        long again = submit(file.getFileName().toString(), "generic", catalog, options, 202).getLong("id");
        assertNotEquals(first, again);
        assertEquals("SUCCEEDED", awaitFinished(again).getString("status"));
        assertEquals(5, count("SELECT count(*) FROM catalog_data." + catalog));

        given().delete("/api/v1/ingest/catalogs/" + catalog).then().statusCode(200);
        given().delete("/api/v1/ingest/catalogs/" + catalog).then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("no catalog " + catalog));
        // what an SRE's Prometheus sees: two deletions of 5 rows each, one refused as not found
        assertEquals(deletionsBefore + 2, PrometheusSamples.value("desi_ingest_catalog_deletions_total{outcome=\"deleted\"}"));
        assertEquals(notFoundBefore + 1, PrometheusSamples.value("desi_ingest_catalog_deletions_total{outcome=\"not_found\"}"));
        assertEquals(rowsBefore + 10, PrometheusSamples.value("desi_ingest_catalog_rows_deleted_total{kind=\"generic\"}"));
    }

    @Test
    void aFastSpecFitCatalogGoesWithItsPartitionsAndTheCrossmatchJobsThatUsedIt() throws Exception {
        String catalog = loadFastSpecFit("del_fsf", 1200, 21L);
        String other = loadFastSpecFit("del_keep", 700, 22L);
        long catalogId = count("SELECT catalog_id FROM desi.catalog WHERE name = '" + catalog + "'");
        long otherId = count("SELECT catalog_id FROM desi.catalog WHERE name = '" + other + "'");
        long before = count("SELECT count(*) FROM desi.fastspecfit_galaxy");
        // a finished cross-match job between the two (no crossmatch-service here: its row is written as that service would)
        long job;
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("INSERT INTO desi.crossmatch_job (type, left_catalog_id, right_catalog_id,"
                     + " radius_arcsec, mode) VALUES ('sky', " + catalogId + ", " + otherId + ", 1.0, 'all') RETURNING job_id")) {
            rs.next();
            job = rs.getLong(1);
        }
        // queued: the catalog is in use, nothing happens
        given().delete("/api/v1/ingest/catalogs/" + catalog).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("cross-match job " + job))
                .body("detail", containsString("cancel them or wait"));
        assertEquals(1, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
        assertEquals(before, count("SELECT count(*) FROM desi.fastspecfit_galaxy"));

        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("UPDATE desi.crossmatch_job SET status = 'SUCCEEDED', finished_at = now() WHERE job_id = " + job);
        }
        JsonPath deleted = given().delete("/api/v1/ingest/catalogs/" + catalog).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("fastspecfit", deleted.getString("kind"));
        assertEquals(1200, deleted.getLong("rowCount"));
        assertEquals(1, deleted.getLong("crossmatchJobsDeleted"));
        assertEquals(before - 1200, count("SELECT count(*) FROM desi.fastspecfit_galaxy"), "only its rows went");
        assertEquals(700, count("SELECT count(*) FROM desi.fastspecfit_galaxy WHERE catalog_id = " + otherId));
        assertEquals(0, count("SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
                + " WHERE p.relname = 'fastspecfit_galaxy_c" + catalogId + "'"));
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'fastspecfit_galaxy_c" + catalogId + "'"),
                "its partition is dropped");
        assertEquals(0, count("SELECT count(*) FROM desi.crossmatch_job WHERE job_id = " + job));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog_source_file WHERE catalog_id = " + catalogId));
    }

    @Test
    void aRunningIngestJobHoldsItsCatalog() throws Exception {
        String catalog = loadFastSpecFit("del_run", 50, 23L);
        long held;
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("INSERT INTO desi.ingest_run (catalog_name, profile, source, file_name,"
                     + " status) VALUES ('" + catalog + "', 'fastspecfit', 'elsewhere.fits', 'elsewhere.fits', 'CANCELLED')"
                     + " RETURNING run_id")) {
            rs.next();
            held = rs.getLong(1);
            // RUNNING as a worker marks it, with no heartbeat for another worker to find stale
            s.execute("UPDATE desi.ingest_run SET status = 'RUNNING' WHERE run_id = " + held);
        }
        try {
            given().delete("/api/v1/ingest/catalogs/" + catalog).then().statusCode(409)
                    .body("detail", containsString("ingest job " + held));
        } finally {
            try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
                s.execute("UPDATE desi.ingest_run SET status = 'CANCELLED', finished_at = now() WHERE run_id = " + held);
            }
        }
        given().delete("/api/v1/ingest/catalogs/" + catalog).then().statusCode(200);
    }

    @Test
    void aDeleteThatCannotTakeItsLocksInTimeGivesUpAndDeletesNothing() throws Exception {
        String catalog = loadFastSpecFit("del_lock", 80, 24L);
        long catalogId = count("SELECT catalog_id FROM desi.catalog WHERE name = '" + catalog + "'");
        // a long read of the FastSpecFit table, still open: dropping a partition must wait for it
        try (Connection reader = TestDatabase.connect(TestDatabase.READER); Statement s = reader.createStatement()) {
            reader.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM desi.fastspecfit_galaxy WHERE catalog_id = "
                    + catalogId)) {
                rs.next();
                assertEquals(80, rs.getLong(1));
            }
            given().delete("/api/v1/ingest/catalogs/" + catalog).then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("detail", containsString("was not deleted"))
                    .body("detail", containsString("DESI_INGEST_CATALOG_DELETE_LOCK_TIMEOUT_SECONDS"));
            assertEquals(1, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
            assertEquals(80, count("SELECT count(*) FROM desi.fastspecfit_galaxy WHERE catalog_id = " + catalogId));
            reader.rollback();
        }
        given().delete("/api/v1/ingest/catalogs/" + catalog).then().statusCode(200);
        assertEquals(0, count("SELECT count(*) FROM desi.fastspecfit_galaxy WHERE catalog_id = " + catalogId));
    }

    @Test
    void namesOutsideTheCatalogNameFormAre400sNamingTheForm() {
        for (String hostile : List.of("Bad-Name", "x;DROP TABLE desi.catalog", "1abc", "a".repeat(64), "fsf%27--")) {
            given().delete("/api/v1/ingest/catalogs/" + hostile).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("catalog must match [a-z][a-z0-9_]{0,62} (lower case, starting with a letter"));
        }
        given().delete("/api/v1/ingest/catalogs/no_such_catalog_here").then().statusCode(404);
    }

    @Test
    void deletingNeedsTheIngestOrAdminRole() {
        String reader = TestTokens.token("reader-1", List.of("desi-read"));
        given().header("Authorization", "Bearer " + reader).delete("/api/v1/ingest/catalogs/no_such_catalog_here")
                .then().statusCode(403);
        String ingest = TestTokens.token("loader-1", List.of("desi-ingest"));
        given().header("Authorization", "Bearer " + ingest).delete("/api/v1/ingest/catalogs/no_such_catalog_here")
                .then().statusCode(404);
    }

    /** A seeded FastSpecFit catalog of {@code rows} galaxies loaded through the API; its unique name. */
    private static String loadFastSpecFit(String prefix, int rows, long seed) throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique(prefix);
        SampleFastSpecFitCatalog.write(DATA.resolve(catalog + ".fits"), rows, seed, 0);
        long id = submit(catalog + ".fits", "fastspecfit", catalog, Map.of(), 202).getLong("id");
        assertEquals("SUCCEEDED", awaitFinished(id).getString("status"));
        return catalog;
    }
}

package org.desi.catalogs.crossmatch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.desi.catalogs.crossmatch.CrossmatchFixtures.Catalog;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestCatalogs;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class SkyCrossmatchJobTest {

    @Test
    void aJobSubmittedWhileItsCatalogIsBeingDeletedFindsNoCatalog() throws Exception {
        Catalog[] cats = CrossmatchFixtures.seededPair(4242, 50);
        try (Connection deleting = TestDatabase.connect(TestDatabase.WRITER);
             java.sql.Statement s = deleting.createStatement()) {
            // a catalog deletion under way: its transaction holds the catalog's row
            deleting.setAutoCommit(false);
            s.execute("SELECT catalog_id FROM desi.catalog WHERE name = '" + cats[0].name() + "' FOR UPDATE");
            java.util.concurrent.CompletableFuture<io.restassured.response.Response> submitted =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                            .body(Map.of("type", "sky", "left", cats[0].name(), "right", cats[1].name(),
                                    "radiusArcsec", 1.0))
                            .post("/api/v1/crossmatch/jobs").then().extract().response());
            // the job's planning waits for the catalog's row (before the fix it waited at its job's insert)
            boolean waiting = false;
            for (int i = 0; i < 200 && !waiting; i++) {
                try (Connection c = TestDatabase.connect(TestDatabase.WRITER); java.sql.Statement q = c.createStatement();
                     java.sql.ResultSet rs = q.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE"
                             + " wait_event_type = 'Lock' AND (query LIKE '%FROM desi.catalog WHERE name%'"
                             + " OR query LIKE 'INSERT INTO desi.crossmatch_job%')")) {
                    rs.next();
                    waiting = rs.getLong(1) > 0;
                }
                if (!waiting) {
                    Thread.sleep(50);
                }
            }
            assertTrue(waiting, "the submission never waited for the catalog being deleted");
            s.execute("DELETE FROM desi.catalog WHERE name = '" + cats[0].name() + "'");
            deleting.commit();
            io.restassured.response.Response r = submitted.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(400, r.statusCode(), r.asString());
            assertTrue(r.asString().contains("unknown catalog '" + cats[0].name() + "'"), r.asString());
        }
    }

    @Test
    void findsExactlyTheBruteForcePairsAcrossPartitionsRaWrapAndPole() throws Exception {
        Catalog[] cats = CrossmatchFixtures.seededPair(42, 4000);
        long id = CrossmatchFixtures.submit(Map.of("type", "sky", "left", cats[0].name(), "right", cats[1].name(),
                "radiusArcsec", 1.0, "mode", "all"));
        // one request that waits for the job's end (its last partition's commit announces it)
        JsonPath job = given().get("/api/v1/crossmatch/jobs/" + id + "?waitSeconds=60").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertTrue(job.getInt("partitionsTotal") > 1, "split into partitions: " + job.prettify());
        assertEquals(job.getInt("partitionsTotal"), job.getInt("partitionsDone"));
        assertEquals(cats[0].name(), job.getString("left"));
        assertEquals(1.0, job.getDouble("radiusArcsec"));
        assertEquals("all", job.getString("mode"));
        assertFalse(job.getMap("$").containsKey("galaxies"), job.prettify());
        Set<String> expected = CrossmatchFixtures.bruteForce(cats[0], cats[1], 1.0);
        assertTrue(expected.size() > 2500, "70% true matches: " + expected.size());
        assertEquals(expected, CrossmatchFixtures.storedPairs(id));
        assertEquals(expected.size(), job.getLong("pairs"));
        assertEquals(4000, job.getLong("rowsProcessed"));
        // the test profile bounds a partition at 200 left rows (a single denser zone excepted): more than the
        // 16 partitions configured
        assertTrue(job.getInt("partitionsTotal") > 16, job.prettify());
        try (Connection c = TestDatabase.connect(TestDatabase.READER);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT p.partition_no, p.rows_processed,"
                     + " p.zone_min, p.zone_max, (SELECT table_name FROM desi.catalog WHERE catalog_id = j.left_catalog_id)"
                     + " FROM desi.crossmatch_partition p JOIN desi.crossmatch_job j USING (job_id)"
                     + " WHERE p.job_id = " + id)) {
            while (rs.next()) {
                long zonesWithRows = count(c, "SELECT count(DISTINCT zone) FROM " + rs.getString(5)
                        + " WHERE zone BETWEEN " + rs.getInt(3) + " AND " + rs.getInt(4));
                assertTrue(rs.getLong(2) <= 200 || zonesWithRows == 1, "partition " + rs.getInt(1) + " holds "
                        + rs.getLong(2) + " rows in " + zonesWithRows + " zones");
            }
        }
        // deleting the job deletes its pairs (a trigger keeps the cascade the foreign key gave)
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            c.createStatement().execute("DELETE FROM desi.crossmatch_job WHERE job_id = " + id);
        }
        assertTrue(CrossmatchFixtures.storedPairs(id).isEmpty());
    }

    @Test
    void bestModeKeepsOnePairPerLeftObject() throws Exception {
        Catalog[] cats = CrossmatchFixtures.seededPair(7, 1500);
        long id = CrossmatchFixtures.submit(Map.of("type", "sky", "left", cats[0].name(), "right", cats[1].name(),
                "radiusArcsec", 60.0, "mode", "best"));
        JsonPath job = CrossmatchFixtures.awaitFinished(id);
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        Set<String> stored = CrossmatchFixtures.storedPairs(id);
        Set<String> leftIds = new java.util.HashSet<>();
        for (String p : stored) {
            assertTrue(leftIds.add(p.split(":")[0]), "two best pairs for left object " + p);
        }
        Set<String> all = CrossmatchFixtures.bruteForce(cats[0], cats[1], 60.0);
        Set<String> leftWithAny = new java.util.HashSet<>();
        all.forEach(p -> leftWithAny.add(p.split(":")[0]));
        assertEquals(leftWithAny, leftIds);
        assertTrue(all.containsAll(stored));
    }

    @Test
    void rejectsBadRequestsNamingTheValidRangeAndCreatesNothing() throws Exception {
        Catalog[] cats = CrossmatchFixtures.seededPair(3, 10);
        String noZ = cats[0].name();
        Map<String, Object> base = new HashMap<>(Map.of("type", "sky", "left", cats[0].name(), "right", cats[1].name()));
        int before = given().get("/api/v1/crossmatch/jobs?limit=1000").then().extract().jsonPath().getList("$").size();
        for (Object radius : new Object[] {0.001, 3600.5, -1}) {
            Map<String, Object> b = new HashMap<>(base);
            b.put("radiusArcsec", radius);
            given().contentType(ContentType.JSON).body(b).post("/api/v1/crossmatch/jobs").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("[0.01, 3600.0] arcsec"));
        }
        Map<String, Object> noRadius = new HashMap<>(base);
        given().contentType(ContentType.JSON).body(noRadius).post("/api/v1/crossmatch/jobs").then().statusCode(400)
                .body("detail", containsString("radiusArcsec"));
        Map<String, Object> badMode = new HashMap<>(base);
        badMode.put("radiusArcsec", 1);
        badMode.put("mode", "nearest");
        given().contentType(ContentType.JSON).body(badMode).post("/api/v1/crossmatch/jobs").then().statusCode(400)
                .body("detail", containsString("'all'"));
        Map<String, Object> unknown = new HashMap<>(base);
        unknown.put("radiusArcsec", 1);
        unknown.put("right", "no_such_catalog'; DROP TABLE desi.catalog; --");
        given().contentType(ContentType.JSON).body(unknown).post("/api/v1/crossmatch/jobs").then().statusCode(400)
                .body("detail", containsString("unknown catalog"));
        // JSON of the wrong shape or no JSON at all: a problem document naming the field and what it takes
        String[][] shapes = {
            {"{\"type\": \"sky\", \"left\": \"a\", \"right\": \"b\", \"radiusArcsec\": \"one\"}",
                "Field 'radiusArcsec' of the request body must be a number"},
            {"[]", "The request body must be a JSON object"},
            {"{\"type\": \"sky\",", "Request body is not valid JSON: Unexpected end-of-input"},
            {"{\"a\":".repeat(2000) + "1" + "}".repeat(2000), "Request body is not valid JSON: Document nesting depth"},
        };
        for (String[] shape : shapes) {
            given().contentType(ContentType.JSON).body(shape[0]).post("/api/v1/crossmatch/jobs").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString(shape[1]));
        }
        given().get("/api/v1/crossmatch/jobs/1?waitSeconds=61").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("waitSeconds must be an integer in [0, 60]"));
        given().contentType(ContentType.JSON).body(Map.of("type", "pairs")).post("/api/v1/crossmatch/jobs")
                .then().statusCode(400).body("detail", containsString("'sky'"));
        given().contentType(ContentType.JSON).body(Map.of("type", "voids", "galaxies", noZ, "voids", cats[1].name()))
                .post("/api/v1/crossmatch/jobs").then().statusCode(400).body("detail", containsString("redshift"));
        String noPositions = CrossmatchFixtures.unique("nopos");
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            c.createStatement().execute("INSERT INTO desi.catalog (name, kind, table_name, id_column) VALUES ('"
                    + noPositions + "', 'generic', 'catalog_data.x', 'row_number')");
        }
        Map<String, Object> nopos = new HashMap<>(base);
        nopos.put("radiusArcsec", 1);
        nopos.put("left", noPositions);
        given().contentType(ContentType.JSON).body(nopos).post("/api/v1/crossmatch/jobs").then().statusCode(400)
                .body("detail", containsString("no positions"));
        int after = given().get("/api/v1/crossmatch/jobs?limit=1000").then().extract().jsonPath().getList("$").size();
        assertEquals(before, after, "no job was created by a bad request");
    }

    @Test
    void cancelsAJob() throws Exception {
        Catalog[] cats = CrossmatchFixtures.seededPair(9, 200);
        long id = CrossmatchFixtures.submit(Map.of("type", "sky", "left", cats[0].name(), "right", cats[1].name(),
                "radiusArcsec", 1.0));
        String status = given().delete("/api/v1/crossmatch/jobs/" + id).then().statusCode(200).extract().path("status");
        assertTrue(status.equals("CANCELLED") || status.equals("SUCCEEDED"), status);
        assertEquals(status, CrossmatchFixtures.awaitFinished(id).getString("status"));
    }

    private static long count(Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

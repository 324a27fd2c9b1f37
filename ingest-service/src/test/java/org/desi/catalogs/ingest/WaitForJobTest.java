package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/ingest/jobs/{id}?waitSeconds=N answers when the job ends, whoever ends it: here another
 * replica, played by this test's own connection writing the job's row.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class WaitForJobTest {

    /** A job another replica holds (its lease renewed far ahead, so this service's worker leaves it alone). */
    private static long runningElsewhere() throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); PreparedStatement s = c.prepareStatement(
                "INSERT INTO desi.ingest_run (catalog_name, profile, source, file_name, status, worker, heartbeat_at,"
                        + " started_at, attempts) VALUES (?, 'generic', 'elsewhere.fits', 'elsewhere.fits', 'RUNNING',"
                        + " 'another-replica', now() + interval '1 hour', now(), 1) RETURNING run_id")) {
            s.setString(1, IngestJobsTest.unique("wait"));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void end(long id, String status) throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); PreparedStatement s = c.prepareStatement(
                "UPDATE desi.ingest_run SET status = ?, finished_at = now() WHERE run_id = ?")) {
            s.setString(1, status);
            s.setLong(2, id);
            assertEquals(1, s.executeUpdate());
        }
    }

    @Test
    void aWaitingRequestAnswersWhenAnotherReplicaEndsTheJob() throws Exception {
        long id = runningElsewhere();
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                () -> given().get("/api/v1/ingest/jobs/" + id + "?waitSeconds=60"));
        Thread.sleep(1000);
        assertFalse(answer.isDone(), "the job is still RUNNING: the request waits");
        end(id, "SUCCEEDED");
        // answered by the announcement, long before its 60 s were up
        Response r = answer.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals("SUCCEEDED", r.jsonPath().getString("status"));
    }

    @Test
    void aCancelledOrFailedJobEndsTheWaitToo() throws Exception {
        for (String end : new String[] {"FAILED", "CANCELLED"}) {
            long id = runningElsewhere();
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                    () -> given().get("/api/v1/ingest/jobs/" + id + "?waitSeconds=60"));
            Thread.sleep(500);
            end(id, end);
            assertEquals(end, answer.get(30, TimeUnit.SECONDS).jsonPath().getString("status"));
        }
    }

    @Test
    void withoutAWaitOrOnceItIsUpTheJobIsAnsweredAsItIs() throws Exception {
        long id = runningElsewhere();
        given().get("/api/v1/ingest/jobs/" + id).then().statusCode(200).body("status", equalTo("RUNNING"));
        given().get("/api/v1/ingest/jobs/" + id + "?waitSeconds=0").then().statusCode(200).body("status", equalTo("RUNNING"));
        given().get("/api/v1/ingest/jobs/" + id + "?waitSeconds=1").then().statusCode(200).body("status", equalTo("RUNNING"));
        end(id, "CANCELLED");
        given().get("/api/v1/ingest/jobs/" + id + "?waitSeconds=60").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
    }

    @Test
    void aWaitOutsideZeroToSixtySecondsOrOfNoJobIsRefused() {
        for (String bad : new String[] {"-1", "61", "soon", "1.5"}) {
            given().get("/api/v1/ingest/jobs/1?waitSeconds=" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("waitSeconds must be an integer in [0, 60]"));
        }
        given().get("/api/v1/ingest/jobs/987654321?waitSeconds=2").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no ingest job 987654321"));
    }
}

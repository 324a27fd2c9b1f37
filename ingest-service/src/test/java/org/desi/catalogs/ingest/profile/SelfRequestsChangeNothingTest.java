package org.desi.catalogs.ingest.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.desi.catalogs.service.job.JobFinishedSignals;
import org.desi.catalogs.service.warmup.SelfRequests;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's requests to the service itself read, or are refused for their forged token: nothing is written;
 * the waiting read of a job that does not exist leaves the replica listening for finished jobs.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class SelfRequestsChangeNothingTest {

    @Test
    void publicReadsAnswerAndTheForgedTokenIsRefusedWithNothingWritten() throws Exception {
        long jobsBefore = count("SELECT count(*) FROM desi.ingest_run");
        List<SelfRequests.Request> requests = new ArrayList<>(LoadWarmUp.selfRequests());
        requests.add(SelfRequests.Request.refusedPost("/api/v1/ingest/jobs", "application/json"));
        Set<Integer> statuses = SelfRequests.send(io.restassured.RestAssured.port, requests);
        // 404: the waiting read of job 0, which does not exist
        assertEquals(Set.of(200, 401, 404), statuses);
        // ...and which left this replica listening for finished jobs
        assertTrue(count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND query ILIKE 'LISTEN %" + JobFinishedSignals.CHANNEL + "%'") >= 1);
        assertEquals(jobsBefore, count("SELECT count(*) FROM desi.ingest_run"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = 'warm_up'"));
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

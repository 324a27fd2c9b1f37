package org.desi.catalogs.ingest;

import static org.desi.catalogs.ingest.IngestJobsTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Set;
import org.desi.catalogs.service.warmup.SelfRequests;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/** The warm-up's requests to the service itself read, or are refused for their forged token: nothing is written. */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class SelfRequestsChangeNothingTest {

    @Test
    void publicReadsAnswerAndTheForgedTokenIsRefusedWithNothingWritten() throws Exception {
        long jobsBefore = count("SELECT count(*) FROM desi.ingest_run");
        Set<Integer> statuses = SelfRequests.send(io.restassured.RestAssured.port, List.of(
                SelfRequests.Request.get("/api/v1/ingest/jobs?limit=1"),
                SelfRequests.Request.refusedPost("/api/v1/ingest/uploads?profile=generic&catalog=warm_up",
                        "application/fits"),
                SelfRequests.Request.refusedPost("/api/v1/ingest/jobs", "application/json")));
        assertEquals(Set.of(200, 401), statuses);
        assertEquals(jobsBefore, count("SELECT count(*) FROM desi.ingest_run"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = 'warm_up'"));
    }
}

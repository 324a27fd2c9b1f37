package org.desi.catalogs.crossmatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import org.desi.catalogs.crossmatch.CrossmatchFixtures;
import org.desi.catalogs.crossmatch.CrossmatchFixtures.Catalog;
import org.desi.catalogs.crossmatch.CrossmatchSettings;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Two workers share one job: the service's worker pool (started by the test once the second worker
 * holds its partitions) and a second worker created here. The second leases a partition and dies
 * (never commits, never renews); after its lease expires the service's worker redoes that partition. It also finishes one partition honestly. The pairs come out exactly
 * once, identical to brute force.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
@TestProfile(TestStartedWorkers.Profile.class)
class LeaseTakeoverTest {

    @Inject
    AgroalDataSource db;
    @Inject
    CrossmatchSettings settings;
    @Inject
    MeterRegistry metrics;

    @Test
    void aKilledWorkersPartitionIsRedoneAndPairsComeOutExactlyOnce() throws Exception {
        Catalog[] cats = CrossmatchFixtures.seededPair(1234, 6000);
        PartitionWorker second = new PartitionWorker(db, settings, metrics);
        long id = CrossmatchFixtures.submit(Map.of("type", "sky", "left", cats[0].name(), "right", cats[1].name(),
                "radiusArcsec", 1.0));
        // the service's workers start only once the second worker holds its two partitions
        PartitionWorker.Lease dead = Claims.claimOf(second, id);
        assertNotNull(dead, "the second worker must get a partition of the job");
        PartitionWorker.Lease honest = Claims.claimOf(second, id);
        assertNotNull(honest, "and a second one");
        JsonPath job;
        try (TestStartedWorkers service = TestStartedWorkers.start(db, settings, metrics)) {
            second.run(honest);
            job = CrossmatchFixtures.awaitFinished(id);
        }
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(CrossmatchFixtures.bruteForce(cats[0], cats[1], 1.0), CrossmatchFixtures.storedPairs(id));
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT attempts, lease_owner FROM desi.crossmatch_partition WHERE job_id = "
                     + id + " AND partition_no = " + dead.partitionNo())) {
            rs.next();
            assertTrue(rs.getInt(1) >= 2, "the dead worker's partition was leased again");
            assertTrue(!rs.getString(2).equals(second.workerId()), "and finished by the other worker");
        }
        // the dead worker wakes up and tries to commit stale results: they are discarded
        Set<String> before = CrossmatchFixtures.storedPairs(id);
        assertNull(second.commit(dead, new PartitionResult() {
            public long rows() {
                return 1;
            }

            public long rowsProcessed() {
                return 1;
            }

            public void copyInto(Connection tx) {
                throw new AssertionError("a lost lease must never write");
            }
        }));
        assertEquals(before, CrossmatchFixtures.storedPairs(id));
    }
}

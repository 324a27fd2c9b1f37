package org.desi.catalogs.crossmatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.desi.catalogs.crossmatch.CrossmatchFixtures;
import org.desi.catalogs.crossmatch.CrossmatchSettings;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestCatalogs;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A voids job writes into a stage table of its own that becomes the pair's galaxy_environment
 * partition when the job succeeds (schema v14): readers see the previous job's rows, all of them,
 * until then, and all of the new ones after; the writer role cannot change partitions except
 * through the schema's functions; left-over stage tables and partitions of deleted catalogs go.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
@TestProfile(TestStartedWorkers.Profile.class)
class EnvironmentPublishingTest {

    @Inject
    AgroalDataSource db;
    @Inject
    CrossmatchSettings settings;
    @Inject
    MeterRegistry metrics;

    /** The replica's workers; the rerun test stops them while a second worker takes its partition. */
    private TestStartedWorkers workers;

    @BeforeEach
    void startWorkers() {
        workers = TestStartedWorkers.start(db, settings, metrics);
    }

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    @Test
    void aRerunsRowsReplaceTheOldOnesAllAtOnceWhenItSucceeds() throws Exception {
        int[] pair = seededPair(2024, 3000);
        String galaxies = name(pair[0]);
        String voids = name(pair[1]);
        long first = CrossmatchFixtures.submit(Map.of("type", "voids", "galaxies", galaxies, "voids", voids));
        assertEquals("SUCCEEDED", CrossmatchFixtures.awaitFinished(first).getString("status"));
        Map<Long, String> placedFirst = placements(pair);
        assertEquals(3000, placedFirst.size());

        // the rerun: a second worker takes one partition and dies with it, so the job stays RUNNING
        // (until that lease expires) while the service's worker finishes every other partition
        workers.close();
        long rerun = CrossmatchFixtures.submit(Map.of("type", "voids", "galaxies", galaxies, "voids", voids));
        PartitionWorker dead = new PartitionWorker(db, settings, metrics);
        PartitionWorker.Lease held = Claims.claimOf(dead, rerun);
        assertNotNull(held, "the second worker must get a partition of the rerun");
        workers = TestStartedWorkers.start(db, settings, metrics);
        boolean seenMostlyDone = false;
        long deadline = System.nanoTime() + 2_000_000_000L;   // inside the 3 s test lease
        while (System.nanoTime() < deadline) {
            try (Connection c = TestDatabase.connect(TestDatabase.READER); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT j.status, j.partitions_done, j.partitions_total,"
                         + " (SELECT count(*) FILTER (WHERE e.job_id = " + first + ") || ' ' || count(*)"
                         + "  FROM desi.galaxy_environment e WHERE e.galaxy_catalog_id = " + pair[0]
                         + "  AND e.void_catalog_id = " + pair[1] + ")"
                         + " FROM desi.crossmatch_job j WHERE j.job_id = " + rerun)) {
                rs.next();
                if (!rs.getString(1).equals("RUNNING")) {
                    break;
                }
                // one statement, one snapshot: while RUNNING only the first job's rows are there, all of them
                assertEquals("3000 3000", rs.getString(4), "rows visible while the rerun runs");
                if (rs.getInt(2) == rs.getInt(3) - 2) {   // all but the held one and the publishing step
                    seenMostlyDone = true;
                    break;
                }
            }
            Thread.sleep(20);
        }
        assertTrue(seenMostlyDone, "the rerun was never seen RUNNING with all but the held partition and the publishing step done");
        JsonPath job = CrossmatchFixtures.awaitFinished(rerun);   // the held lease expires; the service redoes it
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(placedFirst, placements(pair), "the same data placed the same way");
        try (Connection c = TestDatabase.connect(TestDatabase.READER); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*), min(job_id), max(job_id) FROM desi.galaxy_environment"
                    + " WHERE galaxy_catalog_id = " + pair[0] + " AND void_catalog_id = " + pair[1])) {
                rs.next();
                assertEquals(3000, rs.getLong(1));
                assertEquals(rerun, rs.getLong(2));
                assertEquals(rerun, rs.getLong(3));
            }
            // one partition for the pair, the rerun's table, with the parent's two indexes
            try (ResultSet rs = s.executeQuery("SELECT p.partition::text, (SELECT count(*) FROM pg_index i"
                    + " WHERE i.indrelid = p.partition AND i.indisvalid) FROM desi.galaxy_environment_partitions p"
                    + " WHERE p.galaxy_catalog_id = " + pair[0] + " AND p.void_catalog_id = " + pair[1])) {
                assertTrue(rs.next());
                assertEquals("desi.galaxy_environment_job_" + rerun, rs.getString(1));
                assertEquals(2, rs.getInt(2));
                assertFalse(rs.next(), "one partition per pair");
            }
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('desi.galaxy_environment_job_" + first + "')")) {
                rs.next();
                assertEquals(null, rs.getString(1), "the first job's partition was dropped");
            }
        }
    }

    @Test
    void theWriterChangesPartitionsOnlyThroughTheSchemasFunctions() throws Exception {
        int[] pair = seededPair(77, 300);
        long id = CrossmatchFixtures.submit(Map.of("type", "voids", "galaxies", name(pair[0]), "voids", name(pair[1])));
        assertEquals("SUCCEEDED", CrossmatchFixtures.awaitFinished(id).getString("status"));
        String partition = "desi.galaxy_environment_job_" + id;
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            for (String ddl : List.of("DROP TABLE " + partition,
                    "ALTER TABLE desi.galaxy_environment DETACH PARTITION " + partition,
                    "CREATE TABLE desi.galaxy_environment_x PARTITION OF desi.galaxy_environment"
                            + " FOR VALUES FROM (" + pair[0] + ", 999999) TO (" + pair[0] + ", 1000000)")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(ddl), ddl);
                assertEquals("42501", e.getSQLState(), ddl + ": " + e.getMessage());   // insufficient_privilege
            }
            assertEquals(300, count(s, "SELECT count(*) FROM " + partition + " WHERE job_id = " + id));
            // rows one by one go into the partition the function creates, not into the job's
            int other = TestCatalogs.createVoidFinder(c, CrossmatchFixtures.unique("vfx"), 0.315, 0, 500,
                    new double[][] {{0, 0, 0, 50, 10, 0}}, new double[][] {{0, 0, 50, 10, 0}});
            SQLException none = assertThrows(SQLException.class, () -> s.execute("INSERT INTO desi.galaxy_environment"
                    + " (galaxy_catalog_id, object_id, void_catalog_id, environment) VALUES (" + pair[0] + ", 1, "
                    + other + ", 'outside')"));
            assertEquals("23514", none.getSQLState(), none.getMessage());   // no partition for the row
            TestCatalogs.environmentPartition(c, pair[0], other);
            s.execute("INSERT INTO desi.galaxy_environment (galaxy_catalog_id, object_id, void_catalog_id, environment)"
                    + " VALUES (" + pair[0] + ", 1, " + other + ", 'outside')");
            assertEquals(2, count(s, "SELECT count(*) FROM desi.galaxy_environment_partitions WHERE galaxy_catalog_id = "
                    + pair[0]));
            // deleting the galaxy catalog drops both of its partitions
            s.execute("DELETE FROM desi.catalog WHERE catalog_id = " + pair[0]);
            assertEquals(0, count(s, "SELECT count(*) FROM desi.galaxy_environment_partitions WHERE galaxy_catalog_id = "
                    + pair[0]));
            assertEquals(0, count(s, "SELECT count(*) FROM pg_class WHERE oid = to_regclass('" + partition + "')"));
        }
    }

    @Test
    void stageTablesOfJobsNoLongerRunningAreDroppedByTheNextJob() throws Exception {
        int[] pair = seededPair(5, 10);
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            // jobs without partitions: no worker claims them, so this test alone moves them
            long cancelled = insertJob(c, pair);
            long queued = insertJob(c, pair);
            s.execute("SELECT desi.galaxy_environment_stage(" + cancelled + ")");
            s.execute("SELECT desi.galaxy_environment_stage(" + queued + ")");
            s.execute("UPDATE desi.crossmatch_job SET status = 'CANCELLED' WHERE job_id = " + cancelled);
            long next = insertJob(c, pair);
            s.execute("SELECT desi.galaxy_environment_stage(" + next + ")");
            assertEquals(0, count(s, "SELECT count(*) FROM pg_class WHERE relname = 'galaxy_environment_job_"
                    + cancelled + "'"), "a cancelled job's stage table is dropped");
            assertEquals(1, count(s, "SELECT count(*) FROM pg_class WHERE relname = 'galaxy_environment_job_"
                    + queued + "'"), "a queued job's stage table is kept");
            // a stage table is invisible to readers of galaxy_environment until published
            s.execute("INSERT INTO desi.galaxy_environment_job_" + next + " (galaxy_catalog_id, object_id,"
                    + " void_catalog_id, job_id, environment) VALUES (" + pair[0] + ", 42, " + pair[1] + ", " + next
                    + ", 'outside')");
            assertEquals(0, count(s, "SELECT count(*) FROM desi.galaxy_environment WHERE job_id = " + next));
            SQLException wrongPair = assertThrows(SQLException.class, () -> s.execute("INSERT INTO"
                    + " desi.galaxy_environment_job_" + next + " (galaxy_catalog_id, object_id, void_catalog_id,"
                    + " environment) VALUES (" + pair[0] + ", 43, " + (pair[1] + 1) + ", 'outside')"));
            assertEquals("23514", wrongPair.getSQLState(), wrongPair.getMessage());   // the stage's pair check
            s.execute("SELECT desi.galaxy_environment_publish(" + next + ")");
            assertEquals(1, count(s, "SELECT count(*) FROM desi.galaxy_environment WHERE job_id = " + next));
            s.execute("UPDATE desi.crossmatch_job SET status = 'CANCELLED' WHERE job_id IN (" + queued + ", " + next
                    + ")");
        }
    }

    @Test
    void aPublishingStepWhoseWorkerDiedIsRedoneKeepingTheIndexItBuilt() throws Exception {
        int[] pair = seededPair(99, 10);
        long id;
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            // as a dead worker leaves it: every galaxy placed in the stage table, the primary key's index
            // built, the publishing step leased and its lease expired
            id = insertJob(c, pair);
            s.execute("SELECT desi.galaxy_environment_stage(" + id + ")");
            s.execute("INSERT INTO desi.galaxy_environment_job_" + id + " (galaxy_catalog_id, object_id,"
                    + " void_catalog_id, job_id, environment) SELECT " + pair[0] + ", x, " + pair[1] + ", " + id
                    + ", 'outside' FROM generate_series(1, 10) x");
            s.execute("SELECT desi.galaxy_environment_index(" + id + ", 1)");
            s.execute("INSERT INTO desi.crossmatch_partition (job_id, partition_no, zone_min, zone_max, status, step,"
                    + " lease_owner, lease_expires_at, attempts) VALUES (" + id + ", 0, 0, 0, 'DONE', 'match', NULL,"
                    + " NULL, 1), (" + id + ", 1, 0, 0, 'LEASED', 'publish', 'dead', clock_timestamp()"
                    + " - interval '1 second', 1)");
            s.execute("UPDATE desi.crossmatch_job SET status = 'RUNNING', started_at = now(), partitions_total = 2,"
                    + " partitions_done = 1 WHERE job_id = " + id);
        }
        JsonPath job = CrossmatchFixtures.awaitFinished(id);
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        try (Connection c = TestDatabase.connect(TestDatabase.READER); Statement s = c.createStatement()) {
            assertEquals(10, count(s, "SELECT count(*) FROM desi.galaxy_environment WHERE galaxy_catalog_id = "
                    + pair[0] + " AND void_catalog_id = " + pair[1] + " AND job_id = " + id));
            assertEquals(2, count(s, "SELECT attempts FROM desi.crossmatch_partition WHERE job_id = " + id
                    + " AND partition_no = 1"));
            assertEquals(1, count(s, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'desi.galaxy_environment_job_"
                    + id + "'::regclass AND contype = 'p' AND conname = 'galaxy_environment_job_" + id + "_pkey'"));
        }
    }

    private static long insertJob(Connection c, int[] pair) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.crossmatch_job (type, left_catalog_id,"
                + " right_catalog_id) VALUES ('voids', ?, ?) RETURNING job_id")) {
            s.setInt(1, pair[0]);
            s.setInt(2, pair[1]);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** n seeded galaxies within 120 Mpc/h and a VoidFinder catalog of 20 one-hole voids; {galaxy id, void id}. */
    private static int[] seededPair(long seed, int n) throws SQLException {
        Random r = new Random(seed);
        long[] ids = new long[n];
        double[] ra = new double[n];
        double[] dec = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000L + 7L * i;
            ra[i] = r.nextDouble() * 360;
            dec[i] = Math.toDegrees(Math.asin(2 * r.nextDouble() - 1));
            z[i] = 0.002 + 0.038 * r.nextDouble();
        }
        List<double[]> voids = new ArrayList<>();
        List<double[]> holes = new ArrayList<>();
        for (int v = 0; v < 20; v++) {
            double[] c = {r.nextGaussian() * 50, r.nextGaussian() * 50, r.nextGaussian() * 50};
            double radius = 10 + 10 * r.nextDouble();
            voids.add(new double[] {v, c[0], c[1], c[2], radius, v % 5 == 0 ? 1 : 0});
            holes.add(new double[] {c[0], c[1], c[2], radius, v});
        }
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            int g = TestCatalogs.createPositional(c, CrossmatchFixtures.unique("pubgal"), ids, ra, dec, z);
            int v = TestCatalogs.createVoidFinder(c, CrossmatchFixtures.unique("pubvf"), 0.315, 5, 110,
                    voids.toArray(double[][]::new), holes.toArray(double[][]::new));
            return new int[] {g, v};
        }
    }

    private static String name(int catalogId) throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.READER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM desi.catalog WHERE catalog_id = " + catalogId)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Map<Long, String> placements(int[] pair) throws SQLException {
        Map<Long, String> out = new TreeMap<>();
        try (Connection c = TestDatabase.connect(TestDatabase.READER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT object_id, environment, void_id, distance_mpc_per_h"
                     + " FROM desi.galaxy_environment WHERE galaxy_catalog_id = " + pair[0]
                     + " AND void_catalog_id = " + pair[1])) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2) + " " + rs.getObject(3) + " " + rs.getObject(4));
            }
        }
        return out;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package org.desi.catalogs.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.desi.catalogs.schema.CatalogSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migrations on an empty database: they apply, a second run changes nothing, the roles get least
 * privilege; and upgrades of a database holding rows keep them.
 */
class MigrationTest {

    private final String db = "desi_migration_" + Long.toHexString(System.nanoTime());

    @BeforeEach
    void createEmptyDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl("postgres"), TestDatabase.OWNER.user(),
                TestDatabase.OWNER.password()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl("postgres"), TestDatabase.OWNER.user(),
                TestDatabase.OWNER.password()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    @Test
    void appliesOnAnEmptyDatabaseAndIsIdempotent() throws SQLException {
        String url = TestDatabase.jdbcUrl(db);
        String writer = TestDatabase.WRITER.user();
        String reader = TestDatabase.READER.user();
        int first = SchemaMigrator.migrate(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password(), writer, reader);
        assertEquals(CatalogSchema.EXPECTED_VERSION, first);
        int second = SchemaMigrator.migrate(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password(), writer, reader);
        assertEquals(0, second, "a second start must apply nothing");

        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement()) {
            s.execute("GRANT CONNECT ON DATABASE " + db + " TO " + writer + ", " + reader);
            ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'desi'");
            rs.next();
            assertTrue(rs.getInt(1) >= 15, "expected the v1 tables, found " + rs.getInt(1));
            rs = s.executeQuery("SELECT col_description('desi.fastspecfit_galaxy'::regclass, 6)");
            rs.next();
            assertTrue(rs.getString(1).contains("[deg]"), "columns carry their units: " + rs.getString(1));
        }
        try (Connection c = DriverManager.getConnection(url, reader, TestDatabase.READER.password());
             Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM desi.catalog").close();
            SQLException e = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO desi.catalog (name, kind, table_name, id_column) VALUES ('x', 'generic', 't', 'id')"));
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        }
        try (Connection c = DriverManager.getConnection(url, writer, TestDatabase.WRITER.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO desi.catalog (name, kind, table_name, id_column) VALUES ('x', 'generic', 't', 'id')");
            SQLException e = assertThrows(SQLException.class, () -> s.execute("DROP TABLE desi.catalog CASCADE"));
            assertTrue(e.getMessage().contains("must be owner"), e.getMessage());
        }
    }

    @Test
    void upgradeToV14MovesEveryEnvironmentRowIntoItsPairsPartitionAndEndsVoidsJobsPlannedByZone()
            throws SQLException {
        String url = TestDatabase.jdbcUrl(db);
        migrateTo("13");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO desi.catalog (catalog_id, name, kind, table_name, id_column) OVERRIDING SYSTEM VALUE"
                    + " VALUES (1, 'g', 'fastspecfit', 'desi.fastspecfit_galaxy', 'targetid'),"
                    + " (2, 'vf', 'voidfinder', 'desi.voidfinder_void', 'void_id'),"
                    + " (3, 'v2', 'v2', 'desi.v2_void', 'void_id')");
            s.execute("INSERT INTO desi.crossmatch_job (job_id, type, left_catalog_id, right_catalog_id, status,"
                    + " radius_arcsec, mode) OVERRIDING SYSTEM VALUE VALUES (7, 'voids', 1, 2, 'SUCCEEDED', NULL, NULL),"
                    + " (8, 'voids', 1, 3, 'RUNNING', NULL, NULL), (9, 'sky', 1, 1, 'QUEUED', 1, 'all')");
            // 1,000 placements of (g, vf) and 300 of (g, v2), with NULLs where outside galaxies have them
            s.execute("INSERT INTO desi.galaxy_environment SELECT 1, x, 2, 7, CASE WHEN x % 3 = 0 THEN 'outside'"
                    + " ELSE 'void' END, CASE WHEN x % 3 = 0 THEN NULL ELSE x % 17 END, CASE WHEN x % 3 = 0 THEN NULL"
                    + " ELSE x / 100.0 END, NULL FROM generate_series(1, 1000) x");
            s.execute("INSERT INTO desi.galaxy_environment SELECT 1, x, 3, 8, 'wall', 5, 1.5, 0.5"
                    + " FROM generate_series(1, 300) x");
        }
        String before = environmentDigest(url);
        assertEquals(1, migrateTo("14"));
        assertEquals(before, environmentDigest(url), "every row, every value, after the upgrade");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT string_agg(galaxy_catalog_id || '/' || void_catalog_id || ':' ||"
                    + " (SELECT count(*) FROM desi.galaxy_environment e WHERE e.galaxy_catalog_id = p.galaxy_catalog_id"
                    + " AND e.void_catalog_id = p.void_catalog_id), ' ' ORDER BY void_catalog_id)"
                    + " FROM desi.galaxy_environment_partitions p");
            rs.next();
            assertEquals("1/2:1000 1/3:300", rs.getString(1), "one partition per pair");
            rs = s.executeQuery("SELECT string_agg(job_id || ' ' || status, ', ' ORDER BY job_id)"
                    + " FROM desi.crossmatch_job");
            rs.next();
            assertEquals("7 SUCCEEDED, 8 FAILED, 9 QUEUED", rs.getString(1),
                    "a voids job planned by zone bands cannot go on; others are untouched");
            rs = s.executeQuery("SELECT error FROM desi.crossmatch_job WHERE job_id = 8");
            rs.next();
            assertTrue(rs.getString(1).contains("submit it again"), rs.getString(1));
        }
    }

    @Test
    void upgradeToV17MovesEveryFastSpecFitRowIntoItsFilesPartitionAndDeletingAFileDropsItsRowsAtCommit()
            throws SQLException {
        String url = TestDatabase.jdbcUrl(db);
        String writer = TestDatabase.WRITER.user();
        seededAtV16();
        String before = fastSpecFitDigest(url);
        assertEquals(1, migrateTo("17"));
        assertEquals(before, fastSpecFitDigest(url), "every row, every value, after the upgrade");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement()) {
            s.execute("GRANT CONNECT ON DATABASE " + db + " TO " + writer);
            assertEquals("fastspecfit_galaxy_f11:1000 fastspecfit_galaxy_f12:500 fastspecfit_galaxy_f13:300",
                    partitionCounts(s), "one partition per source file");
            ResultSet rs = s.executeQuery("SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_inherits i"
                    + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'desi.fastspecfit_galaxy'::regclass");
            rs.next();
            assertEquals("fastspecfit_galaxy_c1 fastspecfit_galaxy_c2", rs.getString(1), "one per catalog above them");
        }
        try (Connection c = DriverManager.getConnection(url, writer, TestDatabase.WRITER.password());
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute("INSERT INTO desi.fastspecfit_galaxy"
                    + " (catalog_id, targetid, ra, dec, zone, source_file_id) VALUES (1, 5, 1, 1, 1, 11)"));
            assertEquals("23505", e.getSQLState(), "a TARGETID once per file: " + e.getMessage());
            c.setAutoCommit(false);
            s.execute("DELETE FROM desi.catalog_source_file WHERE file_id = 12");
            assertEquals(1500, count(s, "SELECT count(*) FROM desi.fastspecfit_galaxy WHERE catalog_id = 1"),
                    "the rows stay readable until the deleting transaction commits");
            c.commit();
            assertEquals(1000, count(s, "SELECT count(*) FROM desi.fastspecfit_galaxy WHERE catalog_id = 1"));
            assertEquals(0, count(s, "SELECT count(*) FROM pg_class WHERE relname = 'fastspecfit_galaxy_f12'"),
                    "the file's partition is dropped");
            s.execute("DELETE FROM desi.catalog WHERE catalog_id = 2");
            c.commit();
            assertEquals(0, count(s, "SELECT count(*) FROM pg_class WHERE relname ~ '^fastspecfit_galaxy_[cf](2|13)$'"),
                    "a deleted catalog's partitions are dropped");
            assertEquals(1000, count(s, "SELECT count(*) FROM desi.fastspecfit_galaxy"));
        }
    }

    @Test
    void upgradeToV18GivesEveryFilesIndexesThePositionsAndKeepsItsRowsAndUniqueness() throws SQLException {
        String url = TestDatabase.jdbcUrl(db);
        String writer = TestDatabase.WRITER.user();
        upgradeSeededKeepingEveryRow("17", "18");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement()) {
            assertEquals("f11 f12 f13", keysWithPositions(s), "every file's key carries (ra, dec, z)");
            assertEquals("f11 f12 f13", zoneIndexesWithPositions(s), "every file's zone index carries (dec, targetid)");
        }
        try (Connection c = DriverManager.getConnection(url, writer, TestDatabase.WRITER.password());
             Statement s = c.createStatement()) {
            assertTargetIdOncePerFile(s);
            // a file attached after the upgrade gets the same key, built once (attaching builds none of its own)
            s.execute("SELECT desi.fastspecfit_partition(14)");
            assertEquals("f11 f12 f13 f14", keysWithPositions(s));
            assertEquals("f11 f12 f13 f14", zoneIndexesWithPositions(s));
            assertEquals(2, count(s, "SELECT count(*) FROM pg_index WHERE indrelid = 'desi.fastspecfit_galaxy_f14'::regclass"));
        }
    }

    @Test
    void upgradeToV19LeadsEveryFilesIndexesWithTheColumnsThatVaryAndKeepsItsRowsUniquenessAndIndexOnlyReads()
            throws SQLException {
        String url = TestDatabase.jdbcUrl(db);
        String writer = TestDatabase.WRITER.user();
        upgradeSeededKeepingEveryRow("18", "19");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement()) {
            assertEquals("f11 f12 f13", partitionsWithIndex(s, "i.indisprimary", V19_KEY), "every file's key");
            assertEquals("f11 f12 f13", partitionsWithIndex(s, "NOT i.indisprimary", V19_ZONE_INDEX),
                    "every file's zone index");
            s.execute("VACUUM desi.fastspecfit_galaxy");   // the seeded rows were inserted, not loaded frozen
        }
        try (Connection c = DriverManager.getConnection(url, writer, TestDatabase.WRITER.password());
             Statement s = c.createStatement()) {
            assertTargetIdOncePerFile(s);
            // catalog 2's file holds TARGETIDs 1..300 too: the key is per catalog and file, as before
            assertEquals(300, count(s, "SELECT count(*) FROM desi.fastspecfit_galaxy g1 JOIN desi.fastspecfit_galaxy g2"
                    + " USING (targetid) WHERE g1.catalog_id = 1 AND g2.catalog_id = 2"));
            s.execute("SELECT desi.fastspecfit_partition(14)");
            assertEquals("f11 f12 f13 f14", partitionsWithIndex(s, "i.indisprimary", V19_KEY),
                    "a file attached after the upgrade gets the same key");
            assertEquals("f11 f12 f13 f14", partitionsWithIndex(s, "NOT i.indisprimary", V19_ZONE_INDEX));
            // what the readers ask (a voids job's TARGETID range, a sky cross-match's band of zones, both naming
            // the catalog) is still answered from each of the catalog's two files' indexes alone
            s.execute("SET enable_seqscan = off");
            s.execute("SET enable_bitmapscan = off");
            assertIndexOnlyScans(s, "SELECT targetid, ra, dec, z FROM desi.fastspecfit_galaxy WHERE catalog_id = 1"
                    + " AND targetid >= 100 AND targetid <= 1200", "((targetid >= 100) AND (targetid <= 1200)"
                    + " AND (catalog_id = 1))");
            assertIndexOnlyScans(s, "SELECT targetid, ra, dec FROM desi.fastspecfit_galaxy WHERE catalog_id = 1"
                    + " AND zone BETWEEN 10 AND 20", "((zone >= 10) AND (zone <= 20))");
        }
    }

    private static final String V19_KEY = "(targetid, catalog_id, source_file_id) INCLUDE (ra, \"dec\", z)";
    private static final String V19_ZONE_INDEX = "(zone, ra) INCLUDE (\"dec\", targetid, catalog_id)";

    /** {@code sql}'s plan reads catalog 1's two file partitions by index-only scans whose condition is {@code cond}. */
    private static void assertIndexOnlyScans(Statement s, String sql, String cond) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN (COSTS OFF) " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        String text = plan.toString();
        assertEquals(2, text.split("Index Only Scan using fastspecfit_galaxy_f1[12]_", -1).length - 1, text);
        assertEquals(2, text.split("Index Cond: " + java.util.regex.Pattern.quote(cond), -1).length - 1, text);
        assertFalse(text.contains("Seq Scan") || text.contains("Bitmap") || text.contains("Index Scan"), text);
    }

    /** The file partitions (f<file id>, by name) whose primary key includes (ra, dec, z). */
    private static String keysWithPositions(Statement s) throws SQLException {
        return partitionsWithIndex(s, "i.indisprimary",
                "(catalog_id, targetid, source_file_id) INCLUDE (ra, \"dec\", z)");
    }

    /** The file partitions (f<file id>, by name) whose (catalog_id, zone, ra) index includes (dec, targetid). */
    private static String zoneIndexesWithPositions(Statement s) throws SQLException {
        return partitionsWithIndex(s, "NOT i.indisprimary", "(catalog_id, zone, ra) INCLUDE (\"dec\", targetid)");
    }

    private static String partitionsWithIndex(Statement s, String kind, String definitionEnd) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT string_agg(substring(t.relname FROM '_(f[0-9]+)$'), ' ' ORDER BY t.relname)"
                + " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE " + kind
                + " AND t.relname ~ '^fastspecfit_galaxy_f[0-9]+$'"
                + " AND pg_get_indexdef(i.indexrelid) LIKE '%" + definitionEnd + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void upgradeToV17RefusesRowsWithoutASourceFileAndKeepsThem() throws SQLException {
        String url = TestDatabase.jdbcUrl(db);
        seededAtV16();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO desi.fastspecfit_galaxy (catalog_id, targetid, ra, dec, zone) VALUES (1, 99999, 1, 1, 1)");
        }
        String before = fastSpecFitDigest(url);
        Exception e = assertThrows(Exception.class, () -> migrateTo("17"));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("1 rows of fastspecfit_galaxy have no source file"), messages.toString());
        assertEquals(before, fastSpecFitDigest(url), "the failed upgrade rolled back: v16's rows are all there");
    }

    /** Migrates this test's database up to {@code version}; returns how many migrations ran. */
    private int migrateTo(String version) throws SQLException {
        return SchemaMigrator.migrate(TestDatabase.jdbcUrl(db), TestDatabase.OWNER.user(), TestDatabase.OWNER.password(),
                TestDatabase.WRITER.user(), TestDatabase.READER.user(), version);
    }

    /**
     * Seeds v16's FastSpecFit rows, migrates to {@code from}, then to {@code to} (one migration), and checks that every
     * row and value and every file's partition are kept; the writer may connect afterwards.
     */
    private void upgradeSeededKeepingEveryRow(String from, String to) throws SQLException {
        String url = TestDatabase.jdbcUrl(db);
        seededAtV16();
        migrateTo(from);
        String before = fastSpecFitDigest(url);
        assertEquals(1, migrateTo(to));
        assertEquals(before, fastSpecFitDigest(url), "every row, every value, after the upgrade");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement()) {
            s.execute("GRANT CONNECT ON DATABASE " + db + " TO " + TestDatabase.WRITER.user());
            assertEquals("fastspecfit_galaxy_f11:1000 fastspecfit_galaxy_f12:500 fastspecfit_galaxy_f13:300",
                    partitionCounts(s), "the partitions are kept");
            // a source file (14, of catalog 2) registered after the upgrade, for the tests to attach
            s.execute("INSERT INTO desi.catalog_source_file (catalog_id, file_id, file_name, sha256, size_bytes,"
                    + " row_count) OVERRIDING SYSTEM VALUE VALUES (2, 14, 'd.fits', repeat('d', 64), 1, 0)");
        }
    }

    /** Inserting TARGETID 5 again into file 11 is a unique violation, wherever the new row lies. */
    private static void assertTargetIdOncePerFile(Statement s) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute("INSERT INTO desi.fastspecfit_galaxy"
                + " (catalog_id, targetid, ra, dec, zone, source_file_id) VALUES (1, 5, 2, 2, 2, 11)"));
        assertEquals("23505", e.getSQLState(), "still a TARGETID once per file, whatever its position: " + e.getMessage());
    }

    /** This test's database at v16 holding {@link #seedTwoFastSpecFitCatalogs}' rows. */
    private void seededAtV16() throws SQLException {
        migrateTo("16");
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(db), TestDatabase.OWNER.user(),
                TestDatabase.OWNER.password()); Statement s = c.createStatement()) {
            seedTwoFastSpecFitCatalogs(s);
        }
    }

    /** Catalogs 1 (files 11: 1,000 rows, 12: 500) and 2 (file 13: 300 rows, TARGETIDs that catalog 1 also has). */
    private static void seedTwoFastSpecFitCatalogs(Statement s) throws SQLException {
        s.execute("INSERT INTO desi.catalog (catalog_id, name, kind, table_name, id_column) OVERRIDING SYSTEM VALUE"
                + " VALUES (1, 'g1', 'fastspecfit', 'desi.fastspecfit_galaxy', 'targetid'),"
                + " (2, 'g2', 'fastspecfit', 'desi.fastspecfit_galaxy', 'targetid')");
        s.execute("INSERT INTO desi.catalog_source_file (catalog_id, file_id, file_name, sha256, size_bytes, row_count)"
                + " OVERRIDING SYSTEM VALUE VALUES (1, 11, 'a.fits', repeat('a', 64), 1, 1000),"
                + " (1, 12, 'b.fits', repeat('b', 64), 1, 500), (2, 13, 'c.fits', repeat('c', 64), 1, 300)");
        s.execute("INSERT INTO desi.fastspecfit_galaxy (catalog_id, targetid, survey, program, healpix, ra, dec, zone,"
                + " z, zwarn, deltachi2, spectype, logmstar, sfr, dn4000, source_file_id, source_row)"
                + " SELECT CASE WHEN x <= 1500 THEN 1 ELSE 2 END, CASE WHEN x <= 1500 THEN x ELSE x - 1500 END, 'main',"
                + " 'bright', x % 7, (x * 0.37) % 360, (x % 180) - 89.5, x % 360, x / 3000.0, x % 3, x * 1.5, 'GALAXY',"
                + " 10 + (x % 20) / 10.0, CASE WHEN x % 11 = 0 THEN NULL ELSE x / 100.0 END, 1.5, CASE WHEN x <= 1000"
                + " THEN 11 WHEN x <= 1500 THEN 12 ELSE 13 END, x FROM generate_series(1, 1800) x");
    }

    /** All FastSpecFit rows, in key order, as one md5 (computed by PostgreSQL, independent of the upgrade). */
    private static String fastSpecFitDigest(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) || ' ' || md5(string_agg("
                     + "g::text, ',' ORDER BY catalog_id, targetid)) FROM desi.fastspecfit_galaxy g")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** "partition:rows" of every FastSpecFit file partition, by name. */
    private static String partitionCounts(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT string_agg(t || ':' || n, ' ' ORDER BY t) FROM (SELECT"
                + " tableoid::regclass::text AS t, count(*) AS n FROM desi.fastspecfit_galaxy GROUP BY 1) p")) {
            rs.next();
            return rs.getString(1).replace("desi.", "");
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** All galaxy_environment rows, in key order, as one md5 (computed by PostgreSQL, independent of the upgrade). */
    private static String environmentDigest(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) || ' ' || md5(string_agg("
                     + "e::text, ',' ORDER BY galaxy_catalog_id, void_catalog_id, object_id)) FROM (SELECT galaxy_catalog_id,"
                     + " object_id, void_catalog_id, job_id, environment, void_id, distance_mpc_per_h, r_over_reff"
                     + " FROM desi.galaxy_environment) e")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

package org.desi.catalogs.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        String writer = TestDatabase.WRITER.user();
        String reader = TestDatabase.READER.user();
        SchemaMigrator.migrate(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password(), writer, reader, "13");
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
        assertEquals(1, SchemaMigrator.migrate(url, TestDatabase.OWNER.user(), TestDatabase.OWNER.password(), writer,
                reader, "14"));
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

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

/** The migrations on an empty database: they apply, a second run changes nothing, the roles get least privilege. */
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
}

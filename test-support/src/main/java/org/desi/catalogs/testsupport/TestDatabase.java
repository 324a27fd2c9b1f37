package org.desi.catalogs.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The local PostgreSQL database the tests use, created by {@code scripts/db-setup.sh} (which
 * {@code make test} runs first). Every value can be overridden by the environment variable named in
 * brackets, so CI or a developer can point the tests elsewhere.
 */
public final class TestDatabase {

    /** Host [DESI_TEST_DB_HOST, then PGHOST; default 127.0.0.1]. */
    public static final String HOST = env("DESI_TEST_DB_HOST", env("PGHOST", "127.0.0.1"));
    /** Port [DESI_TEST_DB_PORT, then PGPORT; default 5432]. */
    public static final int PORT = Integer.parseInt(env("DESI_TEST_DB_PORT", env("PGPORT", "5432")));
    /** Database [DESI_TEST_DB_NAME; default desi_test]. */
    public static final String NAME = env("DESI_TEST_DB_NAME", "desi_test");

    public static final Role OWNER = role("OWNER", "desi_owner");
    public static final Role WRITER = role("WRITER", "desi_writer");
    public static final Role READER = role("READER", "desi_reader");

    /** A database login: user and password. */
    public record Role(String user, String password) {
    }

    private TestDatabase() {
    }

    public static String jdbcUrl() {
        return jdbcUrl(NAME);
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** A JDBC connection to the test database as the given role. */
    public static Connection connect(Role role) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), role.user(), role.password());
    }

    /** Migrates the test database as the owner (a no-op when it is current). */
    public static synchronized void migrate() {
        SchemaMigrator.migrate(jdbcUrl(), OWNER.user(), OWNER.password(), WRITER.user(), READER.user());
    }

    /** The service settings ({@code desi.db.*}) that point a service at the test database as {@code role}. */
    /** The service under test's database settings, plus the test token issuer it trusts ({@link TestTokens}). */
    public static Map<String, String> serviceConfig(Role role) {
        Map<String, String> config = new java.util.HashMap<>(TestTokens.serviceConfig());
        config.putAll(Map.of(
                "desi.db.host", HOST,
                "desi.db.port", Integer.toString(PORT),
                "desi.db.name", NAME,
                "desi.db.user", role.user(),
                "desi.db.password", role.password(),
                "desi.db.owner-user", OWNER.user(),
                "desi.db.owner-password", OWNER.password()));
        return config;
    }

    private static Role role(String kind, String defaultUser) {
        String user = env("DESI_TEST_DB_" + kind + "_USER", defaultUser);
        return new Role(user, env("DESI_TEST_DB_" + kind + "_PASSWORD", user));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}

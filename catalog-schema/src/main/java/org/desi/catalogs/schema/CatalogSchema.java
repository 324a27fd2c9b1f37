package org.desi.catalogs.schema;

import java.util.Map;

/**
 * Facts about the database schema shared by every service: where it lives, which version the code
 * expects, and the placeholders its migrations need.
 *
 * <p>Only the migrating component (ingest-service, or the deployment's migration job) applies the
 * migrations; the other services compare {@link #EXPECTED_VERSION} with the history table and report
 * not-ready until they match.
 */
public final class CatalogSchema {

    /** PostgreSQL schema holding the tables and Flyway's history table. */
    public static final String NAME = "desi";

    /** Flyway's history table (in {@link #NAME}). */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    /** Classpath location of the migrations. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    /** Highest migration version shipped with this build; a unit test checks it against the files. */
    public static final int EXPECTED_VERSION = newestMigration();

    /**
     * Not a compile-time constant on purpose: javac copies constants into the classes that use them, so a
     * module built before a new migration would keep checking for the old version until rebuilt clean.
     */
    private static int newestMigration() {
        return 19;
    }

    /** Placeholder naming the role that ingest-service and crossmatch-service connect as. */
    public static final String WRITER_ROLE_PLACEHOLDER = "writerRole";

    /** Placeholder naming the read-only role that query-service connects as. */
    public static final String READER_ROLE_PLACEHOLDER = "readerRole";

    private CatalogSchema() {
    }

    /** The placeholders the migrations need, for the given role names. */
    public static Map<String, String> placeholders(String writerRole, String readerRole) {
        return Map.of(WRITER_ROLE_PLACEHOLDER, writerRole, READER_ROLE_PLACEHOLDER, readerRole);
    }
}

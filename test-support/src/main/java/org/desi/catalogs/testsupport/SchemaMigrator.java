package org.desi.catalogs.testsupport;

import org.desi.catalogs.schema.CatalogSchema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the migrations with Flyway's Java API (used by tests and by the command-line migration in
 * scripts; ingest-service uses the Quarkus Flyway extension, which works in native images).
 */
public final class SchemaMigrator {

    private SchemaMigrator() {
    }

    /**
     * Migrates the database at {@code jdbcUrl} as {@code ownerUser} to the newest version.
     *
     * @return the number of migrations applied (0 when already current)
     */
    public static int migrate(String jdbcUrl, String ownerUser, String ownerPassword,
                              String writerRole, String readerRole) {
        return migrate(jdbcUrl, ownerUser, ownerPassword, writerRole, readerRole, "latest");
    }

    /** Migrates to {@code targetVersion} ("latest", or a version such as "13": an upgrade test's old schema). */
    public static int migrate(String jdbcUrl, String ownerUser, String ownerPassword,
                              String writerRole, String readerRole, String targetVersion) {
        MigrateResult result = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .target(targetVersion)
                .dataSource(jdbcUrl, ownerUser, ownerPassword)
                .schemas(CatalogSchema.NAME)
                .defaultSchema(CatalogSchema.NAME)
                .table(CatalogSchema.HISTORY_TABLE)
                .locations(CatalogSchema.MIGRATIONS_LOCATION)
                .placeholders(CatalogSchema.placeholders(writerRole, readerRole))
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}

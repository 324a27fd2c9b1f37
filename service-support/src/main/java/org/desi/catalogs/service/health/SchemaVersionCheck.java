package org.desi.catalogs.service.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.desi.catalogs.schema.CatalogSchema;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the database answers and its schema is at the version this build expects. A service
 * with a wrong password or an unreachable database stays up, reports the reason here and becomes
 * ready by itself once the database is there (the reactive pool reconnects on every probe).
 */
@Readiness
@ApplicationScoped
public class SchemaVersionCheck implements AsyncHealthCheck {

    static final String NAME = "database-schema";

    private static final String CURRENT_VERSION_SQL = "SELECT version FROM " + CatalogSchema.NAME + "."
            + CatalogSchema.HISTORY_TABLE
            + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1";

    private final Pool pool;
    private final SchemaSettings settings;

    public SchemaVersionCheck(Pool pool, SchemaSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query(CURRENT_VERSION_SQL).execute()
                .ifNoItem().after(Duration.ofSeconds(settings.checkTimeoutSeconds()))
                .failWith(() -> new IllegalStateException("database did not answer within "
                        + settings.checkTimeoutSeconds() + " s"))
                .map(this::judge)
                .onFailure().recoverWithItem(this::unreachable);
    }

    private HealthCheckResponse judge(RowSet<Row> rows) {
        HealthCheckResponseBuilder b = base();
        if (!rows.iterator().hasNext()) {
            return b.down().withData("reason", "schema has no applied migration yet").build();
        }
        String found = rows.iterator().next().getString(0);
        b.withData("version", found);
        int version;
        try {
            version = Integer.parseInt(found);
        } catch (NumberFormatException e) {
            return b.down().withData("reason", "unrecognised schema version '" + found + "'").build();
        }
        if (version == CatalogSchema.EXPECTED_VERSION
                || (version > CatalogSchema.EXPECTED_VERSION && settings.allowNewer())) {
            return b.up().build();
        }
        String reason = version < CatalogSchema.EXPECTED_VERSION
                ? "schema version " + version + " is older than " + CatalogSchema.EXPECTED_VERSION
                        + "; waiting for the migration to run"
                : "schema version " + version + " is newer than " + CatalogSchema.EXPECTED_VERSION
                        + " (set DESI_SCHEMA_ALLOW_NEWER=true if the new migrations are backward compatible)";
        return b.down().withData("reason", reason).build();
    }

    private HealthCheckResponse unreachable(Throwable failure) {
        String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
        if (message.contains("does not exist") && message.contains(CatalogSchema.HISTORY_TABLE)) {
            message = "schema not created yet (no " + CatalogSchema.NAME + "." + CatalogSchema.HISTORY_TABLE
                    + "); waiting for the migration to run";
        }
        return base().down().withData("reason", message).build();
    }

    private HealthCheckResponseBuilder base() {
        return HealthCheckResponse.named(NAME)
                .withData("schema", CatalogSchema.NAME)
                .withData("expectedVersion", CatalogSchema.EXPECTED_VERSION);
    }
}

package org.desi.catalogs.ingest.migration;

import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Applies the schema as the owner role in the background, retrying with backoff while the database
 * is unreachable, so the service starts (and reports not-ready) even when the database is not there
 * yet. Readiness turns green once the schema is at the expected version.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    private final Flyway flyway;
    private final MigrationSettings settings;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public SchemaMigration(@FlywayDataSource("migration") Flyway flyway, MigrationSettings settings) {
        this.flyway = flyway;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            LOG.info("Schema migration disabled (DESI_MIGRATION_ENABLED=false); waiting for the schema");
            return;
        }
        Thread t = new Thread(this::migrateUntilDone, "schema-migration");
        t.setDaemon(true);
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
    }

    private void migrateUntilDone() {
        long delayMs = 500;
        int failures = 0;
        while (!stopping.get()) {
            try {
                int applied = flyway.migrate().migrationsExecuted;
                LOG.infof("Schema current (%d migration(s) applied now)", applied);
                if (settings.exitAfter()) {
                    Quarkus.asyncExit(0);
                }
                return;
            } catch (RuntimeException e) {
                failures++;
                // a validation error (an applied migration was changed) never heals by retrying; in
                // Job mode (the Helm hook) give up with a non-zero exit so the release fails visibly
                boolean permanent = e instanceof org.flywaydb.core.api.exception.FlywayValidateException;
                if (settings.exitAfter() && (permanent || failures >= settings.maxAttempts())) {
                    LOG.errorf("Schema migration failed %d time(s), giving up: %s", failures, rootMessage(e));
                    Quarkus.asyncExit(1);
                    return;
                }
                if (permanent) {
                    LOG.errorf("Schema migration cannot succeed (fix the migrations or the history): %s", rootMessage(e));
                }
                LOG.warnf("Schema migration failed, retrying in %d ms: %s", delayMs, rootMessage(e));
                sleep(delayMs);
                delayMs = Math.min(delayMs * 2, settings.maxRetryDelaySeconds() * 1000L);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

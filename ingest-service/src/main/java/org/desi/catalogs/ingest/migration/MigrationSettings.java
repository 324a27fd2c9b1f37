package org.desi.catalogs.ingest.migration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Schema migration by ingest-service ({@code DESI_MIGRATION_*} in the environment). */
@ConfigMapping(prefix = "desi.migration")
public interface MigrationSettings {

    /** Apply the migrations at start (the single place that migrates in a plain deployment). */
    @WithDefault("true")
    boolean enabled();

    /** Exit once the migration succeeded: the mode of the Helm hook / Kubernetes Job. */
    @WithDefault("false")
    boolean exitAfter();

    /** In Job mode ({@link #exitAfter}), failed attempts before exiting with status 1. */
    @WithDefault("10")
    int maxAttempts();

    /** Longest wait between two attempts while the database is unreachable [s]. */
    @WithDefault("30")
    int maxRetryDelaySeconds();
}

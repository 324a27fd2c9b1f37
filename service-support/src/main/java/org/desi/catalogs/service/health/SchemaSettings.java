package org.desi.catalogs.service.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a service judges the database schema it finds ({@code DESI_SCHEMA_*} in the environment). */
@ConfigMapping(prefix = "desi.schema")
public interface SchemaSettings {

    /**
     * Accept a schema newer than this build expects (for rolling upgrades whose migrations are
     * backward compatible). Off by default: the version must match exactly.
     */
    @WithDefault("false")
    boolean allowNewer();

    /** How long the readiness probe waits for the database before reporting it unreachable [s]. */
    @WithDefault("3")
    int checkTimeoutSeconds();
}

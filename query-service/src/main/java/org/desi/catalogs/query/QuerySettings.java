package org.desi.catalogs.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** query-service limits ({@code DESI_QUERY_*} in the environment). */
@ConfigMapping(prefix = "desi.query")
public interface QuerySettings {

    /** Largest cone radius accepted [deg]. */
    @WithDefault("10")
    double maxRadiusDeg();

    /** Largest page size (rows per response). */
    @WithDefault("10000")
    int maxLimit();

    /** Page size when none is asked for. */
    @WithDefault("100")
    int defaultLimit();
}

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

    /** Most rows one export (streamed CSV/VOTable, /export) may return. */
    @WithDefault("1000000")
    int maxExportRows();

    /** Page size when none is asked for. */
    @WithDefault("100")
    int defaultLimit();

    /**
     * PostgreSQL statement_timeout of the service's connections [ms]: a query running longer is
     * cancelled by the server and the client gets 504 problem+json (applied through
     * quarkus.datasource.reactive.additional-properties in application.properties).
     */
    @WithDefault("10000")
    int statementTimeoutMs();

    /** How long a catalog's registry entry (table, columns) is reused by the query paths [s]; 0 = always read. */
    @WithDefault("5")
    int registryCacheSeconds();

    /** Rows a TAP query returns when the client sends no MAXREC. */
    @WithDefault("100000")
    int tapDefaultMaxRec();

    /** Largest MAXREC a TAP client may ask for (the hard output limit in /tap/capabilities). */
    @WithDefault("1000000")
    int tapMaxRec();
}

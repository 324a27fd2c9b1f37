package org.desi.catalogs.query;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;
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

    /**
     * Most rows of one table a TAP client uploads with its query (UPLOAD); the table is held in memory for
     * that query (the request's bytes are bounded by quarkus.http.limits.max-body-size too).
     */
    @WithDefault("100000")
    int tapUploadMaxRows();

    /**
     * Which hosts a TAP client may name for an uploaded table ({@code UPLOAD=name,https://...}), fetched by
     * the service: {@code public} (hosts on public addresses only: no loopback, link-local, private or
     * unique-local address), {@code none} (inline tables only) or {@code any}.
     */
    @WithDefault("public")
    org.desi.catalogs.query.gateway.UploadUrlFetcher.Policy tapUploadUrls();

    /** Most bytes fetched for one table named by URL. */
    @WithDefault("33554432")
    long tapUploadUrlMaxBytes();

    /**
     * Directory of the async TAP jobs and their results; it must survive restarts (and be shared by
     * the replicas: a ReadWriteMany volume) for jobs to outlive a pod.
     */
    @WithDefault("${DATA_DIR:${java.io.tmpdir}}/tap-jobs")
    String tapJobDirectory();

    /** Async TAP jobs this replica runs at once. */
    @WithDefault("2")
    int tapAsyncWorkers();

    /** How long an async job and its result are kept after creation, unless the client sets DESTRUCTION [h]. */
    @WithDefault("168")
    int tapJobRetentionHours();

    /** Longest an async job may run [s] (its executionDuration; the statement timeout still applies per query). */
    @WithDefault("3600")
    int tapMaxExecutionSeconds();

    /**
     * Base URL of ingest-service (e.g. http://desi-ingest:8081). query-service forwards the job requests of
     * its web page there, so the browser talks to one origin; unset: those requests answer 503.
     */
    Optional<URI> ingestUrl();

    /** Base URL of crossmatch-service (e.g. http://desi-crossmatch:8082), as {@link #ingestUrl()}. */
    Optional<URI> crossmatchUrl();

    /** How long a forwarded job request may take before it answers 504 [ms]. */
    @WithDefault("15000")
    int gatewayTimeoutMs();
}

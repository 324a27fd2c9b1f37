package org.desi.catalogs.query.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * What TAP, the astronomers' main door (pyvo, TOPCAT, STILTS), did, for Prometheus:
 * <ul>
 *   <li>{@code desi_query_tap_seconds{mode=sync|async, outcome}}: each query from its start (parameters read,
 *       uploads read) until its last row was written or it ended otherwise; outcome {@code completed},
 *       {@code overflow} (MAXREC reached), {@code refused} (the client's error: ADQL, parameters, an upload;
 *       answered 400), {@code failed} (ours or the database's: timeout, connection), {@code cancelled} (the
 *       client went away, or an async job was aborted or ran past its executionDuration);
 *   <li>{@code desi_query_tap_rows_total{mode}}: rows returned;
 *   <li>{@code desi_query_tap_uploads_total{source=inline|url, outcome=read|refused}}: tables uploaded with a
 *       query (a refused URL is where an attempt to reach an internal address would show).
 * </ul>
 */
@ApplicationScoped
public class TapMetrics {

    private final MeterRegistry registry;

    public TapMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A moment to time a query from. */
    public static long start() {
        return System.nanoTime();
    }

    /** A query that ended before any row (refused: the client's error, answered 400; else failed). */
    public void ended(String mode, long startNanos, boolean clientError) {
        timer(mode, clientError ? "refused" : "failed").record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The result with its rows counted and the query timed when they end: completed, overflow, failed or
     * cancelled (whoever reads the rows decides how far they go).
     */
    public TapQueryRunner.Result measured(TapQueryRunner.Result r, String mode, long startNanos) {
        var rows = registry.counter("desi.query.tap.rows", "mode", mode);
        return new TapQueryRunner.Result(r.columns(), r.rows()
                .invoke(row -> rows.increment())
                .onTermination().invoke((failure, cancelled) -> timer(mode, failure != null ? "failed"
                        : cancelled ? "cancelled" : r.overflow().get() ? "overflow" : "completed")
                        .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS)),
                r.overflow(), r.complete());
    }

    /** A table uploaded with a query: read, or refused (its bytes, its URL or the URL's host). */
    public void upload(boolean fromUrl, boolean read) {
        registry.counter("desi.query.tap.uploads", "source", fromUrl ? "url" : "inline", "outcome",
                read ? "read" : "refused").increment();
    }

    private Timer timer(String mode, String outcome) {
        // buckets for p50/p99 come with every desi.* timer (service-support's LatencyHistograms)
        return Timer.builder("desi.query.tap").tag("mode", mode).tag("outcome", outcome).register(registry);
    }
}

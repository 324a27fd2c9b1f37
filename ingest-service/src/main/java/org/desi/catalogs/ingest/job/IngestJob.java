package org.desi.catalogs.ingest.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

/** The state of an ingest job as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestJob(long id, String status, String catalog, String profile, String source, String sha256,
                        Long sizeBytes, Long rowsTotal, long rowsRead, long rowsLoaded, long rowsRejected,
                        long bytesRead, Double rowsPerSecond, OffsetDateTime createdAt, OffsetDateTime startedAt,
                        OffsetDateTime finishedAt, String error, int attempts, Map<String, Object> options,
                        String submittedBy) {

    public static final String COLUMNS = "run_id, status, catalog_name, profile, source, sha256, size_bytes, rows_total,"
            + " rows_read, rows_loaded, rows_rejected, bytes_read, created_at, started_at, finished_at, error, attempts,"
            + " options, submitted_by";

    /** Rows read per second of running time (until finish, or until now while running). */
    static Double rate(long rowsRead, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
        if (startedAt == null) {
            return null;
        }
        OffsetDateTime end = finishedAt != null ? finishedAt : OffsetDateTime.now();
        double seconds = Duration.between(startedAt, end).toNanos() / 1e9;
        return seconds <= 0 ? null : Math.round(rowsRead / seconds * 10) / 10.0;
    }
}

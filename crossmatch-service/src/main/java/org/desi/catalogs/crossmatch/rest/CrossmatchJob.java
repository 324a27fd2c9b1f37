package org.desi.catalogs.crossmatch.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.mutiny.sqlclient.Row;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A cross-match job as the API shows it. A sky job names its catalogs {@code left} and {@code right}
 * and has {@code radiusArcsec} and {@code mode}; a voids job names them {@code galaxies} and
 * {@code voids} and, over a V2 catalog, has {@code v2Rule}: the fields of the other type are left out.
 */
public record CrossmatchJob(
        long id,
        @Schema(description = "sky or voids") String type,
        @Schema(description = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED") String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) String left,
        @JsonInclude(JsonInclude.Include.NON_NULL) String right,
        @JsonInclude(JsonInclude.Include.NON_NULL) String galaxies,
        @JsonInclude(JsonInclude.Include.NON_NULL) String voids,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "sky jobs: match radius [arcsec]") Double radiusArcsec,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "sky jobs: all or best") String mode,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "voids jobs over a V2 catalog:"
                + " nearest-tracer or effective-sphere") String v2Rule,
        @Schema(description = "units of work the replicas lease: sky jobs, declination-zone bands; voids jobs,"
                + " galaxy id ranges plus one publishing step (indexes and attaches the job's rows)") int partitionsTotal,
        int partitionsDone,
        @Schema(description = "sky jobs: pairs found; voids jobs: galaxies placed") long pairs,
        long rowsProcessed,
        @Schema(description = "rows processed per second since the job started [1/s]") long rowsPerSecond,
        String error,
        String submittedBy,
        String createdAt,
        String startedAt,
        String finishedAt) {

    /** Column list the {@link #of(Row)} mapping reads (catalogs joined as l and r, the job as j). */
    static final String COLUMNS = "j.job_id, j.type, j.status, j.radius_arcsec, j.mode, j.v2_rule, j.submitted_by,"
            + " j.partitions_total, j.partitions_done, j.pairs, j.rows_processed, j.error, j.created_at::text,"
            + " j.started_at::text, j.finished_at::text, l.name AS left_name, r.name AS right_name,"
            + " j.rows_processed / greatest(extract(epoch FROM coalesce(j.finished_at, clock_timestamp()) - j.started_at),"
            + " 0.001) AS rows_per_second";

    static CrossmatchJob of(Row r) {
        boolean sky = "sky".equals(r.getString("type"));
        Object rps = r.getValue("rows_per_second");
        return new CrossmatchJob(r.getLong("job_id"), r.getString("type"), r.getString("status"),
                sky ? r.getString("left_name") : null, sky ? r.getString("right_name") : null,
                sky ? null : r.getString("left_name"), sky ? null : r.getString("right_name"),
                sky ? r.getDouble("radius_arcsec") : null, sky ? r.getString("mode") : null,
                sky ? null : r.getString("v2_rule"),
                r.getInteger("partitions_total"), r.getInteger("partitions_done"), r.getLong("pairs"),
                r.getLong("rows_processed"), rps == null ? 0 : Math.round(((Number) rps).doubleValue()),
                r.getString("error"), r.getString("submitted_by"), r.getString("created_at"),
                r.getString("started_at"), r.getString("finished_at"));
    }
}

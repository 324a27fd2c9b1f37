package org.desi.catalogs.ingest.job;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;

/** Ingest jobs as the API reads and writes them (reactive client: request paths never block). */
@ApplicationScoped
public class IngestJobs {

    /** A submission's outcome: the job and whether it is new (or an earlier load of the same file). */
    public record Submitted(IngestJob job, boolean created) {
    }

    /** One rejected row. */
    public record RejectedRow(long rowNumber, String hdu, String reason, Object values) {
    }

    private final Pool pool;

    /**
     * The jobs that make a file's load idempotent (schema v17's index has the same predicate): queued,
     * running, or succeeded into a catalog not deleted since (a deleted catalog's file loads again).
     */
    public static final String HOLDS_ITS_FILE = "status IN ('QUEUED', 'RUNNING', 'SUCCEEDED') AND catalog_deleted_at IS NULL";

    public IngestJobs(Pool pool) {
        this.pool = pool;
    }

    /** @param submittedBy the subject of the token that asked for the job */
    public Uni<Submitted> submit(IngestRequest req, Profile profile, String source, String fileName, long size,
                                 String sha256, String submittedBy) {
        String insert = "INSERT INTO desi.ingest_run (catalog_name, profile, source, file_name, size_bytes, sha256,"
                + " options, submitted_by) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)"
                + " ON CONFLICT (catalog_name, profile, sha256) WHERE " + HOLDS_ITS_FILE
                + " AND sha256 IS NOT NULL DO NOTHING RETURNING " + IngestJob.COLUMNS;
        Tuple args = Tuple.tuple(List.of(req.catalog(), profile.id(), source, fileName, size, sha256,
                new JsonObject(new java.util.HashMap<>(req.options())), submittedBy));
        return pool.preparedQuery(insert).execute(args).flatMap(rows -> {
            if (rows.iterator().hasNext()) {
                return Uni.createFrom().item(new Submitted(map(rows.iterator().next()), true));
            }
            return pool.preparedQuery("SELECT " + IngestJob.COLUMNS + " FROM desi.ingest_run WHERE catalog_name = $1"
                            + " AND profile = $2 AND sha256 = $3 AND " + HOLDS_ITS_FILE)
                    .execute(Tuple.of(req.catalog(), profile.id(), sha256))
                    .map(existing -> new Submitted(map(existing.iterator().next()), false));
        });
    }

    /**
     * A file under the data directory, submitted without hashing it: the earlier job when the same
     * source with the same size and modification time is queued, running or loaded (200), else a new
     * job whose worker hashes the file while loading it (202). A copy of already-loaded bytes under
     * another name is caught at commit by the (catalog, profile, sha256) index.
     */
    public Uni<Submitted> submitUnhashed(IngestRequest req, Profile profile, String source, long size,
                                         java.time.OffsetDateTime mtime, String submittedBy) {
        String same = "SELECT " + IngestJob.COLUMNS + " FROM desi.ingest_run WHERE catalog_name = $1 AND profile = $2"
                + " AND source = $3 AND size_bytes = $4 AND source_mtime = $5"
                + " AND " + HOLDS_ITS_FILE + " ORDER BY run_id DESC LIMIT 1";
        String insert = "INSERT INTO desi.ingest_run (catalog_name, profile, source, file_name, size_bytes,"
                + " source_mtime, options, submitted_by) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)"
                + " RETURNING " + IngestJob.COLUMNS;
        return pool.preparedQuery(same).execute(Tuple.of(req.catalog(), profile.id(), source, size, mtime))
                .flatMap(rows -> {
                    if (rows.iterator().hasNext()) {
                        return Uni.createFrom().item(new Submitted(map(rows.iterator().next()), false));
                    }
                    Tuple args = Tuple.tuple(List.of(req.catalog(), profile.id(), source, source, size, mtime,
                            new JsonObject(new java.util.HashMap<>(req.options())), submittedBy));
                    return pool.preparedQuery(insert).execute(args)
                            .map(ins -> new Submitted(map(ins.iterator().next()), true));
                });
    }

    /**
     * The job of an upload that is loaded while it arrives: created RUNNING under {@code workerId}
     * (leased, so no other replica claims it), without size or SHA-256 until the upload completed
     * ({@link #recordUpload}).
     */
    public Uni<IngestJob> createReceiving(IngestRequest req, Profile profile, String source, String submittedBy,
                                          String workerId) {
        return pool.preparedQuery("INSERT INTO desi.ingest_run (catalog_name, profile, source, file_name, options,"
                        + " submitted_by, status, worker, heartbeat_at, started_at, attempts) VALUES ($1, $2, $3, $3,"
                        + " $4::jsonb, $5, 'RUNNING', $6, now(), now(), 1) RETURNING " + IngestJob.COLUMNS)
                .execute(Tuple.tuple(List.of(req.catalog(), profile.id(), source,
                        new JsonObject(new java.util.HashMap<>(req.options())), submittedBy, workerId)))
                .map(rows -> map(rows.iterator().next()));
    }

    /**
     * Records a received upload's size and SHA-256 on its job. Returns null, or the earlier job that
     * loaded (or is loading) the same bytes into the same catalog with the same profile: the
     * idempotency index decides, so two uploads of one file racing each other cannot both load.
     */
    public Uni<IngestJob> recordUpload(long runId, long sizeBytes, String sha256) {
        return pool.preparedQuery("UPDATE desi.ingest_run SET size_bytes = $2, sha256 = $3 WHERE run_id = $1")
                .execute(Tuple.of(runId, sizeBytes, sha256))
                .map(ignored -> (IngestJob) null)
                .onFailure(e -> e instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState()))
                .recoverWithUni(e -> pool.preparedQuery("SELECT " + IngestJob.COLUMNS + " FROM desi.ingest_run o"
                                + " WHERE (o.catalog_name, o.profile) = (SELECT catalog_name, profile FROM"
                                + " desi.ingest_run WHERE run_id = $1) AND o.sha256 = $2"
                                + " AND " + HOLDS_ITS_FILE + " ORDER BY o.run_id LIMIT 1")
                        .execute(Tuple.of(runId, sha256))
                        .map(rows -> rows.iterator().hasNext() ? map(rows.iterator().next()) : null));
    }

    /**
     * Removes the job of an upload that will not be loaded (it failed, or repeats an earlier one), as
     * if it had never been submitted; waits for its load to roll back (the load's rows lock the job).
     */
    public Uni<Void> discard(long runId) {
        return pool.preparedQuery("DELETE FROM desi.ingest_run WHERE run_id = $1").execute(Tuple.of(runId))
                .replaceWithVoid();
    }

    public Uni<IngestJob> find(long id) {
        return pool.preparedQuery("SELECT " + IngestJob.COLUMNS + " FROM desi.ingest_run WHERE run_id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? map(rows.iterator().next()) : null);
    }

    public Uni<List<IngestJob>> list(String status, int limit, long beforeId) {
        return pool.preparedQuery("SELECT " + IngestJob.COLUMNS + " FROM desi.ingest_run WHERE ($1::text IS NULL OR"
                        + " status = $1) AND run_id < $2 ORDER BY run_id DESC LIMIT $3")
                .execute(Tuple.of(status, beforeId, limit))
                .map(IngestJobs::mapAll);
    }

    /** Cancels a QUEUED or RUNNING job; returns the job afterwards (null when unknown). */
    public Uni<IngestJob> cancel(long id) {
        return pool.preparedQuery("UPDATE desi.ingest_run SET status = 'CANCELLED', finished_at = now(),"
                        + " error = 'cancelled by request' WHERE run_id = $1 AND status IN ('QUEUED', 'RUNNING')")
                .execute(Tuple.of(id))
                .flatMap(ignored -> find(id));
    }

    /**
     * Rejected rows in (HDU, row) order after the row {@code after}: "HDU:ROW" (what a page's last row
     * says), or a bare row number for a job whose rejects all come from one HDU. A row number alone
     * cannot say where to continue when several HDUs rejected rows (VOIDS row 7 and GALZONE row 7):
     * then it is a 400 naming the form to use.
     */
    public Uni<List<RejectedRow>> rejects(long id, String after, int limit) {
        Uni<String[]> position;
        if (after == null || after.isBlank()) {
            position = Uni.createFrom().item(new String[] {"", "0"});
        } else if (after.contains(":")) {
            String hdu = after.substring(0, after.lastIndexOf(':'));
            String row = after.substring(after.lastIndexOf(':') + 1);
            QueryParams.id("after (the row part of HDU:ROW)", row);
            position = Uni.createFrom().item(new String[] {hdu, row});
        } else {
            long row = QueryParams.id("after", after);
            position = pool.preparedQuery("SELECT array_agg(DISTINCT hdu ORDER BY hdu) FROM desi.rejected_row"
                    + " WHERE run_id = $1").execute(Tuple.of(id)).map(rows -> {
                        String[] hdus = rows.iterator().next().getArrayOfStrings(0);
                        if (hdus != null && hdus.length > 1) {
                            throw ApiProblemException.badRequest("job " + id + " rejected rows in several HDUs ("
                                    + String.join(", ", hdus) + "); page with after=<HDU>:<row>, e.g. after=" + hdus[0]
                                    + ":" + row + " (each rejected row gives its hdu and rowNumber)");
                        }
                        return new String[] {hdus == null ? "" : hdus[0], Long.toString(row)};
                    });
        }
        return position.flatMap(p -> pool.preparedQuery("SELECT row_number, hdu, reason, raw_values"
                        + " FROM desi.rejected_row WHERE run_id = $1 AND (hdu, row_number) > ($2, $3)"
                        + " ORDER BY hdu, row_number LIMIT $4")
                .execute(Tuple.of(id, p[0], Long.parseLong(p[1]), limit))
                .map(rows -> {
                    List<RejectedRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        Object v = r.getValue("raw_values");
                        out.add(new RejectedRow(r.getLong("row_number"), r.getString("hdu"), r.getString("reason"),
                                v instanceof JsonObject j ? j.getMap() : v));
                    }
                    return out;
                }));
    }

    private static List<IngestJob> mapAll(RowSet<Row> rows) {
        List<IngestJob> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(map(r));
        }
        return out;
    }

    static IngestJob map(Row r) {
        OffsetDateTime started = r.getOffsetDateTime("started_at");
        OffsetDateTime finished = r.getOffsetDateTime("finished_at");
        long rowsRead = r.getLong("rows_read");
        Object options = r.getValue("options");
        Map<String, Object> opts = options instanceof JsonObject j ? j.getMap() : Map.of();
        return new IngestJob(r.getLong("run_id"), r.getString("status"), r.getString("catalog_name"),
                r.getString("profile"), r.getString("source"), r.getString("sha256"), r.getLong("size_bytes"),
                r.getLong("rows_total"), rowsRead, r.getLong("rows_loaded"), r.getLong("rows_rejected"),
                r.getLong("bytes_read"), IngestJob.rate(rowsRead, started, finished), r.getOffsetDateTime("created_at"),
                started, finished, r.getString("error"), r.getInteger("attempts"), opts, r.getString("submitted_by"));
    }
}

package org.desi.catalogs.ingest.job;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.desi.catalogs.ingest.profile.LoadContext;

/**
 * A running job's progress, published with its heartbeat by the worker pool's heartbeat thread
 * ({@link #beat()}, every second, on its own connection: the load's transaction is invisible until
 * commit). When the update finds the job no longer RUNNING under this worker (cancelled, or taken
 * over), the next progress report from the load throws {@link LoadContext.Cancelled}.
 */
final class Heartbeat implements LoadContext.Progress {

    private final AgroalDataSource db;
    private final long runId;
    private final String workerId;
    private volatile long rowsTotal;
    private volatile long rowsRead;
    private volatile long rowsLoaded;
    private volatile long rowsRejected;
    private volatile long bytesRead;
    private volatile boolean lost;

    Heartbeat(AgroalDataSource db, long runId, String workerId) {
        this.db = db;
        this.runId = runId;
        this.workerId = workerId;
    }

    @Override
    public void report(long total, long read, long loaded, long rejected, long bytes) {
        rowsTotal = total;
        rowsRead = read;
        rowsLoaded = loaded;
        rowsRejected = rejected;
        bytesRead = bytes;
        if (lost) {
            throw new LoadContext.Cancelled();
        }
    }

    /** Throws {@link LoadContext.Cancelled} when the job is no longer this worker's (cancelled or taken over). */
    void checkNotLost() {
        if (lost) {
            throw new LoadContext.Cancelled();
        }
    }

    void beat() {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE ingest_run SET"
                + " rows_total = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?, bytes_read = ?,"
                + " heartbeat_at = now() WHERE run_id = ? AND status = 'RUNNING' AND worker = ?")) {
            s.setLong(1, rowsTotal);
            s.setLong(2, rowsRead);
            s.setLong(3, rowsLoaded);
            s.setLong(4, rowsRejected);
            s.setLong(5, bytesRead);
            s.setLong(6, runId);
            s.setString(7, workerId);
            if (s.executeUpdate() == 0) {
                lost = true;
            }
        } catch (SQLException e) {
            // transient: the next beat tries again; a long outage lets the heartbeat go stale
        }
    }
}

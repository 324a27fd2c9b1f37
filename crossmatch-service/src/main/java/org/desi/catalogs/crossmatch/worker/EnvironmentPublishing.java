package org.desi.catalogs.crossmatch.worker;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A voids job's publishing step, leased once every galaxy is placed: builds the two indexes of the
 * job's stage table (schema v14), side by side on two connections since PostgreSQL builds each on
 * one core, then, in the transaction that marks the job SUCCEEDED, attaches the table as the pair's
 * galaxy_environment partition. Indexes built by a step whose worker died are kept and not rebuilt.
 */
final class EnvironmentPublishing implements PartitionResult {

    private EnvironmentPublishing() {
    }

    /** Builds the stage table's indexes on up to {@code connections} connections at once. */
    static PartitionResult indexStage(AgroalDataSource db, long jobId, int connections) throws SQLException {
        if (connections >= 2) {
            // the second build blocks on JDBC for about a second: a thread of its own, not a shared pool's
            SQLException[] failed = new SQLException[1];
            Thread second = new Thread(() -> {
                try {
                    buildIndex(db, jobId, 2);
                } catch (SQLException e) {
                    failed[0] = e;
                }
            }, "voids-job-" + jobId + "-index-2");
            second.start();
            try {
                buildIndex(db, jobId, 1);
            } finally {
                joinUninterruptibly(second);
            }
            if (failed[0] != null) {
                throw failed[0];
            }
        } else {
            buildIndex(db, jobId, 1);
            buildIndex(db, jobId, 2);
        }
        return new EnvironmentPublishing();
    }

    /** Waits for the thread however often this one is interrupted (its connection must not outlive the step). */
    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void buildIndex(AgroalDataSource db, long jobId, int indexNo) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT desi.galaxy_environment_index(?, ?)")) {
            s.setLong(1, jobId);
            s.setInt(2, indexNo);
            s.execute();
        }
    }

    @Override
    public long rows() {
        return 0;
    }

    @Override
    public long rowsProcessed() {
        return 0;
    }

    @Override
    public void copyInto(Connection tx) {
        // the rows are already in the stage table
    }

    /** Adds the primary key on its index, drops the pair's previous partition, attaches the stage table. */
    @Override
    public void publishJob(Connection tx, long jobId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("SELECT desi.galaxy_environment_publish(?)")) {
            s.setLong(1, jobId);
            s.execute();
        }
    }
}

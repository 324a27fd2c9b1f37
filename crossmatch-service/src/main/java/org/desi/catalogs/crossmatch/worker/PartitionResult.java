package org.desi.catalogs.crossmatch.worker;

import java.sql.Connection;
import java.sql.SQLException;

/** What a partition computed, held until the transaction that marks the partition done writes it. */
interface PartitionResult extends AutoCloseable {

    /** Result rows (pairs, or galaxy environments). */
    long rows();

    /** Left-catalog rows (galaxies) processed. */
    long rowsProcessed();

    /** Writes the rows with binary COPY inside {@code tx}. */
    void copyInto(Connection tx) throws SQLException;

    /**
     * Makes the whole job's rows visible, inside the transaction that finishes its last partition
     * (after {@link #copyInto}); nothing by default: such rows are visible once committed.
     */
    default void publishJob(Connection tx, long jobId) throws SQLException {
    }

    /** Frees what the result holds (its spool files); nothing by default. */
    @Override
    default void close() {
    }
}

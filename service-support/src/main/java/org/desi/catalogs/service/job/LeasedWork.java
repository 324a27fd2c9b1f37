package org.desi.catalogs.service.job;

import java.sql.SQLException;
import java.util.Collection;

/**
 * Work kept in PostgreSQL and shared by any number of replicas: what a {@link LeaseWorkerPool} needs
 * from a service. Each unit (an ingest job, a cross-match partition) is claimed with
 * {@code FOR UPDATE SKIP LOCKED} among the pending ones and those whose lease expired (their worker
 * died), carries an attempt count (retry, then give up), is renewed while it runs (heartbeat), and is
 * committed in the transaction that marks it done only while its lease is still held (a unit whose
 * lease was taken over, or whose job was cancelled, discards its work): exactly once.
 *
 * @param <T> a claimed unit
 */
public interface LeasedWork<T> {

    /** Claims the next unit for {@code workerId}, or returns null when there is none. */
    T claim(String workerId) throws SQLException;

    /** Runs a claimed unit to its end: committed, failed, or discarded because its lease was lost. */
    void run(T unit) throws Exception;

    /** Renews the leases of the units this replica is running (one heartbeat for all of them). */
    void renew(Collection<T> running, String workerId) throws SQLException;
}

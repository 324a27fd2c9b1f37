package org.desi.catalogs.ingest.profile;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Work a load does on a thread of its own while its own thread streams rows to PostgreSQL or waits for
 * it (reading FASTSPEC's TARGETIDs beside the COPY, encoding the sky coverage while the indexes are
 * built): the two cores are shared, and a load's thread mostly waits on one of them.
 */
final class SideTask<T> {

    private final Future<T> task;

    private SideTask(Future<T> task) {
        this.task = task;
    }

    /** Starts {@code work} on a new daemon thread named {@code threadName}. */
    static <T> SideTask<T> start(String threadName, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, threadName);
        t.setDaemon(true);
        t.start();
        return new SideTask<>(task);
    }

    /** Work another thread does already (a {@link ScanTap} fed by the pass hashing the file). */
    static <T> SideTask<T> of(Future<T> result) {
        return new SideTask<>(result);
    }

    /**
     * Stops the work (its thread interrupted: file reads and waits for an arriving upload end) when the
     * load fails before it needs the result; a no-op once done.
     */
    void cancel() {
        task.cancel(true);
    }

    /** The result once done; the work's own unchecked exception as it was thrown. */
    T join() {
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + task, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }
}

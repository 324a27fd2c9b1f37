package org.desi.catalogs.ingest.profile;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.desi.catalogs.core.sky.SkyCoverage;

/**
 * A file's sky coverage encoded for storage ({@link SkyCoverage#toBytes()}: deflating an order-10
 * bitmap takes 25-30 ms of CPU) on a thread of its own, started before PostgreSQL builds the file's
 * indexes: the load's thread only waits for those, so the encoding costs the job no time.
 */
final class CoverageEncoding {

    private final FutureTask<byte[]> task;

    private CoverageEncoding(SkyCoverage coverage) {
        this.task = new FutureTask<>(coverage::toBytes);
    }

    /** Starts encoding {@code coverage}, which must not change from now on. */
    static CoverageEncoding start(SkyCoverage coverage) {
        CoverageEncoding e = new CoverageEncoding(coverage);
        Thread t = new Thread(e.task, "coverage-encoding");
        t.setDaemon(true);
        t.start();
        return e;
    }

    /** The encoded coverage, once done. */
    byte[] bytes() {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding the sky coverage", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot encode the sky coverage", e.getCause());
        }
    }
}

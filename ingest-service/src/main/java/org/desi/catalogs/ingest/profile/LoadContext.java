package org.desi.catalogs.ingest.profile;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.desi.catalogs.core.fits.FileArrival;
import org.desi.catalogs.ingest.job.RejectSink;

/**
 * What a profile needs to load one file: the load transaction, the file and its identity, the
 * request options, where rejects go and how to report progress.
 *
 * @param tx        the load transaction (autocommit off); everything the profile writes goes here
 * @param runId     the ingest run
 * @param catalog   target catalog name
 * @param file      the file (already resolved inside the data directory)
 * @param fileName  the name recorded as provenance (relative to the data directory)
 * @param mocOrder  HEALPix order of the sky coverage recorded for the file
 * @param arrival   whether the file is complete or still arriving (an upload loaded while it is received)
 * @param tap       what {@link IngestProfile#scanTap} asked of the pass hashing the file, being fed by it; null if
 *                  nothing was asked or nobody hashes the file during the load
 */
public record LoadContext(Connection tx, long runId, String catalog, Path file, String fileName, String sha256,
                          long sizeBytes, Map<String, String> options, RejectSink rejects, Progress progress,
                          String readerRole, int copyBufferBytes, int mocOrder, FileArrival arrival, ScanTap tap) {

    /** Progress callback; throws {@link Cancelled} when the job was cancelled meanwhile. */
    public interface Progress {
        void report(long rowsTotal, long rowsRead, long rowsLoaded, long rowsRejected, long bytesRead);
    }

    /** The job was cancelled while loading: the transaction is rolled back. */
    public static final class Cancelled extends RuntimeException {
        public Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    public String option(String name) {
        String v = options.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}

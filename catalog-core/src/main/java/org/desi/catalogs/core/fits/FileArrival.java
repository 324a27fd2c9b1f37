package org.desi.catalogs.core.fits;

/**
 * How much of a file is there to read: all of it ({@link #COMPLETE}), or a file still being written
 * (an upload that is loaded while it arrives, so receiving and loading overlap instead of taking
 * turns). Readers ask for the bytes they need before reading them.
 */
public interface FileArrival {

    /** A file that is complete on disk: every byte it has is there to read. */
    FileArrival COMPLETE = endExclusive -> true;

    /**
     * Blocks until the file holds at least {@code endExclusive} bytes (true), or until it has ended
     * shorter than that (false; a complete file answers true and lets the read find its end). Throws
     * when the file will never be complete (the upload failed or was abandoned).
     */
    boolean await(long endExclusive);

    /** Blocks until the whole file is there. */
    default void awaitEnd() {
        await(Long.MAX_VALUE);
    }

    /** Whether this is a file still arriving (the readers then wait for bytes, and check the whole file at the end). */
    default boolean arriving() {
        return this != COMPLETE;
    }
}

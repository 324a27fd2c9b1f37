package org.desi.catalogs.ingest.profile;

/**
 * A range of a data-directory file that a load needs only once and in order, handed to it by the pass that
 * hashes the file ({@link org.desi.catalogs.ingest.job.FileHasher#hash(java.nio.file.Path, ScanTap, boolean)}), so
 * that those bytes are read from disk once, not once for the hash and again for the load. The pass reads
 * such a range without the page cache: nothing else reads it.
 */
public interface ScanTap {

    /** First byte of the range [byte offset in the file]. */
    long fromByte();

    /** End of the range, exclusive [byte offset in the file]. */
    long toByte();

    /**
     * The file's bytes {@code [position, position + length)} from {@code bytes[offset]}: called in file order,
     * without gaps, from the first chunk that reaches {@link #fromByte()} to the one that reaches
     * {@link #toByte()} (a chunk may start before the range and end after it). The array is reused after the
     * call returns.
     */
    void accept(byte[] bytes, int offset, int length, long position);

    /** The pass stopped before the range's end (a read error, the job cancelled): whoever waits is told why. */
    void fail(Throwable cause);
}

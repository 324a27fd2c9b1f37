package org.desi.catalogs.ingest.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.desi.catalogs.ingest.profile.ScanTap;

/** SHA-256 of a file: with catalog and profile, the identity that makes a load idempotent. */
public final class FileHasher {

    /**
     * Bytes read and hashed at a time [bytes]: a chunk still in the core's own cache when SHA-256 reads it.
     * Measured on the 1.08 GB wide file in page cache: 0.77 s of CPU with 256 KiB chunks, 0.88 s with 1 MiB,
     * 0.91 s with 16 KiB (the system calls); the hash is most of the CPU a large file's load costs.
     */
    public static final int CHUNK_BYTES = 256 << 10;

    private FileHasher() {
    }

    /** A fresh SHA-256 digest (for hashing a stream while it is written). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file's SHA-256 and how its bytes were read: bypassing the page cache, and through it [bytes]. */
    public record Hashed(String sha256, long directBytes, long cachedBytes) {
    }

    /** The file's SHA-256, read through the page cache, and how many bytes that was. */
    public static Hashed hash(Path file) throws IOException {
        MessageDigest md = newSha256();
        long read = hashThroughCache(file, md, Long.MAX_VALUE);
        return new Hashed(HexFormat.of().formatHex(md.digest()), 0, read);
    }

    /** Hashes the file's bytes from its start up to {@code endByte} (or its end); returns how many. */
    private static long hashThroughCache(Path file, MessageDigest md, long endByte) throws IOException {
        byte[] buf = new byte[CHUNK_BYTES];
        long hashed = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (hashed < endByte && (n = in.read(buf, 0, (int) Math.min(buf.length, endByte - hashed))) > 0) {
                md.update(buf, 0, n);
                hashed += n;
            }
        }
        return hashed;
    }

    /**
     * SHA-256 of a file that a load reads in part: bytes before {@code tap}'s range through the page cache
     * (the load's own rows are there, read through the cache beside this pass), the rest from its start with
     * {@link DirectRangeReader} ({@code direct}: bypassing the cache), the tap's range handed to {@code tap} on
     * the way. {@code tap} is told of any failure, and of a file that ends before its range does.
     */
    public static Hashed hash(Path file, ScanTap tap, boolean direct) throws IOException {
        MessageDigest md = newSha256();
        long head;
        DirectRangeReader.Handed rest;
        try {
            head = hashThroughCache(file, md, tap.fromByte());
            long end = tap.toByte();
            rest = DirectRangeReader.read(file, head, Long.MAX_VALUE, direct,
                    (bytes, offset, length, position) -> {
                        md.update(bytes, offset, length);
                        if (position < end) {
                            tap.accept(bytes, offset, length, position);
                        }
                    });
            long hashed = head + rest.total();
            if (hashed < end) {
                tap.fail(new java.io.EOFException(file.getFileName() + " ends at byte " + hashed
                        + ", before byte " + end + " that its headers promise"));
            }
        } catch (IOException | RuntimeException | Error e) {
            tap.fail(e);
            throw e;
        }
        return new Hashed(HexFormat.of().formatHex(md.digest()), rest.directBytes(), head + rest.cachedBytes());
    }
}

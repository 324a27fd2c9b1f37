package org.desi.catalogs.ingest.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import org.desi.catalogs.service.problem.ApiProblemException;

/** Writes an upload's body to disk, hashing it as it arrives (no second read to hash it). */
public final class UploadWriter {

    /** An upload on disk: its size and SHA-256. */
    public record Stored(long sizeBytes, String sha256) {
    }

    private UploadWriter() {
    }

    /**
     * Streams {@code in} to {@code out}, telling {@code arrived} the bytes on disk after each write; on
     * any failure (the size limit, a client that went away, a full disk) the partial file is removed
     * before the error goes back, so nothing half-written stays.
     */
    public static Stored write(InputStream in, Path out, long limitBytes, LongConsumer arrived) throws IOException {
        byte[] buf = new byte[FileHasher.CHUNK_BYTES];   // hashed, then written, while in the core's cache
        long total = 0;
        MessageDigest sha256 = FileHasher.newSha256();
        try (OutputStream os = Files.newOutputStream(out)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limitBytes) {
                    throw new ApiProblemException(413, "upload exceeds the limit of " + limitBytes
                            + " bytes (DESI_INGEST_MAX_UPLOAD_BYTES)");
                }
                sha256.update(buf, 0, n);
                os.write(buf, 0, n);
                arrived.accept(total);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            if (e instanceof IOException io && String.valueOf(io.getMessage()).contains("No space left")) {
                throw new ApiProblemException(507, "the data volume is full; the upload was removed (free space on"
                        + " DATA_DIR, or lower DESI_INGEST_MAX_UPLOAD_BYTES)", io);
            }
            throw e;
        }
        if (total == 0) {
            Files.deleteIfExists(out);
            throw ApiProblemException.badRequest("the upload is empty: send the FITS file as the request body");
        }
        return new Stored(total, HexFormat.of().formatHex(sha256.digest()));
    }
}

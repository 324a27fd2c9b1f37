package org.desi.catalogs.ingest.job;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.desi.catalogs.core.fits.FileArrival;

/**
 * An upload that its job loads while it is still being received: the receiving request thread says
 * how many bytes are on disk ({@link #arrived}) and how the upload ended ({@link #complete} with its
 * SHA-256, or {@link #abandon}); the load waits for the bytes it needs and for the hash before it
 * commits. Receiving and loading overlap instead of taking turns.
 */
public final class ArrivingUpload implements FileArrival {

    /** The upload will not complete (it failed, or the same bytes were loaded before): the load rolls back. */
    public static final class Abandoned extends RuntimeException {
        public Abandoned(String message) {
            super(message, null, false, false);
        }
    }

    /** How long a waiting load sleeps before it checks whether its job is still its own [ms]. */
    private static final long CHECK_EVERY_MS = 250;

    private final Path file;
    private final CompletableFuture<String> sha256 = new CompletableFuture<>();
    private long bytesOnDisk;
    private volatile long sizeBytes = -1;
    private boolean ended;
    private Abandoned abandoned;
    private volatile Runnable whileWaiting = () -> { };

    public ArrivingUpload(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The upload's SHA-256, known once it completed (or failing with {@link Abandoned}). */
    CompletableFuture<String> sha256() {
        return sha256;
    }

    /** The upload's size once complete [bytes]; -1 before. */
    long sizeBytes() {
        return sizeBytes;
    }

    /** Called by the load while it waits (checks for cancellation: it may throw). */
    void whileWaiting(Runnable check) {
        this.whileWaiting = check;
    }

    /** {@code totalBytes} of the upload are written to the file. */
    public synchronized void arrived(long totalBytes) {
        bytesOnDisk = totalBytes;
        notifyAll();
    }

    /** The whole upload is on disk. */
    public void complete(String sha256Hex) {
        synchronized (this) {
            sizeBytes = bytesOnDisk;
            ended = true;
            notifyAll();
        }
        sha256.complete(sha256Hex);
    }

    /** The upload will not complete, or must not be loaded: the load rolls back and writes nothing. */
    public void abandon(String reason) {
        Abandoned a = new Abandoned(reason);
        synchronized (this) {
            abandoned = a;
            ended = true;
            notifyAll();
        }
        sha256.completeExceptionally(a);
    }

    @Override
    public boolean await(long endExclusive) {
        while (true) {
            synchronized (this) {
                if (abandoned != null) {
                    throw new Abandoned(abandoned.getMessage());
                }
                if (bytesOnDisk >= endExclusive) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    wait(CHECK_EVERY_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Abandoned("interrupted while waiting for the upload");
                }
            }
            whileWaiting.run();
        }
    }
}

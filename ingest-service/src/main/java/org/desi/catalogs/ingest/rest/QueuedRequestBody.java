package org.desi.catalogs.ingest.rest;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A request body read as a blocking {@link InputStream} by a worker thread, with a deep queue between
 * the event loop that receives it and the thread that reads it.
 *
 * <p>Why not RESTEasy Reactive's own {@code InputStream} body: it asks Vert.x for one chunk at a time,
 * so every socket read (at most 64 KiB) is a hand-over between the two threads, both ways: on a 1 GB
 * upload, some 16,000 wake-ups each way, the event loop and the reader taking turns instead of working
 * at once (measured: 2.3 s to receive 1.08 GB, the two threads together 2.2 s of CPU, a third of it in
 * the kernel's wake-ups). Here the event loop queues chunks until {@code highWaterBytes} wait, and
 * the reader takes them without waking it; the request is paused only then, and resumed once the
 * reader has brought the queue down to {@code lowWaterBytes}. Memory: at most about
 * {@code highWaterBytes} plus one socket read per upload.
 *
 * <p>Must be {@linkplain #start started} on the request's event loop, before the request handler returns.
 */
final class QueuedRequestBody extends InputStream {

    private final HttpServerRequest request;
    private final Context context;
    private final long highWaterBytes;
    private final long lowWaterBytes;
    private final long idleTimeoutMs;

    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean paused;
    private boolean ended;
    private boolean readerWaiting;
    private boolean closed;
    private Throwable failure;
    private long peakQueuedBytes;
    private int pauses;
    /** The chunk being read; only the reader touches it. */
    private ByteBuf current;
    /** {@link #read()}'s byte; only the reader touches it. */
    private final byte[] single = new byte[1];

    private QueuedRequestBody(HttpServerRequest request, Context context, long highWaterBytes, long lowWaterBytes,
                              long idleTimeoutMs) {
        this.request = request;
        this.context = context;
        this.highWaterBytes = highWaterBytes;
        this.lowWaterBytes = lowWaterBytes;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /**
     * Starts receiving {@code request}'s body into the queue (call on its event loop).
     *
     * @param highWaterBytes queued bytes at which the request is paused
     * @param lowWaterBytes  queued bytes at or below which the reader resumes it
     * @param idleTimeoutMs  how long a read waits for the next chunk before it fails [ms]
     */
    static QueuedRequestBody start(HttpServerRequest request, long highWaterBytes, long lowWaterBytes,
                                   long idleTimeoutMs) {
        if (lowWaterBytes < 0 || lowWaterBytes >= highWaterBytes) {
            throw new IllegalArgumentException("queue bounds: 0 <= low (" + lowWaterBytes + ") < high ("
                    + highWaterBytes + ")");
        }
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a request body is queued from its event loop");
        }
        QueuedRequestBody body = new QueuedRequestBody(request, context, highWaterBytes, lowWaterBytes, idleTimeoutMs);
        if (request.isEnded()) {
            body.ended = true;   // no body, or all of it read already by someone else: nothing to queue
            return body;
        }
        request.handler(body::onChunk);
        request.endHandler(v -> body.onEnd());
        request.exceptionHandler(body::onFailure);
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // curl sends large bodies only after this answer (or after waiting 1 s for it)
            request.response().writeContinue();
        }
        request.resume();
        return body;
    }

    private void onChunk(Buffer chunk) {
        synchronized (this) {
            if (closed) {
                return;   // the reader gave up (an error answer is on its way): drop the rest
            }
            queue.add(chunk.getByteBuf());
            queuedBytes += chunk.length();
            peakQueuedBytes = Math.max(peakQueuedBytes, queuedBytes);
            if (!paused && queuedBytes >= highWaterBytes) {
                paused = true;
                pauses++;
                request.pause();
            }
            if (readerWaiting) {
                notifyAll();
            }
        }
    }

    private synchronized void onEnd() {
        ended = true;
        notifyAll();
    }

    private synchronized void onFailure(Throwable t) {
        if (!ended && failure == null) {
            failure = t;
        }
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
    }

    /** Fills {@code b} with as much as is queued; blocks only while nothing is (then at most the idle timeout). */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (current == null || !current.isReadable()) {
                current = n == 0 ? take() : poll();
                if (current == null) {
                    break;
                }
            }
            int k = Math.min(len - n, current.readableBytes());
            current.readBytes(b, off + n, k);   // outside the lock: the event loop queues meanwhile
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    /** The next chunk, waiting for one; null at the end of the body. */
    private synchronized ByteBuf take() throws IOException {
        long deadline = System.nanoTime() + idleTimeoutMs * 1_000_000L;
        while (queue.isEmpty()) {
            if (failure != null) {
                throw new ClientGone(failure);
            }
            if (ended) {
                return null;
            }
            long waitMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (waitMs <= 0) {
                throw new IdleTimeout(idleTimeoutMs);
            }
            readerWaiting = true;
            try {
                wait(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the upload");
            } finally {
                readerWaiting = false;
            }
        }
        return dequeue();
    }

    /** The next chunk if one is queued, else null (never waits). */
    private synchronized ByteBuf poll() {
        return queue.isEmpty() ? null : dequeue();
    }

    private ByteBuf dequeue() {
        ByteBuf next = queue.poll();
        queuedBytes -= next.readableBytes();
        if (paused && queuedBytes <= lowWaterBytes) {
            paused = false;
            // a paused request delivers no chunk until this runs: pause and resume stay in order
            context.runOnContext(v -> request.resume());
        }
        return next;
    }

    /**
     * Stops queueing. A body not read to its end is dropped as it arrives (the answer, an error, says
     * why); the request is resumed so the connection is not left stalled.
     */
    @Override
    public void close() {
        boolean resume;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            queuedBytes = 0;
            current = null;
            resume = paused && !ended;
            paused = false;
        }
        if (resume) {
            context.runOnContext(v -> request.resume());
        }
    }

    /** The most bytes that were queued at once (what the upload held in memory). */
    synchronized long peakQueuedBytes() {
        return peakQueuedBytes;
    }

    /** How often the request was paused because the queue was full. */
    synchronized int pauses() {
        return pauses;
    }

    /** The request failed while its body arrived: the client closed or broke the connection. */
    static final class ClientGone extends IOException {
        ClientGone(Throwable failure) {
            super("the upload was interrupted: " + failure.getMessage(), failure);
        }
    }

    /** The client sent nothing for the idle timeout: HTTP's 408 (Request Timeout), not a server error. */
    static final class IdleTimeout extends IOException {
        IdleTimeout(long idleTimeoutMs) {
            super("no part of the upload arrived for " + idleTimeoutMs / 1000 + " s");
        }
    }
}

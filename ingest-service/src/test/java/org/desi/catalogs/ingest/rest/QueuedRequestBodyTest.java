package org.desi.catalogs.ingest.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An upload body queued on a real Vert.x HTTP server and read on a worker thread: every byte in
 * order through many pauses, memory bounded by the queue, curl's {@code Expect: 100-continue}
 * answered, a silent or vanished client failing the read.
 */
class QueuedRequestBodyTest {

    private static final long HIGH = 256 << 10;
    private static final long LOW = 64 << 10;

    private Vertx vertx;

    /** What the server's reader saw: the body's SHA-256, or the read's failure. */
    private final CompletableFuture<String> read = new CompletableFuture<>();
    private QueuedRequestBody body;

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** A server whose handler queues the body and hashes it on a worker, {@code readDelayMs} per 64 KiB read. */
    private int server(long idleTimeoutMs, int readDelayMs) throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            body = QueuedRequestBody.start(request, HIGH, LOW, idleTimeoutMs);
            vertx.<String>executeBlocking(() -> {
                try (InputStream in = body) {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    byte[] buf = new byte[64 << 10];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        sha.update(buf, 0, n);
                        if (readDelayMs > 0) {
                            Thread.sleep(readDelayMs);
                        }
                    }
                    return HexFormat.of().formatHex(sha.digest());
                }
            }, false).onComplete(r -> {
                if (r.succeeded()) {
                    read.complete(r.result());
                    request.response().end(r.result());
                } else {
                    read.completeExceptionally(r.cause());
                    request.response().setStatusCode(500).end(String.valueOf(r.cause().getMessage()));
                }
            });
        });
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .actualPort();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aBodyLargerThanTheQueueArrivesWholeAndInOrderThroughManyPauses() throws Exception {
        int port = server(30_000, 1);   // a reader slower than the socket: the queue fills, the request pauses
        byte[] payload = randomBytes(12 << 20, 42);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/up")).POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(sha256(payload), answer.body());
        assertTrue(body.pauses() > 0, "the request was never paused: the test did not fill the queue");
        // memory: the queue plus what was already on its way when it was paused (one socket read)
        assertTrue(body.peakQueuedBytes() <= HIGH + (1 << 20), "queued at most " + body.peakQueuedBytes());
    }

    @Test
    void anExpect100ContinueIsAnsweredBeforeTheClientSendsTheBody() throws Exception {
        int port = server(30_000, 0);
        byte[] payload = randomBytes(3 << 20, 7);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /up HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + payload.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            // nothing of the body sent yet: the server must answer first (curl waits 1 s for it otherwise)
            assertEquals("HTTP/1.1 100 Continue", line(in));
            assertEquals("", line(in));
            out.write(payload);
            out.flush();
            String answer = answer(in);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("\n" + sha256(payload)), answer);
        }
    }

    @Test
    void aClientThatFallsSilentFailsTheReadAfterTheIdleTimeout() throws Exception {
        int port = server(300, 0);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(randomBytes(1000, 1));
            out.flush();
            String answer = answer(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 500"), answer);
        }
        Throwable failure = failure();
        assertTrue(failure.getMessage().contains("no part of the upload arrived for"), failure.toString());
    }

    @Test
    void aClientThatDisconnectsFailsTheRead() throws Exception {
        int port = server(30_000, 0);
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(randomBytes(1000, 1));
            out.flush();
        }
        Throwable failure = failure();
        assertTrue(failure instanceof IOException && failure.getMessage().startsWith("the upload was interrupted"),
                failure.toString());
    }

    private Throwable failure() throws InterruptedException {
        try {
            String hash = read.get(30, TimeUnit.SECONDS);
            throw new AssertionError("the read succeeded: " + hash);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the read neither ended nor failed", e);
        }
    }

    /** A whole HTTP/1.1 answer: status line, headers and its Content-Length body, lines joined by newlines. */
    private static String answer(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder(line(in));
        int length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            text.append('\n').append(h);
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        return text.append('\n').append(new String(in.readNBytes(length), StandardCharsets.US_ASCII)).toString();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}

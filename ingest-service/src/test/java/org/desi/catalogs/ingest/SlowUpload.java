package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.testsupport.TestTokens;

/** A raw HTTP upload whose body a test sends in parts, so it can look at the job in between. */
final class SlowUpload implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;

    /** Starts {@code POST /api/v1/ingest/uploads?query} announcing {@code contentLength} bytes. */
    SlowUpload(String query, long contentLength) throws IOException {
        URI base = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        socket = new Socket(base.getHost(), base.getPort());
        out = socket.getOutputStream();
        out.write(("POST /api/v1/ingest/uploads?" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Authorization: Bearer " + TestTokens.token("t", List.of("desi-ingest"))
                + "\r\nContent-Type: application/fits\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    void send(byte[] b, int from, int to) throws IOException {
        out.write(b, from, to - from);
        out.flush();
    }

    /** Sends the rest of {@code b} (from {@code from}) and returns the whole answer (status line, headers, body). */
    String finish(byte[] b, int from) throws IOException {
        send(b, from, b.length);
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** As {@link #finish}; the answer must be 202; returns its JSON body (the job). */
    JsonPath finishAccepted(byte[] b, int from) throws IOException {
        String answer = finish(b, from);
        org.junit.jupiter.api.Assertions.assertTrue(answer.startsWith("HTTP/1.1 202"), answer);
        return JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The job of {@code catalog} while it runs (waits for it to appear). */
    static JsonPath runningJob(String catalog) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            List<Map<String, Object>> jobs = given().get("/api/v1/ingest/jobs?status=RUNNING&limit=1000")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            for (Map<String, Object> j : jobs) {
                if (catalog.equals(j.get("catalog"))) {
                    return given().get("/api/v1/ingest/jobs/" + j.get("id")).then().extract().jsonPath();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no running job for " + catalog);
    }
}

package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Following a TAP async job to its end as a UWS 1.1 client does (pyvo's {@code wait()}): a {@code WAIT} poll
 * returns once the job's phase changes, so a job seen QUEUED returns at EXECUTING, and the client asks again.
 */
final class TapAsyncJobs {

    private TapAsyncJobs() {
    }

    /** The job document at {@code jobPath} ({@code /tap/async/<id>}) once its phase is past QUEUED and EXECUTING. */
    static String awaitEnd(String jobPath) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        String job = "";
        while (System.nanoTime() < deadline) {
            job = given().queryParam("WAIT", 30).get(jobPath).then().statusCode(200).extract().asString();
            if (!job.contains("<uws:phase>QUEUED</uws:phase>") && !job.contains("<uws:phase>EXECUTING</uws:phase>")) {
                return job;
            }
        }
        return fail("the job did not end within 120 s: " + job);
    }
}

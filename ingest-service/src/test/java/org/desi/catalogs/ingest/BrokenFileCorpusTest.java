package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.desi.catalogs.ingest.IngestJobsTest.DATA;
import static org.desi.catalogs.ingest.IngestJobsTest.awaitFinished;
import static org.desi.catalogs.ingest.IngestJobsTest.count;
import static org.desi.catalogs.ingest.IngestJobsTest.submit;
import static org.desi.catalogs.ingest.IngestJobsTest.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.util.Map;
import org.desi.catalogs.core.fits.BrokenFits;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/**
 * Every file of the broken-FITS corpus (hostile sizes, corrupted keywords, truncations, gzip, not
 * FITS) through the API: the job fails with an error naming the problem, nothing is committed, and
 * the service is still ready afterwards.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class BrokenFileCorpusTest {

    @Test
    void everyBrokenFileFailsItsJobNamingTheProblemAndTheServiceStaysReady() throws Exception {
        Files.createDirectories(DATA);
        for (BrokenFits.Entry e : BrokenFits.corpus()) {
            String catalog = unique("broken");
            String file = catalog + "-" + e.fileName();
            Files.write(DATA.resolve(file), e.bytes());
            JsonPath done = awaitFinished(submit(file, "generic", catalog, Map.of(), 202).getLong("id"));
            assertEquals("FAILED", done.getString("status"), e.fileName() + ": " + done.prettify());
            assertTrue(done.getString("error").contains(e.expected()), e.fileName() + ": " + done.getString("error"));
            assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"), e.fileName());
            given().get("/q/health/ready").then().statusCode(200);
        }
    }
}

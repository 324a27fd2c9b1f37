package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestTokens;
import org.desi.catalogs.testsupport.WriteAuthorizationContract;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class IngestWriteAuthorizationTest extends WriteAuthorizationContract {

    @Override
    protected List<Endpoint> writes() {
        return List.of(
                new Endpoint("POST", "/api/v1/ingest/jobs", "application/json",
                        Map.of("source", "no-such-file.fits", "profile", "generic", "catalog", "auth_probe")),
                // an unknown profile: authorized requests stop at validation (400), before the body is stored
                new Endpoint("POST", "/api/v1/ingest/uploads?profile=no_such_profile&catalog=auth_probe",
                        "application/octet-stream", "SIMPLE  =".getBytes()),
                new Endpoint("DELETE", "/api/v1/ingest/jobs/999999999", null, null),
                new Endpoint("DELETE", "/api/v1/ingest/catalogs/no_such_catalog_here", null, null));
    }

    @Override
    protected String writerRole() {
        return "desi-ingest";
    }

    @Override
    protected String readPath() {
        return "/api/v1/ingest/jobs";
    }

    @Test
    void aJobRecordsWhoSubmittedIt() throws Exception {
        java.nio.file.Files.createDirectories(IngestJobsTest.DATA);
        String catalog = IngestJobsTest.unique("who");
        org.desi.catalogs.core.sample.SampleFastSpecFitCatalog.write(IngestJobsTest.DATA.resolve(catalog + ".fits"), 10,
                5L, 0);
        String token = TestTokens.token("astronomer-42", List.of("desi-ingest"));
        long id = given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Map.of("source", catalog + ".fits", "profile", "fastspecfit", "catalog", catalog))
                .post("/api/v1/ingest/jobs").then().statusCode(202).extract().jsonPath().getLong("id");
        assertEquals("astronomer-42", given().get("/api/v1/ingest/jobs/" + id).then().statusCode(200).extract()
                .path("submittedBy"));
    }
}

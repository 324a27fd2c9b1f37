package org.desi.catalogs.crossmatch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.ServiceContractTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class CrossmatchServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceMetric() {
        return "desi_crossmatch_jobs_listed_total";
    }

    @Override
    protected void exerciseServiceMetric() {
        given().get("/api/v1/crossmatch/jobs").then().statusCode(200);
    }

    @Test
    void refusesSubmissionHonestlyUntilTheEnginesExist() {
        given().contentType(ContentType.JSON).body("{\"type\":\"sky\",\"left\":\"a\",\"right\":\"b\"}")
                .post("/api/v1/crossmatch/jobs")
                .then().statusCode(501).contentType("application/problem+json")
                .body("detail", containsString("no job was created"));
    }

    @Test
    void answersUnknownJobWith404AndBadIdWith400() {
        given().get("/api/v1/crossmatch/jobs/987654321").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/crossmatch/jobs/x'--").then().statusCode(400).contentType("application/problem+json");
    }
}

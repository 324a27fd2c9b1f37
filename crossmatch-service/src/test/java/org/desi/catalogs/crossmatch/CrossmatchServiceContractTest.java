package org.desi.catalogs.crossmatch;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
    void answersUnknownJobWith404AndBadIdWith400() {
        given().get("/api/v1/crossmatch/jobs/987654321").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/crossmatch/jobs/x'--").then().statusCode(400).contentType("application/problem+json");
    }
}

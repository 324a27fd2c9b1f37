package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.desi.catalogs.service.warmup.WarmUps;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/** A pod is not ready while a startup warm-up runs, and ready again once it ends. */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class ReadinessWaitsForWarmUpTest {

    @Inject
    WarmUps warmUps;

    @Test
    void readinessIsDownWhileAWarmUpRunsAndUpAfterIt() throws InterruptedException {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
        warmUps.start("test loop", "test-warm-up", () -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'warm-up' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'warm-up' }.data.running", equalTo("test loop"))
                    .body("checks.name", hasItem("database-schema"));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            end.countDown();
        }
        for (int i = 0; i < 100 && !warmUps.running().isEmpty(); i++) {
            Thread.sleep(20);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}

package org.desi.catalogs.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

/**
 * What every service promises operators: liveness, readiness with the schema version, Prometheus
 * metrics with a service-specific metric, OpenAPI, and problem+json for unknown routes and over-long URIs. Each service
 * extends this in a {@code @QuarkusTest}, so the promise is checked against each running app.
 */
public abstract class ServiceContractTest {

    /** A metric name only this service exposes (as it appears in /q/metrics). */
    protected abstract String serviceMetric();

    /** Calls that make the service record its metric (the metric appears once used). */
    protected abstract void exerciseServiceMetric();

    @Test
    void answersLiveness() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void isReadyWithTheExpectedSchemaVersion() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("database-schema"))
                .body("checks.find { it.name == 'database-schema' }.data.version",
                        equalTo(Integer.toString(org.desi.catalogs.schema.CatalogSchema.EXPECTED_VERSION)));
    }

    @Test
    void exposesPrometheusMetricsIncludingItsOwn() {
        exerciseServiceMetric();
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString(serviceMetric()))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void publishesOpenApi() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }

    /**
     * A URI over 64 KiB (DESI_HTTP_MAX_URI_BYTES) is the service's own 414 problem naming the limit, one of
     * 5 KiB (beyond Vert.x's default request line, which answered it with a bare 414) reaches the routes.
     */
    @Test
    void answersUrisOverTheLengthLimitWithAProblemNamingIt() {
        given().queryParam("pad", "x".repeat(5_000)).get("/no/such/route").then().statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("pad", "x".repeat(70_000)).get("/no/such/route").then().statusCode(414)
                .contentType("application/problem+json")
                .body("status", equalTo(414))
                .body("detail", containsString("at most 65536 are accepted (DESI_HTTP_MAX_URI_BYTES)"));
    }

    @Test
    void answersUnknownRoutesWithProblemJson() {
        given().get("/no/such/route").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("/no/such/route"));
    }
}

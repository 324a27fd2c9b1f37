package org.desi.catalogs.crossmatch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.desi.catalogs.testsupport.GatedDatabase;
import org.junit.jupiter.api.Test;

/** Started with no reachable database, the service stays up, says why it is not ready, and recovers alone. */
@QuarkusTest
@TestProfile(ReadinessWithoutDatabaseTest.Gated.class)
@QuarkusTestResource(value = GatedDatabase.class, restrictToAnnotatedClass = true)
class ReadinessWithoutDatabaseTest {

    /** A profile of its own so this test gets its own application start. */
    public static class Gated implements QuarkusTestProfile {
    }

    @Test
    void reportsNotReadyWithTheReasonThenRecoversWhenTheDatabaseAppears() throws InterruptedException {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        JsonPath down = given().get("/q/health/ready").then().statusCode(503).extract().jsonPath();
        assertEquals("DOWN", down.getString("status"));
        String reason = down.getString("checks.find { it.name == 'database-schema' }.data.reason");
        assertFalse(reason == null || reason.isBlank(), "the health payload must say why: " + down.prettify());

        GatedDatabase.openGate();
        int status = 0;
        for (int i = 0; i < 100 && status != 200; i++) {
            status = given().get("/q/health/ready").then().extract().statusCode();
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertEquals(200, status, "the service must become ready by itself once the database is reachable");
    }
}

package org.desi.catalogs.crossmatch;

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
class CrossmatchWriteAuthorizationTest extends WriteAuthorizationContract {

    @Override
    protected List<Endpoint> writes() {
        return List.of(
                new Endpoint("POST", "/api/v1/crossmatch/jobs", "application/json",
                        Map.of("type", "sky", "left", "no_such_catalog", "right", "no_such_catalog", "radiusArcsec", 1)),
                new Endpoint("DELETE", "/api/v1/crossmatch/jobs/999999999", null, null));
    }

    @Override
    protected String writerRole() {
        return "desi-crossmatch";
    }

    @Override
    protected String readPath() {
        return "/api/v1/crossmatch/jobs";
    }

    @Test
    void aJobRecordsWhoSubmittedIt() throws Exception {
        CrossmatchFixtures.Catalog[] pair = CrossmatchFixtures.seededPair(3, 50);
        String token = TestTokens.token("astronomer-7", List.of("desi-crossmatch"));
        long id = given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(Map.of("type", "sky", "left", pair[0].name(), "right", pair[1].name(), "radiusArcsec", 1))
                .post("/api/v1/crossmatch/jobs").then().statusCode(202).extract().jsonPath().getLong("id");
        assertEquals("astronomer-7", CrossmatchFixtures.awaitFinished(id).getString("submittedBy"));
    }
}

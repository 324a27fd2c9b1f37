package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/** One setting (DESI_SECURITY_READS_REQUIRE_ROLE=true) makes reads need a token with a desi-* role. */
@QuarkusTest
@TestProfile(ReadsRequireRoleTest.ReadsNeedARole.class)
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class ReadsRequireRoleTest {

    public static class ReadsNeedARole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("desi.security.reads-require-role", "true");
        }
    }

    @Test
    void readsNeedATokenWithADesiRoleWhenConfigured() {
        given().header(TestTokens.ANONYMOUS, "1").get("/api/v1/catalogs").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + TestTokens.token("outsider", List.of("students")))
                .get("/api/v1/catalogs").then().statusCode(403).body("detail", containsString("desi-read"));
        // the IVOA endpoint answers the IVOA way: a VOTable error document pyvo shows, same status codes
        String scs = "/scs/nothing?RA=1&DEC=1&SR=0.1";
        given().header(TestTokens.ANONYMOUS, "1").get(scs).then().statusCode(401).contentType("text/xml")
                .header("WWW-Authenticate", "Bearer")
                .body(containsString("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">"))
                .body(containsString("bearer token"));
        given().header("Authorization", "Bearer " + TestTokens.token("outsider", List.of("students"))).get(scs)
                .then().statusCode(403).contentType("text/xml").body(containsString("QUERY_STATUS"))
                .body(containsString("desi-read"));
        given().header("Authorization", "Bearer " + TestTokens.token("reader", List.of("desi-read")))
                .get("/api/v1/catalogs").then().statusCode(200);
        given().header(TestTokens.ANONYMOUS, "1").get("/q/health/ready").then().statusCode(200);
        given().header(TestTokens.ANONYMOUS, "1").get("/q/metrics").then().statusCode(200);
    }
}

package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/**
 * The web page at / and the job gateway behind it. The page itself is driven in a real Chromium by
 * scripts/web-check.sh (make test); here: what it is served with, and how the gateway fails.
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class WebPageTest {

    @Test
    void pageIsServedAtTheRootWithAPolicyThatKeepsTheBrowserOnThisService() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("<script src=\"app.js\" defer></script>"));
        given().get("/app.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/app.css").then().statusCode(200).contentType(containsString("text/css"));
        given().get("/favicon.svg").then().statusCode(200);
    }

    /** Lab clusters may have no internet: no script, style, font or image may come from another host. */
    @Test
    void pageRefersToNoOtherHost() {
        Pattern absolute = Pattern.compile("(?:https?:)?//[A-Za-z0-9.-]+\\.[A-Za-z]{2,}[^\"'\\s)]*");
        for (String file : List.of("/", "/app.js", "/app.css", "/favicon.svg")) {
            String text = given().get(file).then().statusCode(200).extract().asString();
            Matcher m = absolute.matcher(text);
            while (m.find()) {
                // an XML namespace names, it fetches nothing
                assertTrue(m.group().equals("http://www.w3.org/2000/svg"), file + " refers to " + m.group());
            }
            assertTrue(!text.contains("@import") && !text.contains("@font-face"), file + " imports a style or font");
        }
    }

    @Test
    void jobsOfAServiceWithoutAConfiguredUrlAnswer503NamingTheSetting() {
        given().get("/api/v1/ingest/jobs").then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("DESI_QUERY_INGEST_URL"));
        given().contentType("application/json").body("{}").post("/api/v1/ingest/jobs").then().statusCode(503);
        given().delete("/api/v1/ingest/catalogs/some_catalog").then().statusCode(503);
    }

    @Test
    void jobsOfAnUnreachableServiceAnswer502NamingItAndItsUrl() {
        given().get("/api/v1/crossmatch/jobs").then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("crossmatch-service at http://127.0.0.1:1"))
                .body("detail", containsString("DESI_QUERY_CROSSMATCH_URL"));
    }

    @Test
    void malformedJobIdsAreRefusedBeforeAnythingIsForwarded() {
        given().get("/api/v1/crossmatch/jobs/..%2F..%2Fq%2Fmetrics").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/api/v1/ingest/jobs/12abc/rejects").then().statusCode(400).contentType("application/problem+json");
        given().delete("/api/v1/crossmatch/jobs/-1x").then().statusCode(400);
        given().delete("/api/v1/ingest/catalogs/..%2F..%2Fq%2Fmetrics").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("[a-z][a-z0-9_]{0,62}"));
        // a wait outside [0, 60] s is refused here too, before forwarding (unconfigured ingest would say 503)
        given().get("/api/v1/ingest/jobs/12?waitSeconds=600").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("[0, 60]"));
    }

    @Test
    void pairsOfACrossmatchJobAreStillServedByQueryServiceItself() {
        given().get("/api/v1/crossmatch/jobs/987654321/pairs").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", not(containsString("crossmatch-service at")));
    }
}

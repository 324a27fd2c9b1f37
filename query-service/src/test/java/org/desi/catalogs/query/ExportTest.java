package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Streamed exports: every row of the cone, in order, chunked; truncation reported at the end. */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class ExportTest {

    static final String BASE = "/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/export";

    @Test
    void streamsEveryRowOfTheConeAsCsvInDistanceOrder() {
        ConeSearchTest.seed();
        List<Long> expected = ConeSearchTest.bruteForce(150, 2, 0.3, Double.NEGATIVE_INFINITY);
        var response = given().get(BASE + "?ra=150&dec=2&radius=0.3&columns=targetid").then().statusCode(200)
                .contentType("text/csv").header("Transfer-Encoding", "chunked").extract();
        List<String> lines = response.asString().lines().toList();
        assertEquals("targetid,distance_arcsec", lines.get(0));
        assertEquals(expected, lines.subList(1, lines.size()).stream().map(l -> Long.parseLong(l.split(",")[0])).toList());
    }

    @Test
    void votableExportsSayWhenTheLimitCutThem() throws Exception {
        ConeSearchTest.seed();
        int all = ConeSearchTest.bruteForce(150, 2, 0.3, Double.NEGATIVE_INFINITY).size();
        Document d = VoTableAndScsTest.parse(given().get(BASE + "?ra=150&dec=2&radius=0.3&format=votable&limit=" + (all - 1))
                .then().statusCode(200).contentType("application/x-votable+xml").extract().asString());
        assertEquals(all - 1, d.getElementsByTagNameNS("*", "TR").getLength());
        assertEquals("true", VoTableAndScsTest.info(d, "TRUNCATED"));
        Document whole = VoTableAndScsTest.parse(given().get(BASE + "?ra=150&dec=2&radius=0.3&format=votable").then()
                .statusCode(200).extract().asString());
        assertEquals(all, whole.getElementsByTagNameNS("*", "TR").getLength());
        assertEquals("false", VoTableAndScsTest.info(whole, "TRUNCATED"));
    }

    @Test
    void refusesBadExportsBeforeStreaming() {
        given().get(BASE + "?ra=150&dec=2&radius=0.3&limit=1000001").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("[1, 1000000]"));
        given().get(BASE + "?ra=150&dec=2&radius=0.3&format=json").then().statusCode(400)
                .body("detail", containsString("csv or votable"));
        given().get(BASE + "?ra=150&dec=95&radius=0.3").then().statusCode(400);
        given().get("/api/v1/catalogs/no_such/export?ra=1&dec=1&radius=0.1").then().statusCode(404)
                .contentType("application/problem+json");
        given().get(BASE + "?ra=150&dec=2&radius=0.3&nosuch.min=1").then().statusCode(400)
                .body("detail", containsString("unknown filter column"));
    }
}

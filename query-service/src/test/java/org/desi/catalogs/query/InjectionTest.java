package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * SQL-injection strings in every parameter of every endpoint: each answers a 4xx problem (or an
 * SCS error VOTable), never a 500, and the database is untouched afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class InjectionTest {

    static final List<String> EVIL = List.of("1; DROP TABLE desi.catalog; --", "x' OR '1'='1", "\"; DELETE FROM desi.catalog; --",
            "1) OR (1=1", "$1", "%27%3B");

    @Test
    void everyParameterOfEveryEndpointRefusesInjectionStrings() throws Exception {
        ConeSearchTest.seed();
        VoidsAndStatisticsTest.seed();
        String cat = ConeSearchTest.CATALOG;
        String gal = VoidsAndStatisticsTest.GAL;
        String vf = VoidsAndStatisticsTest.VF;
        for (String e : EVIL) {
            List<String> urls = List.of(
                    "/api/v1/catalogs/" + e,
                    "/api/v1/catalogs/" + cat + "/cone?ra=" + e + "&dec=0&radius=0.1",
                    "/api/v1/catalogs/" + cat + "/cone?ra=1&dec=0&radius=0.1&cursor=" + e,
                    "/api/v1/catalogs/" + cat + "/cone?ra=1&dec=0&radius=0.1&format=" + e,
                    "/api/v1/catalogs/" + cat + "/export?ra=1&dec=0&radius=0.1&columns=" + e,
                    "/api/v1/voids?catalog=" + e,
                    "/api/v1/voids?catalog=" + vf + "&edge=" + e,
                    "/api/v1/voids?catalog=" + vf + "&zmin=" + e,
                    "/api/v1/voids/" + e + "/1",
                    "/api/v1/voids/" + vf + "/" + e,
                    "/api/v1/voids/" + vf + "/0/galaxies?galaxies=" + e,
                    "/api/v1/galaxies/" + e + "/environment",
                    "/api/v1/galaxies/1/environment?galaxies=" + e,
                    "/api/v1/crossmatch/jobs/" + e + "/pairs",
                    "/api/v1/statistics/quenching?galaxies=" + e + "&voids=" + vf,
                    "/api/v1/statistics/quenching?galaxies=" + gal + "&voids=" + e,
                    "/api/v1/statistics/quenching?galaxies=" + gal + "&voids=" + vf + "&massBins=" + e,
                    "/api/v1/statistics/quenching?galaxies=" + gal + "&voids=" + vf + "&proxy=" + e);
            for (String url : urls) {
                int status = given().urlEncodingEnabled(true).get(url).then().extract().statusCode();
                assertTrue(status == 400 || status == 404, url + " answered " + status);
            }
            // a filter whose column name is the injection string (the key encoded, so it stays one key)
            for (String path : List.of("/cone", "/export")) {
                int status = given().queryParam("ra", 1).queryParam("dec", 0).queryParam("radius", 0.1)
                        .queryParam(e + ".min", 1).get("/api/v1/catalogs/" + cat + path).then().extract().statusCode();
                assertEquals(400, status, path + " with filter " + e);
            }
            String scs = given().get("/scs/" + cat + "?RA=" + e + "&DEC=0&SR=0.1").then().statusCode(200).extract().asString();
            assertTrue(scs.contains("QUERY_STATUS\" value=\"ERROR"), scs);
        }
        // galaxies= in the environment endpoint only filters (bound parameter): an injection string finds nothing
        given().get("/api/v1/galaxies/1/environment?galaxies=x' OR '1'='1").then().statusCode(404);
        try (Connection c = TestDatabase.connect(TestDatabase.READER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM desi.catalog WHERE name IN ('" + cat + "', '" + gal
                     + "', '" + vf + "')")) {
            rs.next();
            assertEquals(3, rs.getInt(1), "the catalogs are still there");
        }
    }
}

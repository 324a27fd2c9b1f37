package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/**
 * Queries as scripts write them: thousands of alternatives OR'd together (which the ADQL parser nests one
 * level per OR), and, as hostile input, parentheses nested far deeper than any query needs. The first
 * answers exactly the objects named; the second is the client's error, answered the IVOA way (a VOTable
 * with QUERY_STATUS ERROR, an async job in phase ERROR), not a server failure.
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class TapLongQueryTest {

    private static final String DEEP = "SELECT targetid FROM catalogs." + ConeSearchTest.CATALOG + " WHERE "
            + "(".repeat(100_000) + "targetid = 1" + ")".repeat(100_000);

    @Test
    void aScriptsListOfFiveThousandOrTermsSelectsExactlyTheObjectsItNames() {
        ConeSearchTest.seed();
        Random rnd = new Random(20);
        TreeSet<String> expected = new TreeSet<>();
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            // ids of the fixture and ids it does not have (beyond its last one)
            long id = (long) rnd.nextInt((int) (ConeSearchTest.OBJECTS.size() * 1.5));
            where.append(i == 0 ? "" : " OR ").append("targetid = ").append(id);
            if (ConeSearchTest.OBJECTS.stream().anyMatch(o -> (long) o[0] == id)) {
                expected.add(Long.toString(id));
            }
        }
        assertTrue(expected.size() > 1000 && expected.size() < ConeSearchTest.OBJECTS.size(), "" + expected.size());
        String csv = given().formParam("REQUEST", "doQuery").formParam("LANG", "ADQL").formParam("FORMAT", "csv")
                .formParam("MAXREC", 100_000)
                .formParam("QUERY", "SELECT targetid FROM catalogs." + ConeSearchTest.CATALOG + " WHERE " + where)
                .post("/tap/sync").then().statusCode(200).extract().asString();
        List<String> lines = List.of(csv.split("\n"));
        assertEquals("targetid", lines.get(0).trim());
        TreeSet<String> got = new TreeSet<>();
        lines.subList(1, lines.size()).forEach(l -> got.add(l.trim()));
        assertEquals(expected, got);
        assertEquals(expected.size(), lines.size() - 1, "each object once");
    }

    @Test
    void aQueryOfTwentyKilobytesWorksByGetAsByPost() {
        ConeSearchTest.seed();
        StringBuilder where = new StringBuilder("targetid = 0");
        for (int i = 1; i < 1_200; i++) {
            where.append(" OR targetid = ").append(i * 2);
        }
        String query = "SELECT targetid FROM catalogs." + ConeSearchTest.CATALOG + " WHERE " + where;
        assertTrue(query.length() > 20_000, "" + query.length());
        String byGet = given().queryParam("REQUEST", "doQuery").queryParam("LANG", "ADQL").queryParam("FORMAT", "csv")
                .queryParam("MAXREC", 10_000).queryParam("QUERY", query).get("/tap/sync")
                .then().statusCode(200).extract().asString();
        String byPost = given().formParam("REQUEST", "doQuery").formParam("LANG", "ADQL").formParam("FORMAT", "csv")
                .formParam("MAXREC", 10_000).formParam("QUERY", query).post("/tap/sync")
                .then().statusCode(200).extract().asString();
        assertEquals(new TreeSet<>(List.of(byPost.split("\n"))), new TreeSet<>(List.of(byGet.split("\n"))));
        long expected = ConeSearchTest.OBJECTS.stream().filter(o -> (long) o[0] % 2 == 0 && (long) o[0] < 2_400).count();
        assertEquals(expected, byGet.split("\n").length - 1);
    }

    @Test
    void aGetOverTheUriLimitIsAVotableErrorNamingItOnTheIvoaEndpoints() {
        ConeSearchTest.seed();
        String query = "SELECT targetid FROM catalogs." + ConeSearchTest.CATALOG + " WHERE targetid IN ("
                + "1, ".repeat(25_000) + "2)";
        String tap = given().queryParam("REQUEST", "doQuery").queryParam("LANG", "ADQL").queryParam("QUERY", query)
                .get("/tap/sync").then().statusCode(414).contentType(containsString("votable"))
                .extract().asString();
        assertTrue(tap.contains("QUERY_STATUS") && tap.contains("ERROR"), tap);
        assertTrue(tap.contains("at most 65536 are accepted"), tap);
        // Simple Cone Search answers every error with 200 and the VOTable
        String scs = given().queryParam("RA", 10).queryParam("DEC", 0).queryParam("SR", 0.1)
                .queryParam("pad", "x".repeat(70_000)).get("/scs/" + ConeSearchTest.CATALOG)
                .then().statusCode(200).contentType(containsString("votable")).extract().asString();
        assertTrue(scs.contains("QUERY_STATUS") && scs.contains("at most 65536 are accepted"), scs);
        // the same query by POST is answered
        given().formParam("REQUEST", "doQuery").formParam("LANG", "ADQL").formParam("FORMAT", "csv")
                .formParam("QUERY", query).post("/tap/sync").then().statusCode(200);
    }

    @Test
    void parenthesesNestedTooDeeplyAreTheClientsErrorInTheSyncAnswer() {
        given().formParam("REQUEST", "doQuery").formParam("LANG", "ADQL").formParam("QUERY", DEEP)
                .post("/tap/sync").then().statusCode(400).contentType(containsString("xml"))
                .body(containsString("QUERY_STATUS")).body(containsString("nests expressions too deeply"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void parenthesesNestedTooDeeplyEndAnAsyncJobInPhaseError() {
        String location = given().redirects().follow(false).formParam("LANG", "ADQL").formParam("QUERY", DEEP)
                .formParam("PHASE", "RUN").post("/tap/async").then().statusCode(303).extract().header("Location");
        String jobId = location.substring(location.lastIndexOf('/') + 1);
        String job = TapAsyncJobs.awaitEnd("/tap/async/" + jobId);
        assertTrue(job.contains("<uws:phase>ERROR</uws:phase>"), job);
        given().get("/tap/async/" + jobId + "/error").then().statusCode(200)
                .body(containsString("nests expressions too deeply"));
        given().redirects().follow(false).delete("/tap/async/" + jobId).then().statusCode(303);
    }
}

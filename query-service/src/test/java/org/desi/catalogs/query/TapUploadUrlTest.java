package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TAP UPLOAD by URL ({@code UPLOAD=name,http://...}) through GET, a url-encoded POST and an async job, from a
 * real HTTP server on this machine; the service is told to trust every host ({@code tap-upload-urls=any}),
 * since the default policy refuses loopback addresses (UploadUrlFetcherTest, TapUploadTest).
 */
@QuarkusTest
@TestProfile(TapUploadUrlTest.AnyHost.class)
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class TapUploadUrlTest {

    public static class AnyHost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("desi.query.tap-upload-urls", "any");
        }
    }

    private static final String TABLE = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\""
            + " xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
            + "<FIELD name=\"tid\" datatype=\"long\"/><FIELD name=\"seen\" datatype=\"char\" arraysize=\"*\""
            + " xtype=\"timestamp\"/><DATA><TABLEDATA><TR><TD>3</TD><TD>2026-12-02T10:00:00</TD></TR>"
            + "<TR><TD>7</TD><TD/></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
    private static LocalHttpServer server;
    private static String url;

    @BeforeAll
    static void serve() {
        server = LocalHttpServer.start().serve("/ids.vot", TABLE.getBytes(StandardCharsets.UTF_8));
        url = server.url("/ids.vot");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTableNamedByUrlIsFetchedAndJoinedInSyncAndAsyncQueries() {
        ConeSearchTest.seed();
        String query = "SELECT g.targetid, u.seen FROM catalogs." + ConeSearchTest.CATALOG + " AS g JOIN TAP_UPLOAD.ids"
                + " AS u ON u.tid = g.targetid ORDER BY g.targetid";
        String expected = "targetid,seen\n3,2026-12-02T10:00:00\n7,\n";
        assertEquals(expected, given().queryParam("LANG", "ADQL").queryParam("FORMAT", "csv").queryParam("QUERY", query)
                .queryParam("UPLOAD", "ids," + url).get("/tap/sync").then().statusCode(200).extract().asString());
        assertEquals(expected, given().formParam("LANG", "ADQL").formParam("FORMAT", "csv").formParam("QUERY", query)
                .formParam("UPLOAD", "ids," + url).post("/tap/sync").then().statusCode(200).extract().asString());
        // the VOTable result keeps the uploaded column's xtype
        given().queryParam("LANG", "ADQL").queryParam("QUERY", "SELECT * FROM TAP_UPLOAD.ids")
                .queryParam("UPLOAD", "ids," + url).get("/tap/sync").then().statusCode(200)
                .body(containsString("name=\"seen\"")).body(containsString("xtype=\"timestamp\""));
        // an async job fetches the table when it is created and keeps it: the server may be gone when it runs
        String location = given().redirects().follow(false).formParam("LANG", "ADQL").formParam("FORMAT", "csv")
                .formParam("QUERY", query).formParam("UPLOAD", "ids," + url).post("/tap/async").then().statusCode(303)
                .extract().header("Location");
        String jobId = location.substring(location.lastIndexOf('/') + 1);
        given().redirects().follow(false).formParam("PHASE", "RUN").post("/tap/async/" + jobId + "/phase")
                .then().statusCode(303);
        String job = TapAsyncJobs.awaitEnd("/tap/async/" + jobId);
        assertTrue(job.contains("<uws:phase>COMPLETED</uws:phase>"), job);
        assertEquals(expected, given().get("/tap/async/" + jobId + "/results/result").then().statusCode(200)
                .extract().asString());
        // a URL that answers 404 is named in the error
        given().queryParam("LANG", "ADQL").queryParam("QUERY", "SELECT * FROM TAP_UPLOAD.ids")
                .queryParam("UPLOAD", "ids," + server.url("/nothing-here")).get("/tap/sync").then().statusCode(400)
                .body(containsString("HTTP 404"));
    }
}

package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/**
 * TAP's Prometheus series move by exactly what the requests did: queries by mode and outcome (completed,
 * overflow, refused), rows returned, uploads by source and outcome; read from /q/metrics as Prometheus reads it.
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class TapMetricsTest {

    private static final String TABLE = "<?xml version=\"1.0\"?>\n<VOTABLE version=\"1.4\""
            + " xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE><FIELD name=\"k\" datatype=\"int\"/>"
            + "<DATA><TABLEDATA><TR><TD>1</TD></TR><TR><TD>2</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";

    private static final String[] SERIES = {
        "desi_query_tap_seconds_count{mode=\"sync\",outcome=\"completed\"}",
        "desi_query_tap_seconds_count{mode=\"sync\",outcome=\"overflow\"}",
        "desi_query_tap_seconds_count{mode=\"sync\",outcome=\"refused\"}",
        "desi_query_tap_seconds_count{mode=\"async\",outcome=\"completed\"}",
        "desi_query_tap_rows_total{mode=\"sync\"}",
        "desi_query_tap_rows_total{mode=\"async\"}",
        "desi_query_tap_uploads_total{outcome=\"read\",source=\"inline\"}",
        "desi_query_tap_uploads_total{outcome=\"refused\",source=\"inline\"}",
        "desi_query_tap_uploads_total{outcome=\"refused\",source=\"url\"}"};

    /** The samples of SERIES in the Prometheus text of /q/metrics (0 for a series not there yet). */
    private static Map<String, Double> samples() {
        Map<String, Double> out = new TreeMap<>();
        for (String s : SERIES) {
            out.put(s, 0.0);
        }
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space > 0 && out.containsKey(line.substring(0, space))) {
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return out;
    }

    private static void sync(String query, int maxRec) {
        given().formParam("LANG", "ADQL").formParam("QUERY", query).formParam("MAXREC", maxRec)
                .formParam("FORMAT", "csv").post("/tap/sync").then().statusCode(200);
    }

    @Test
    void queriesRowsAndUploadsAreCountedByWhatHappened() {
        ConeSearchTest.seed();
        String catalog = "catalogs." + ConeSearchTest.CATALOG;
        Map<String, Double> before = samples();

        sync("SELECT TOP 5 targetid FROM " + catalog, 100);                       // completed, 5 rows
        sync("SELECT targetid FROM " + catalog, 3);                               // overflow, 3 rows
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELEC nothing").post("/tap/sync").then()
                .statusCode(400);                                                    // refused
        given().multiPart("LANG", "ADQL").multiPart("FORMAT", "csv").multiPart("QUERY", "SELECT k FROM TAP_UPLOAD.t")
                .multiPart("UPLOAD", "t,param:tbl").multiPart("tbl", "t.vot", TABLE.getBytes(StandardCharsets.UTF_8))
                .post("/tap/sync").then().statusCode(200);                            // an upload read; completed, 2 rows
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.t").multiPart("UPLOAD",
                "t,param:tbl").multiPart("tbl", "t.vot", "not xml".getBytes(StandardCharsets.UTF_8))
                .post("/tap/sync").then().statusCode(400);                            // an upload refused; refused
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT * FROM TAP_UPLOAD.t")
                .formParam("UPLOAD", "t,http://169.254.169.254/latest/meta-data").post("/tap/sync").then()
                .statusCode(400);                                                    // a URL refused; refused
        String location = given().redirects().follow(false).formParam("LANG", "ADQL").formParam("FORMAT", "csv")
                .formParam("QUERY", "SELECT TOP 4 targetid FROM " + catalog).formParam("PHASE", "RUN")
                .post("/tap/async").then().statusCode(303).extract().header("Location");
        String job = TapAsyncJobs.awaitEnd(location.substring(location.indexOf("/tap/async")));   // async completed, 4 rows
        assertTrue(job.contains("<uws:phase>COMPLETED</uws:phase>"), job);

        Map<String, Double> after = samples();
        Map<String, Double> moved = new TreeMap<>();
        after.forEach((k, v) -> moved.put(k, v - before.get(k)));
        Map<String, Double> expected = new TreeMap<>();
        expected.put(SERIES[0], 2.0);
        expected.put(SERIES[1], 1.0);
        expected.put(SERIES[2], 3.0);
        expected.put(SERIES[3], 1.0);
        expected.put(SERIES[4], 10.0);
        expected.put(SERIES[5], 4.0);
        expected.put(SERIES[6], 1.0);
        expected.put(SERIES[7], 1.0);
        expected.put(SERIES[8], 1.0);
        assertEquals(expected, moved);
        // the latencies are histograms (p99 across replicas in Grafana)
        String text = given().get("/q/metrics").then().extract().asString();
        assertTrue(text.contains("desi_query_tap_seconds_bucket{mode=\"sync\",outcome=\"completed\",le="), "buckets");
    }
}

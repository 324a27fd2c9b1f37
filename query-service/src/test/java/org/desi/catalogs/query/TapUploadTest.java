package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import org.desi.catalogs.core.sky.AngularDistance;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOTableVersion;
import uk.ac.starlink.votable.VOTableWriter;

/**
 * TAP UPLOAD: a client's own table sent with its query (multipart/form-data, as pyvo, TOPCAT and STILTS send
 * it), joined with a catalog by position and by id, checked against a brute-force computation over the same
 * seeded objects (RA 0/360 and both poles among the targets), in TABLEDATA written by hand and BINARY2 written
 * by STIL; and what hostile or malformed uploads get.
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class TapUploadTest {

    private static final String VOTABLE_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>\n";

    /** Targets near the fixture's clumps, including both sides of RA 0/360 and both poles, plus strays. */
    private static List<double[]> targets() {
        Random rnd = new Random(77);
        double[][] near = {{10, 0}, {359.999, 20}, {0.001, 20}, {45, 89.9}, {200, -89.95}, {150, 2}, {0, 90}, {77, -90}};
        List<double[]> out = new ArrayList<>();
        for (double[] c : near) {
            for (int i = 0; i < 6; i++) {
                double dec = Math.max(-90, Math.min(90, c[1] + (rnd.nextDouble() - 0.5) * 0.3));
                double ra = ((c[0] + (rnd.nextDouble() - 0.5) * 0.3 + 360) % 360);
                out.add(new double[] {ra, dec});
            }
        }
        out.add(new double[] {300, -30});   // nothing near it
        // RA outside [0, 360) as a user's list may have it: the same places as 359.98 and 0.01
        out.add(new double[] {-0.02, 20.0});
        out.add(new double[] {360.01, 20.0});
        return out;
    }

    /** A TABLEDATA VOTable written by hand: name (char), ra, dec (double), and an int with a NULL. */
    private static String targetsTableData(List<double[]> targets) {
        StringBuilder s = new StringBuilder(VOTABLE_HEAD)
                .append("<FIELD name=\"name\" datatype=\"char\" arraysize=\"*\"/>\n")
                .append("<FIELD name=\"ra\" datatype=\"double\" unit=\"deg\" ucd=\"pos.eq.ra\"/>\n")
                .append("<FIELD name=\"dec\" datatype=\"double\" unit=\"deg\" ucd=\"pos.eq.dec\"/>\n")
                .append("<FIELD name=\"priority\" datatype=\"int\"><VALUES null=\"-1\"/></FIELD>\n<DATA><TABLEDATA>\n");
        for (int i = 0; i < targets.size(); i++) {
            s.append("<TR><TD>t").append(i).append("</TD><TD>").append(targets.get(i)[0]).append("</TD><TD>")
                    .append(targets.get(i)[1]).append("</TD><TD>").append(i % 5 == 0 ? -1 : i).append("</TD></TR>\n");
        }
        return s.append("</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n").toString();
    }

    private static Response sync(String query, String table, byte[] votable) {
        return given().multiPart("REQUEST", "doQuery").multiPart("LANG", "ADQL").multiPart("FORMAT", "csv")
                .multiPart("QUERY", query).multiPart("UPLOAD", table + ",param:tbl")
                .multiPart("tbl", "targets.vot", votable, "application/x-votable+xml")
                .post("/tap/sync");
    }

    /** "name,targetid" pairs within radiusDeg, by brute force over the fixture. */
    private static TreeSet<String> bruteForcePairs(List<double[]> targets, double radiusDeg) {
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < targets.size(); i++) {
            for (double[] o : ConeSearchTest.OBJECTS) {
                if (AngularDistance.haversineDeg(targets.get(i)[0], targets.get(i)[1], o[1], o[2]) <= radiusDeg) {
                    out.add("t" + i + "," + (long) o[0]);
                }
            }
        }
        return out;
    }

    private static TreeSet<String> csvRows(String csv) {
        TreeSet<String> out = new TreeSet<>(List.of(csv.split("\n")));
        out.remove(csv.split("\n")[0]);   // the header
        return out;
    }

    @Test
    void aPositionalJoinWithAnUploadedTargetListMatchesBruteForceAcrossRaWrapAndPoles() {
        ConeSearchTest.seed();
        List<double[]> targets = targets();
        TreeSet<String> expected = bruteForcePairs(targets, 0.02);
        assertTrue(expected.size() > 50, "the fixture puts objects near most targets: " + expected.size());
        // the usual form, the circle around the catalog's rows instead (the index on the circle's side), DISTANCE
        for (String on : List.of("CONTAINS(POINT('ICRS', g.ra, g.dec), CIRCLE('ICRS', u.ra, u.dec, 0.02)) = 1",
                "1 = CONTAINS(POINT(u.ra, u.dec), CIRCLE(g.ra, g.dec, 0.02))",
                "DISTANCE(POINT(u.ra, u.dec), POINT(g.ra, g.dec)) <= 0.02")) {
            String query = "SELECT u.name, g.targetid FROM TAP_UPLOAD.mine AS u JOIN catalogs." + ConeSearchTest.CATALOG
                    + " AS g ON " + on;
            String csv = sync(query, "mine", targetsTableData(targets).getBytes(StandardCharsets.UTF_8))
                    .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
            assertEquals(expected, csvRows(csv), on);
        }
    }

    @Test
    void aPositionalJoinBetweenTwoCatalogsMatchesBruteForceWhicheverIndexIsProbed() {
        // the catalog with itself (two zone indexes: the SQL bounds both sides), pairs at RA 0/360 and near a pole
        ConeSearchTest.seed();
        TreeSet<String> expected = new TreeSet<>();
        for (double[] a : ConeSearchTest.OBJECTS) {
            for (double[] b : ConeSearchTest.OBJECTS) {
                if (AngularDistance.haversineDeg(a[1], a[2], b[1], b[2]) <= 0.02) {
                    expected.add((long) a[0] + "," + (long) b[0]);
                }
            }
        }
        String cat = "catalogs." + ConeSearchTest.CATALOG;
        for (String on : List.of("1 = CONTAINS(POINT(a.ra, a.dec), CIRCLE(b.ra, b.dec, 0.02))",
                "DISTANCE(a.ra, a.dec, b.ra, b.dec) <= 0.02")) {
            String csv = given().formParam("LANG", "ADQL").formParam("FORMAT", "csv").formParam("MAXREC", 1000000)
                    .formParam("QUERY", "SELECT a.targetid, b.targetid FROM " + cat + " AS a JOIN " + cat + " AS b ON " + on)
                    .post("/tap/sync").then().statusCode(200).extract().asString();
            assertEquals(expected, csvRows(csv), on);
        }
        assertTrue(expected.size() > 3 * ConeSearchTest.OBJECTS.size(), "neighbours besides itself: " + expected.size());
    }

    @Test
    void anUploadedTableComesBackCellForCellWithItsNullsAndUnits() {
        List<double[]> targets = targets();
        String votable = given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.t ORDER BY name")
                .multiPart("UPLOAD", "t,param:tbl")
                .multiPart("tbl", "t.vot", targetsTableData(targets).getBytes(StandardCharsets.UTF_8))
                .post("/tap/sync").then().statusCode(200).extract().asString();
        assertTrue(votable.contains("name=\"ra\"") && votable.contains("unit=\"deg\"") && votable.contains("pos.eq.ra"),
                "the upload's FIELD metadata reaches the result: " + votable.substring(0, 600));
        String csv = sync("SELECT name, ra, dec, priority FROM TAP_UPLOAD.t", "t",
                targetsTableData(targets).getBytes(StandardCharsets.UTF_8)).then().statusCode(200).extract().asString();
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 0; i < targets.size(); i++) {
            expected.add("t" + i + "," + targets.get(i)[0] + "," + targets.get(i)[1] + "," + (i % 5 == 0 ? "" : i));
        }
        assertEquals(expected, csvRows(csv));
    }

    @Test
    void aBinary2UploadWrittenBySTILKeepsEveryTypeNaNNullAndHostileString() throws IOException {
        ColumnInfo[] cols = {new ColumnInfo("id", Long.class, null), new ColumnInfo("flag", Short.class, null),
            new ColumnInfo("ok", Boolean.class, null), new ColumnInfo("mag", Float.class, null),
            new ColumnInfo("note", String.class, null), new ColumnInfo("select", Integer.class, null)};
        RowListStarTable t = new RowListStarTable(cols);
        String[] hostile = {"'; DROP TABLE desi.catalog; --", "é ☃ µ", "<&>\"", "$1", ""};
        for (int i = 0; i < 50; i++) {
            t.addRow(new Object[] {i * 1_000_000_007L, (short) (i - 25), i % 3 == 0 ? null : i % 2 == 0,
                i % 7 == 0 ? Float.NaN : i * 0.5f, hostile[i % hostile.length] + i, i % 4 == 0 ? null : i});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new VOTableWriter(DataFormat.BINARY2, true, VOTableVersion.V14).writeStarTable(t, out);
        // "select" is a reserved word: ADQL delimits it
        String csv = sync("SELECT id, flag, ok, mag, note, \"select\" FROM TAP_UPLOAD.b2 ORDER BY id", "b2",
                out.toByteArray()).then().statusCode(200).extract().asString();
        String[] lines = csv.split("\n");
        assertEquals(51, lines.length, csv);
        for (int i = 0; i < 50; i++) {
            String[] f = lines[i + 1].split(",", -1);
            assertEquals(Long.toString(i * 1_000_000_007L), f[0]);
            assertEquals(Integer.toString(i - 25), f[1]);
            assertEquals(i % 3 == 0 ? "" : Boolean.toString(i % 2 == 0), f[2]);
            // STIL writes a NaN float as BINARY2's null flag (for VOTable a float's NaN is its null): it arrives null
            assertEquals(i % 7 == 0 ? "" : Float.toString(i * 0.5f).replaceAll("\\.0$", ""),
                    f[3].replaceAll("\\.0$", ""));
            assertTrue(lines[i + 1].contains(hostile[i % hostile.length].replace("\"", "\"\"") + i), lines[i + 1]);
            assertEquals(i % 4 == 0 ? "" : Integer.toString(i), f[f.length - 1]);
        }
    }

    @Test
    void anUploadJoinsACatalogByIdAndTheUploadNameNeedsNoSchemaWhenUnambiguous() {
        ConeSearchTest.seed();
        String ids = VOTABLE_HEAD + "<FIELD name=\"tid\" datatype=\"long\"/><DATA><TABLEDATA>"
                + "<TR><TD>3</TD></TR><TR><TD>1201</TD></TR><TR><TD>999999999</TD></TR>"
                + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        String csv = sync("SELECT g.targetid, g.ra FROM catalogs." + ConeSearchTest.CATALOG + " AS g JOIN ids AS u"
                + " ON u.tid = g.targetid ORDER BY g.targetid", "ids", ids.getBytes(StandardCharsets.UTF_8))
                .then().statusCode(200).extract().asString();
        StringBuilder expected = new StringBuilder("targetid,ra\n");
        for (double[] o : ConeSearchTest.OBJECTS) {
            if (o[0] == 3 || o[0] == 1201) {
                expected.append((long) o[0]).append(',').append(o[1]).append('\n');
            }
        }
        assertEquals(expected.toString(), csv);
    }

    @Test
    void anAsyncJobCarriesItsUploadAndAnswersAsTheSyncQueryDoes() throws Exception {
        ConeSearchTest.seed();
        List<double[]> targets = targets();
        byte[] table = targetsTableData(targets).getBytes(StandardCharsets.UTF_8);
        String query = "SELECT u.name, g.targetid FROM TAP_UPLOAD.mine AS u JOIN catalogs." + ConeSearchTest.CATALOG
                + " AS g ON CONTAINS(POINT('ICRS', g.ra, g.dec), CIRCLE('ICRS', u.ra, u.dec, 0.02)) = 1";
        String location = given().redirects().follow(false).multiPart("LANG", "ADQL").multiPart("FORMAT", "csv")
                .multiPart("QUERY", query).multiPart("UPLOAD", "mine,param:tbl").multiPart("PHASE", "RUN")
                .multiPart("tbl", "targets.vot", table).post("/tap/async").then().statusCode(303).extract()
                .header("Location");
        String jobId = location.substring(location.lastIndexOf('/') + 1);
        String job = TapAsyncJobs.awaitEnd("/tap/async/" + jobId);
        assertTrue(job.contains("<uws:phase>COMPLETED</uws:phase>"), job);
        String csv = given().get("/tap/async/" + jobId + "/results/result").then().statusCode(200).extract().asString();
        assertEquals(bruteForcePairs(targets, 0.02), csvRows(csv));
        given().get("/tap/async/" + jobId + "/parameters").then().body(containsString("mine,param:tbl"));
        given().redirects().follow(false).delete("/tap/async/" + jobId).then().statusCode(303);
    }

    @Test
    void anAsyncJobWithABadUploadIsRefusedAtCreationAndNothingIsStored() {
        int before = given().get("/tap/async").then().statusCode(200).extract().asString().split("<uws:jobref").length;
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.t")
                .multiPart("UPLOAD", "t,param:tbl").multiPart("tbl", "t.vot", "not xml".getBytes(StandardCharsets.UTF_8))
                .post("/tap/async").then().statusCode(400).body(containsString("QUERY_STATUS"))
                .body(containsString("UPLOAD table 't'"));
        int after = given().get("/tap/async").then().statusCode(200).extract().asString().split("<uws:jobref").length;
        assertEquals(before, after);
    }

    @Test
    void anEntityOrAStreamPointingOutsideTheUploadIsRefusedAndNothingIsRead() throws IOException {
        Path secret = Files.createTempFile("tap-upload-secret", ".txt");
        Files.writeString(secret, "SECRET-" + Long.toHexString(new Random().nextLong()));
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE VOTABLE [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>\n"
                + VOTABLE_HEAD.substring(VOTABLE_HEAD.indexOf("<VOTABLE")) + "<FIELD name=\"x\" datatype=\"char\""
                + " arraysize=\"*\"/><DATA><TABLEDATA><TR><TD>&s;</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        sync("SELECT * FROM TAP_UPLOAD.t", "t", xxe.getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                .body(containsString("DOCTYPE")).body(not(containsString("SECRET-")));
        String href = VOTABLE_HEAD + "<FIELD name=\"x\" datatype=\"double\"/><DATA><BINARY><STREAM href=\""
                + secret.toUri() + "\"/></BINARY></DATA></TABLE></RESOURCE></VOTABLE>";
        sync("SELECT * FROM TAP_UPLOAD.t", "t", href.getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                .body(containsString("STREAM href"));
        Files.delete(secret);
    }

    @Test
    void badUploadParametersNameWhatIsExpected() {
        byte[] one = (VOTABLE_HEAD + "<FIELD name=\"x\" datatype=\"double\"/><DATA><TABLEDATA><TR><TD>1</TD></TR>"
                + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>").getBytes(StandardCharsets.UTF_8);
        // a URL on a private address (here: the cloud metadata service's) is not fetched, nor another scheme
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.t")
                .multiPart("UPLOAD", "t,http://169.254.169.254/latest/meta-data").multiPart("tbl", "t.vot", one)
                .post("/tap/sync").then().statusCode(400).body(containsString("private address"));
        given().queryParam("LANG", "ADQL").queryParam("QUERY", "SELECT * FROM TAP_UPLOAD.t")
                .queryParam("UPLOAD", "t,file:///etc/passwd").get("/tap/sync").then().statusCode(400)
                .body(containsString("http or https URL"));
        // the named part is missing
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.t")
                .multiPart("UPLOAD", "t,param:other").multiPart("tbl", "t.vot", one)
                .post("/tap/sync").then().statusCode(400).body(containsString("no multipart/form-data part named 'other'"));
        // a table name that is not an ADQL identifier
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT 1 AS x")
                .multiPart("UPLOAD", "x\" OR 1=1,param:tbl").multiPart("tbl", "t.vot", one)
                .post("/tap/sync").then().statusCode(400).body(containsString("regular identifier"));
        // UPLOAD in a url-encoded form has nowhere to carry its table
        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT * FROM TAP_UPLOAD.t")
                .formParam("UPLOAD", "t,param:tbl").post("/tap/sync").then().statusCode(400)
                .body(containsString("multipart/form-data"));
        // an array column
        byte[] array = (VOTABLE_HEAD + "<FIELD name=\"v\" datatype=\"double\" arraysize=\"3\"/><DATA><TABLEDATA>"
                + "<TR><TD>1 2 3</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>").getBytes(StandardCharsets.UTF_8);
        sync("SELECT * FROM TAP_UPLOAD.t", "t", array).then().statusCode(400)
                .body(containsString("column 'v'")).body(containsString("scalars"));
        // a query without uploads still works through multipart, and TAP_UPLOAD tables are not in TAP_SCHEMA
        String csv = sync("SELECT COUNT(*) AS n FROM TAP_UPLOAD.t", "t", one).then().statusCode(200).extract().asString();
        assertEquals("n\n1\n", csv);
        String tables = given().get("/tap/tables").then().statusCode(200).extract().asString();
        assertFalse(tables.toUpperCase(Locale.ROOT).contains("TAP_UPLOAD"));
    }

    @Test
    void capabilitiesAnnounceInlineUploadsAndTheirRowLimit() {
        given().get("/tap/capabilities").then().statusCode(200)
                .body(containsString("ivo://ivoa.net/std/TAPRegExt#upload-inline"))
                .body(containsString("ivo://ivoa.net/std/TAPRegExt#upload-http"))
                .body(containsString("<uploadLimit>")).body(containsString("<hard unit=\"row\">100000</hard>"));
    }
}

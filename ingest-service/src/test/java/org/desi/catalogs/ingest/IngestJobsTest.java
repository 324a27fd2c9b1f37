package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.desi.catalogs.core.fits.BinaryTableLayout;
import org.desi.catalogs.core.fits.FileArrival;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.fits.FitsTables;
import org.desi.catalogs.core.sample.SampleFastSpecFitCatalog;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.PrometheusSamples;
import org.desi.catalogs.testsupport.SharedData;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class IngestJobsTest {

    static final Path DATA = Path.of("target/test-data");

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static JsonPath submit(String source, String profile, String catalog, Map<String, String> options, int status) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("source", source, "profile", profile, "catalog", catalog, "options", options))
                .post("/api/v1/ingest/jobs")
                .then().statusCode(status).extract().jsonPath();
    }

    static JsonPath awaitFinished(long id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonPath job = given().get("/api/v1/ingest/jobs/" + id).then().statusCode(200).extract().jsonPath();
            String status = job.getString("status");
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish in 60 s");
    }

    static long count(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void loadsAFastSpecFitFileOnceAndReturnsTheEarlierJobOnResubmit() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("fsf");
        Path file = DATA.resolve(catalog + ".fits");
        SampleFastSpecFitCatalog.write(file, 2500, 11L, 0);

        JsonPath job = submit(file.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202);
        long id = job.getLong("id");
        JsonPath done = awaitFinished(id);
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(2500, done.getLong("rowsLoaded"));
        assertEquals(0, done.getLong("rowsRejected"));
        // ZWARN is a 64-bit bitmask: the high bit survives (a 16-bit column kept only the low bits)
        long highBit = count("SELECT count(*) FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id)"
                + " WHERE c.name = '" + catalog + "' AND g.zwarn = " + SampleFastSpecFitCatalog.HIGH_BIT_ZWARN);
        assertTrue(highBit > 0, "rows with ZWARN bit 40 set");
        assertEquals(64, done.getString("sha256").length());
        assertEquals(2500, count("SELECT count(*) FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id)"
                + " WHERE c.name = '" + catalog + "'"));
        assertEquals(2500, count("SELECT row_count FROM desi.catalog WHERE name = '" + catalog + "'"));

        JsonPath again = submit(file.getFileName().toString(), "fastspecfit", catalog, Map.of(), 200);
        assertEquals(id, again.getLong("id"));
        assertEquals(2500, count("SELECT row_count FROM desi.catalog WHERE name = '" + catalog + "'"));

        // the same bytes under another name: accepted at once (202, not hashed before the answer), hashed
        // while loading, refused at commit naming the earlier job; nothing loaded twice
        Path copy = DATA.resolve(catalog + "-copy.fits");
        Files.copy(file, copy);
        JsonPath dup = awaitFinished(submit(copy.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("FAILED", dup.getString("status"), dup.prettify());
        assertTrue(dup.getString("error").contains("already loaded into " + catalog + " by job " + id), dup.prettify());
        assertEquals(2500, count("SELECT row_count FROM desi.catalog WHERE name = '" + catalog + "'"));
        assertEquals(1, count("SELECT count(*) FROM desi.catalog_source_file f JOIN desi.catalog c USING (catalog_id)"
                + " WHERE c.name = '" + catalog + "'"));
    }

    /**
     * A FastSpecFit file under the data directory is read from disk once: the pass hashing it reads the bytes
     * before FASTSPEC's first TARGETID through the page cache (the load reads them too) and the rest bypassing
     * it, handing the TARGETIDs to the load on the way (the load does not read FASTSPEC again). Counted by
     * {@code desi_ingest_hash_read_bytes_total}, against the file's own layout.
     */
    @Test
    void aFastSpecFitFileIsHashedReadingFastspecOnceBypassingThePageCache() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("fsfdirect");
        Path file = DATA.resolve(catalog + ".fits");
        SampleFastSpecFitCatalog.write(file, 3000, 27L, 0);
        BinaryTableLayout spec = BinaryTableLayout.of(new FitsTables(file, FileArrival.COMPLETE).find("FASTSPEC"));
        long firstTargetId = spec.hdu().dataOffset() + spec.require("TARGETID").offset();
        double direct = PrometheusSamples.value(DIRECT_READ_BYTES);
        double cached = PrometheusSamples.value(CACHED_READ_BYTES);

        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(3000, done.getLong("rowsLoaded"));
        assertEquals(Files.size(file) - firstTargetId, PrometheusSamples.value(DIRECT_READ_BYTES) - direct, 0);
        assertEquals(firstTargetId, PrometheusSamples.value(CACHED_READ_BYTES) - cached, 0);
    }

    static final String DIRECT_READ_BYTES = "desi_ingest_hash_read_bytes_total{mode=\"direct\"}";
    static final String CACHED_READ_BYTES = "desi_ingest_hash_read_bytes_total{mode=\"cached\"}";

    /**
     * Asserts that PostgreSQL answers {@code sql} by index-only scans that visit no heap page (run with
     * sequential and bitmap scans off): the index covers the columns, and every page of the rows is
     * marked all-visible, as a load writing them frozen leaves them, with no VACUUM since.
     */
    static void assertReadFromIndexesAlone(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            s.execute("SET enable_bitmapscan = off");
            try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
                rs.next();
                String plan = rs.getString(1);
                assertTrue(plan.contains("\"Node Type\": \"Index Only Scan\""), plan);
                assertFalse(plan.contains("\"Node Type\": \"Index Scan\""), plan);
                assertFalse(java.util.regex.Pattern.compile("\"Heap Fetches\": [1-9]").matcher(plan).find(), plan);
            }
        }
    }

    @Test
    void aLoadedFileIsReadByPositionFromItsKeyAloneWithoutAVacuumFirst() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("fsfkey");
        Path file = DATA.resolve(catalog + ".fits");
        SampleFastSpecFitCatalog.write(file, 3000, 12L, 0);
        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        long catalogId = count("SELECT catalog_id FROM desi.catalog WHERE name = '" + catalog + "'");
        // what a voids job reads: (TARGETID, RA, Dec, z) by TARGETID range
        String read = "SELECT md5(string_agg(targetid || ' ' || ra || ' ' || dec || ' ' || coalesce(z::text, '-'), ','"
                + " ORDER BY targetid)) FROM desi.fastspecfit_galaxy WHERE catalog_id = " + catalogId
                + " AND targetid >= 0";
        // schema v18's key carries the positions (v19's leads with TARGETID), and the load wrote its rows frozen (all-visible at commit)
        assertReadFromIndexesAlone(read);
        // and its zone index what a sky cross-match reads by bands of zones
        assertReadFromIndexesAlone("SELECT targetid, ra, dec FROM desi.fastspecfit_galaxy WHERE catalog_id = "
                + catalogId + " AND zone BETWEEN 0 AND 1800");
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            s.execute("SET enable_bitmapscan = off");
            String fromKey;
            try (ResultSet rs = s.executeQuery(read)) {
                rs.next();
                fromKey = rs.getString(1);
            }
            s.execute("SET enable_indexonlyscan = off");
            s.execute("SET enable_indexscan = off");
            s.execute("SET enable_seqscan = on");
            try (ResultSet rs = s.executeQuery(read)) {
                rs.next();
                assertEquals(rs.getString(1), fromKey, "the key's copies of the positions are the rows' values");
            }
        }
    }

    @Test
    void keepsBadRowsWithTheirReasonsAndLoadsTheRest() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("fsf_bad");
        Path file = DATA.resolve(catalog + ".fits");
        long[] tid = {1, 2, 3, 4, 5, 1};
        double[] ra = {10, 360.0, 20, 30, 40, 50};
        double[] dec = {0, 1, Double.NaN, 2, 3, 4};
        double[] z = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        float[] logm = {10f, 10f, 10f, -12.1f, 10.5f, 10f};
        float[] sfr = {1f, 1f, 1f, 1f, 76710f, 1f};
        float[] dn = {1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f};
        FitsTableWriter w = new FitsTableWriter();
        w.table("METADATA").column("TARGETID", tid).column("RA", ra).column("DEC", dec).column("Z", z);
        w.table("SPECPHOT").column("TARGETID", tid).column("LOGMSTAR", logm).column("SFR", sfr).column("DN4000", dn);
        w.table("FASTSPEC").column("TARGETID", tid);
        w.write(file);

        long id = submit(file.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202).getLong("id");
        JsonPath done = awaitFinished(id);
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(6, done.getLong("rowsRead"));
        assertEquals(1, done.getLong("rowsLoaded"));
        assertEquals(5, done.getLong("rowsRejected"));
        List<Map<String, Object>> rejects = given().get("/api/v1/ingest/jobs/" + id + "/rejects")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of(2, 3, 4, 5, 6), rejects.stream().map(r -> r.get("rowNumber")).toList());
        assertTrue(((String) rejects.get(0).get("reason")).contains("[0, 360)"), rejects.toString());
        assertTrue(((String) rejects.get(1).get("reason")).contains("DEC NaN"), rejects.toString());
        assertTrue(((String) rejects.get(2).get("reason")).contains("LOGMSTAR -12.1"), rejects.toString());
        assertTrue(((String) rejects.get(3).get("reason")).contains("SFR 76710"), rejects.toString());
        assertTrue(((String) rejects.get(4).get("reason")).contains("duplicate TARGETID 1 in this file"),
                rejects.toString());

        // a second file of the catalog: TARGETID 1 came with the first file, 7 repeats within this one
        Path second = DATA.resolve(catalog + "-2.fits");
        long[] tid2 = {1, 7, 7};
        double[] one = {0.1, 0.1, 0.1};
        float[] ten = {10f, 10f, 10f};
        FitsTableWriter w2 = new FitsTableWriter();
        w2.table("METADATA").column("TARGETID", tid2).column("RA", new double[] {1, 2, 3})
                .column("DEC", new double[] {1, 2, 3}).column("Z", one);
        w2.table("SPECPHOT").column("TARGETID", tid2).column("LOGMSTAR", ten).column("SFR", ten)
                .column("DN4000", new float[] {1.5f, 1.5f, 1.5f});
        w2.table("FASTSPEC").column("TARGETID", tid2);
        w2.write(second);
        JsonPath done2 = awaitFinished(submit(second.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("SUCCEEDED", done2.getString("status"), done2.prettify());
        assertEquals(1, done2.getLong("rowsLoaded"), done2.prettify());
        assertEquals(2, done2.getLong("rowsRejected"), done2.prettify());
        List<Map<String, Object>> rejects2 = given().get("/api/v1/ingest/jobs/" + done2.getLong("id") + "/rejects")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals("duplicate TARGETID 1 in catalog (loaded from another file)", rejects2.get(0).get("reason"));
        assertEquals(1, rejects2.get(0).get("rowNumber"));
        assertEquals("duplicate TARGETID 7 in this file", rejects2.get(1).get("reason"));
        assertEquals(3, rejects2.get(1).get("rowNumber"));
        assertEquals(2, count("SELECT row_count FROM desi.catalog WHERE name = '" + catalog + "'"));
        assertEquals(2, count("SELECT source_row FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id)"
                + " WHERE c.name = '" + catalog + "' AND g.targetid = 7"), "the first row with TARGETID 7 is kept");
    }

    @Test
    void failsAMisalignedFileNamingTheRowAndCommitsNothing() throws Exception {
        Files.createDirectories(DATA);
        // SPECPHOT out of step at row 3 (found while the rows are read), FASTSPEC at row 2 (found after)
        for (long[][] ids : new long[][][] {{{1, 2, 4}, {1, 2, 3}}, {{1, 2, 3}, {1, 3, 3}}}) {
            String catalog = unique("fsf_mis");
            Path file = DATA.resolve(catalog + ".fits");
            double[] v = {10, 20, 30};
            FitsTableWriter w = new FitsTableWriter();
            w.table("METADATA").column("TARGETID", new long[] {1, 2, 3}).column("RA", v).column("DEC", v)
                    .column("Z", new double[] {0.1, 0.1, 0.1});
            w.table("SPECPHOT").column("TARGETID", ids[0]).column("LOGMSTAR", new float[] {10, 10, 10})
                    .column("SFR", new float[] {1, 1, 1}).column("DN4000", new float[] {1, 1, 1});
            w.table("FASTSPEC").column("TARGETID", ids[1]);
            w.write(file);
            long id = submit(file.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202).getLong("id");
            JsonPath done = awaitFinished(id);
            assertEquals("FAILED", done.getString("status"));
            String expected = ids[0][2] == 4 ? "METADATA and SPECPHOT are not row-aligned: row 3"
                    : "METADATA and FASTSPEC are not row-aligned: row 2";
            assertTrue(done.getString("error").contains(expected), done.getString("error"));
            assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
        }
    }

    @Test
    void failsAFileThatIsNotFitsWithAPreciseMessage() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("notfits");
        Path file = DATA.resolve(catalog + ".fits");
        Files.writeString(file, "this is a CSV file,1,2\n".repeat(300));
        long id = submit(file.getFileName().toString(), "generic", catalog, Map.of(), 202).getLong("id");
        JsonPath done = awaitFinished(id);
        assertEquals("FAILED", done.getString("status"));
        assertTrue(done.getString("error").contains("not a FITS file"), done.getString("error"));
    }

    @Test
    void failsTruncatedFilesMissingColumnsAndWrongTypesNamingTheProblemAndCommitsNothing() throws Exception {
        Path dir = DATA.resolve("broken");
        Files.createDirectories(dir);
        byte[] targets = Files.readAllBytes(SharedData.file("desitarget/targets.fits"));
        Files.write(dir.resolve("truncated.fits"), java.util.Arrays.copyOf(targets, targets.length * 6 / 10));
        Files.copy(SharedData.file("desitarget/sweep-310m005-320p000.fits"), dir.resolve("sweep.fits"),
                StandardCopyOption.REPLACE_EXISTING);
        record Broken(String file, Map<String, String> options, String message) {
        }
        for (Broken b : List.of(
                new Broken("truncated.fits", Map.of("hdu", "TARGETS"), "truncated"),
                new Broken("sweep.fits", Map.of("raColumn", "TYPE", "decColumn", "DEC"), "must be a single number"),
                new Broken("sweep.fits", Map.of("idColumn", "NOPE"), "'NOPE' is not a column"),
                new Broken("sweep.fits", Map.of("hdu", "7"), "has no HDU 7"))) {
            String catalog = unique("broken");
            JsonPath done = awaitFinished(submit("broken/" + b.file(), "generic", catalog, b.options(), 202).getLong("id"));
            assertEquals("FAILED", done.getString("status"), b.toString());
            assertTrue(done.getString("error").contains(b.message()), b + ": " + done.getString("error"));
            assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"), "nothing committed");
        }
    }

    @Test
    void jsonOfTheWrongShapeIsAProblemDocumentNamingTheField() throws Exception {
        String[][] shapes = {
            {"{\"source\": \"x.fits\", \"profile\": [\"generic\"], \"catalog\": \"c\"}",
                "Field 'profile' of the request body must be a string"},
            {"{\"source\": \"x.fits\", \"profile\": \"generic\", \"catalog\": \"c\", \"options\": [1]}",
                "Field 'options' of the request body must be a JSON object"},
            {"{\"source\": \"x.fits\", \"profile\": \"generic\", \"catalog\": \"c\", \"options\": {\"hdu\": [1]}}",
                "Field 'options.hdu' of the request body must be a string"},
            {"[]", "The request body must be a JSON object"},
            {"{\"source\": ", "Request body is not valid JSON: Unexpected end-of-input"},
        };
        for (String[] shape : shapes) {
            given().contentType(ContentType.JSON).body(shape[0]).post("/api/v1/ingest/jobs").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString(shape[1]));
        }
        // arrays nested 5,000 deep, sent with the JDK's client (rest-assured's request writer runs out of a 512 MB
        // heap on such a string; curl and the service do not)
        java.net.http.HttpResponse<String> deep = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                                + io.restassured.RestAssured.port + "/api/v1/ingest/jobs"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + org.desi.catalogs.testsupport.TestTokens.token("t",
                                List.of("desi-ingest")))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[".repeat(5000) + "]".repeat(5000)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, deep.statusCode(), deep.body());
        assertTrue(deep.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(deep.body().contains("The request body must be a JSON object"), deep.body());
    }

    @Test
    void refusesPathsOutsideTheDataDirectory() throws IOException {
        Files.createDirectories(DATA);
        for (String bad : List.of("../pom.xml", "/etc/passwd", "x/../../pom.xml")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("source", bad, "profile", "generic", "catalog", "nope"))
                    .post("/api/v1/ingest/jobs")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("outside the data directory"));
        }
        Path link = DATA.resolve("escape-link.fits");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/etc/hostname"));
        given().contentType(ContentType.JSON)
                .body(Map.of("source", "escape-link.fits", "profile", "generic", "catalog", "nope"))
                .post("/api/v1/ingest/jobs")
                .then().statusCode(400).body("detail", containsString("leaves the data directory"));
    }

    @Test
    void rejectsUnknownProfileAndBadCatalogName() {
        given().contentType(ContentType.JSON).body(Map.of("source", "x.fits", "profile", "csv", "catalog", "ok"))
                .post("/api/v1/ingest/jobs").then().statusCode(400)
                .body("detail", containsString("valid profiles are fastspecfit, voidfinder, v2, generic"));
        given().contentType(ContentType.JSON).body(Map.of("source", "x.fits", "profile", "generic", "catalog", "Bad-Name"))
                .post("/api/v1/ingest/jobs").then().statusCode(400)
                .body("detail", containsString("[a-z][a-z0-9_]{0,62}"));
        given().get("/api/v1/ingest/jobs/abc").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/ingest/jobs/999999999").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void loadsEveryRealFileAsAGenericCatalog() throws Exception {
        record Case(String file, Map<String, String> options, long rows) {
        }
        List<Case> cases = List.of(
                new Case("fastspecfit/tractor-1054p567.fits", Map.of("raColumn", "ra", "decColumn", "dec"), -1),
                new Case("fastspecfit/redrock-4-80613-thru20210324.fits",
                        Map.of("hdu", "REDSHIFTS", "idColumn", "TARGETID", "zColumn", "Z"), -1),
                new Case("fastspecfit/coadd-4-80613-thru20210324.fits",
                        Map.of("hdu", "FIBERMAP", "raColumn", "TARGET_RA", "decColumn", "TARGET_DEC"), -1),
                new Case("fastspecfit/coadd-special-dark-27247.fits", Map.of("hdu", "SCORES"), 1),
                new Case("desitarget/sweep-310m005-320p000.fits", Map.of("raColumn", "RA", "decColumn", "DEC"), 6),
                new Case("desitarget/targets.fits", Map.of("hdu", "TARGETS", "raColumn", "RA", "decColumn", "DEC"), 1001),
                new Case("vast/test_data.fits", Map.of("raColumn", "ra", "decColumn", "dec", "zColumn", "z"), 10000),
                new Case("vast/vollim_dr7_cbp_102709.fits", Map.of("raColumn", "ra", "decColumn", "dec", "zColumn", "z"),
                        120606));
        Path dir = DATA.resolve("real");
        Files.createDirectories(dir);
        for (Case c : cases) {
            Path target = dir.resolve(c.file().replace('/', '_'));
            Files.copy(SharedData.file(c.file()), target, StandardCopyOption.REPLACE_EXISTING);
            String catalog = unique("real");
            long id = submit("real/" + target.getFileName(), "generic", catalog, c.options(), 202).getLong("id");
            JsonPath done = awaitFinished(id);
            assertEquals("SUCCEEDED", done.getString("status"), c.file() + ": " + done.prettify());
            long loaded = done.getLong("rowsLoaded");
            assertEquals(done.getLong("rowsTotal"), loaded + done.getLong("rowsRejected"), c.file());
            // the options reach the worker: the registry names the position and redshift columns given
            assertEquals(c.options().containsKey("raColumn") ? 1 : 0, count("SELECT count(*) FROM desi.catalog"
                    + " WHERE ra_column IS NOT NULL AND name = '" + catalog + "'"), c.file());
            assertEquals(c.options().containsKey("zColumn") ? 1 : 0, count("SELECT count(*) FROM desi.catalog"
                    + " WHERE z_column IS NOT NULL AND name = '" + catalog + "'"), c.file());
            if (c.rows() >= 0) {
                assertEquals(c.rows(), loaded, c.file());
            }
            assertEquals(loaded, count("SELECT count(*) FROM catalog_data." + catalog), c.file());
        }
        // the signed byte stored with TZERO = -128 arrives signed
        assertTrue(count("SELECT count(*) FROM desi.catalog_column WHERE name = 'gaia_astrometric_params_solved'"
                + " AND sql_type = 'smallint'") > 0);
    }

    @Test
    void genericFilesWithoutAnIdColumnGetIdsUniqueAcrossFiles() throws Exception {
        // two files of one generic catalog, no idColumn: row numbers repeat, object ids must not
        Files.createDirectories(DATA);
        String catalog = unique("noid");
        for (int f = 0; f < 2; f++) {
            Path file = DATA.resolve(catalog + "-" + f + ".fits");
            org.desi.catalogs.core.fits.FitsTableWriter w = new org.desi.catalogs.core.fits.FitsTableWriter();
            w.table("DATA").column("RA", new double[] {10 + f, 11 + f, 12 + f}, "deg")
                    .column("DEC", new double[] {1, 2, 3}, "deg");
            w.write(file);
            JsonPath done = awaitFinished(submit(file.getFileName().toString(), "generic", catalog,
                    Map.of("raColumn", "RA", "decColumn", "DEC"), 202).getLong("id"));
            assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        }
        assertEquals("object_id", text("SELECT id_column FROM desi.catalog WHERE name = '" + catalog + "'"));
        assertEquals(6, count("SELECT count(DISTINCT object_id) FROM catalog_data." + catalog));
        assertEquals(2, count("SELECT count(DISTINCT row_number) FROM catalog_data." + catalog + " WHERE row_number < 3"));
        // each file's partition was written frozen: all-visible at commit, no VACUUM needed (its key covers this)
        assertReadFromIndexesAlone("SELECT count(*) FROM catalog_data." + catalog + " WHERE source_file_id > 0");
    }

    @Test
    void duplicateIdsWithinAFileAndAcrossFilesAreRejectedWithTheirRowAndTheFirstKept() throws Exception {
        // string ids and integer ids; the check runs in PostgreSQL, not in a set that grows with the catalog
        Files.createDirectories(DATA);
        for (boolean text : new boolean[] {true, false}) {
            String catalog = unique(text ? "dupstr" : "dupint");
            // file 2's ids only grow (the within-file sort is skipped) but its first repeats file 0's
            Object[] ids = text
                    ? new Object[] {new String[] {"a", "b", "a", "c", "b"}, new String[] {"d", "a", "d", "e"},
                            new String[] {"c", "x", "y"}}
                    : new Object[] {new long[] {1, 2, 1, 3, 2}, new long[] {4, 1, 4, 5}, new long[] {3, 8, 9}};
            long[] jobs = new long[3];
            for (int f = 0; f < 3; f++) {
                Path file = DATA.resolve(catalog + "-" + f + ".fits");
                int n = java.lang.reflect.Array.getLength(ids[f]);
                double[] ra = new double[n];
                double[] dec = new double[n];
                for (int i = 0; i < n; i++) {
                    ra[i] = 10 + i;
                    dec[i] = f;
                }
                org.desi.catalogs.core.fits.FitsTableWriter w = new org.desi.catalogs.core.fits.FitsTableWriter();
                w.table("DATA").column("OBJ", ids[f]).column("RA", ra, "deg").column("DEC", dec, "deg");
                w.write(file);
                JsonPath done = awaitFinished(submit(file.getFileName().toString(), "generic", catalog,
                        Map.of("idColumn", "OBJ", "raColumn", "RA", "decColumn", "DEC"), 202).getLong("id"));
                assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
                jobs[f] = done.getLong("id");
            }
            // file 0: rows 3 (a) and 5 (b) repeat earlier rows; file 1: row 2 (a) is in file 0, row 3 (d) repeats row 1
            assertEquals(List.of(3, 5), rejectedRows(jobs[0]));
            assertEquals(List.of(2, 3), rejectedRows(jobs[1]));
            assertEquals(List.of(1), rejectedRows(jobs[2]));
            List<Map<String, Object>> rejects = given().get("/api/v1/ingest/jobs/" + jobs[1] + "/rejects")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            assertEquals("duplicate OBJ " + (text ? "a" : "1"), rejects.get(0).get("reason"));
            JsonPath second = given().get("/api/v1/ingest/jobs/" + jobs[1]).then().extract().jsonPath();
            assertEquals(2, second.getLong("rowsLoaded"), second.prettify());
            assertEquals(2, second.getLong("rowsRejected"), second.prettify());
            assertEquals(7, count("SELECT count(*) FROM catalog_data." + catalog));
            assertEquals(7, count("SELECT count(DISTINCT \"obj\") FROM catalog_data." + catalog));
            assertEquals(7, count("SELECT row_count FROM desi.catalog WHERE name = '" + catalog + "'"));
            // the first occurrence is the one kept
            for (String kept : text ? List.of("a", "d") : List.of("1", "4")) {
                assertEquals(1, count("SELECT row_number FROM catalog_data." + catalog + " WHERE \"obj\"::text = '"
                        + kept + "'"), "row 1 of its file keeps " + kept);
            }
        }
    }

    @Test
    void aCatalogLoadedBeforePartitioningKeepsLoadingIntoItsPlainTable() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("legacy");
        Path a = DATA.resolve(catalog + "-a.fits");
        Path b = DATA.resolve(catalog + "-b.fits");
        writeIdTable(a, new long[] {1, 2, 3});
        assertEquals("SUCCEEDED", loadWithIds(a, catalog).getString("status"));
        // make the table what earlier versions created: one plain table, not partitioned
        String t = "catalog_data." + catalog;
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + t + "_plain (LIKE " + t + " INCLUDING ALL)");
            s.execute("INSERT INTO " + t + "_plain (source_file_id, row_number, zone, obj, ra, dec)"
                    + " SELECT source_file_id, row_number, zone, obj, ra, dec FROM " + t);
            s.execute("DROP TABLE " + t);
            s.execute("ALTER TABLE " + t + "_plain RENAME TO " + catalog);
        }
        writeIdTable(b, new long[] {3, 4});
        JsonPath second = loadWithIds(b, catalog);
        assertEquals("SUCCEEDED", second.getString("status"), second.prettify());
        assertEquals(1, second.getLong("rowsRejected"), "3 came with file a");
        writeIdTable(a, new long[] {1, 2, 9});   // file a changed: its rows are replaced
        assertEquals("SUCCEEDED", loadWithIds(a, catalog).getString("status"));
        assertEquals("r", text("SELECT relkind::text FROM pg_class WHERE oid = '" + t + "'::regclass"));
        assertEquals("1,2,4,9", text("SELECT string_agg(obj::text, ',' ORDER BY obj) FROM " + t));
        assertEquals(4, count("SELECT row_count FROM desi.catalog WHERE name = '" + catalog + "'"));
    }

    /**
     * The column lists ("(key, ...) INCLUDE (...)") of {@code table}'s indexes other than its primary key,
     * as PostgreSQL prints them.
     */
    static List<String> secondaryIndexes(String table) throws SQLException {
        List<String> defs = new java.util.ArrayList<>();
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT substring(pg_get_indexdef(indexrelid) FROM 'USING btree (.*)$')"
                     + " FROM pg_index WHERE indrelid = '" + table + "'::regclass AND NOT indisprimary")) {
            while (rs.next()) {
                defs.add(rs.getString(1));
            }
        }
        return defs;
    }

    /** Each partition of {@code table} (a generic catalog) with its secondary indexes, by partition name. */
    static Map<String, List<String>> partitionIndexes(String table) throws SQLException {
        Map<String, List<String>> byPartition = new java.util.TreeMap<>();
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT inhrelid::regclass::text FROM pg_inherits"
                     + " WHERE inhparent = '" + table + "'::regclass")) {
            while (rs.next()) {
                byPartition.put(rs.getString(1), null);
            }
        }
        for (String partition : byPartition.keySet()) {
            byPartition.put(partition, secondaryIndexes(partition));
        }
        return byPartition;
    }

    @Test
    void aSkyJobsZoneBandsAreReadFromTheZoneIndexAloneInEveryFilesPartition() throws Exception {
        String catalog = catalogOfFiles("zoneidx", new long[] {1, 2, 3, 40}, new long[] {5, 6, 7});
        String t = "catalog_data." + catalog;
        // the catalog's zone index carries Dec and the (integer) id; each file's partition has the same
        assertEquals(List.of("(zone, ra) INCLUDE (\"dec\", obj)"), secondaryIndexes(t));
        Map<String, List<String>> partitions = partitionIndexes(t);
        assertEquals(2, partitions.size(), partitions.toString());
        partitions.values().forEach(defs -> assertEquals(List.of("(zone, ra) INCLUDE (\"dec\", obj)"), defs));
        // what a sky cross-match reads (PositionReader): no heap page visited, without a VACUUM after the loads
        // (zones of 0.05 deg: 1800-2000 is Dec 0 to 10 deg, which the row with Dec 40 is not in)
        String band = "SELECT obj::bigint, ra::float8, dec::float8 FROM " + t + " WHERE zone BETWEEN 1800 AND 2000";
        assertReadFromIndexesAlone(band);
        assertEquals("1,2,3,5,6,7", text("SELECT string_agg(obj::text, ',' ORDER BY obj) FROM (" + band + ") b"));

        // a string id is not carried (it can be long; a sky job refuses it), and without an id the object_id is
        String strings = unique("zoneidx_str");
        Path c = DATA.resolve(strings + ".fits");
        FitsTableWriter w = new FitsTableWriter();
        w.table("DATA").column("OBJ", new String[] {"a", "b"}).column("RA", new double[] {1, 2}, "deg")
                .column("DEC", new double[] {3, 4}, "deg");
        w.write(c);
        assertEquals("SUCCEEDED", loadWithIds(c, strings).getString("status"));
        assertEquals(List.of("(zone, ra) INCLUDE (\"dec\")"), secondaryIndexes("catalog_data." + strings));
        String noId = unique("zoneidx_noid");
        Files.copy(c, DATA.resolve(noId + ".fits"));
        assertEquals("SUCCEEDED", awaitFinished(submit(noId + ".fits", "generic", noId,
                Map.of("raColumn", "RA", "decColumn", "DEC"), 202).getLong("id")).getString("status"));
        assertEquals(List.of("(zone, ra) INCLUDE (\"dec\", object_id)"), secondaryIndexes("catalog_data." + noId));
    }

    @Test
    void aCatalogCreatedWithTheOlderZoneIndexKeepsItForNewFilesWithOneIndexEach() throws Exception {
        String catalog = catalogOfFiles("oldidx", new long[] {1, 2, 3});
        String t = "catalog_data." + catalog;
        Path a = DATA.resolve(catalog + "-0.fits");
        Path b = DATA.resolve(catalog + "-1.fits");
        // what earlier versions created: (zone, ra) alone, on the catalog and its partitions
        try (Connection conn = TestDatabase.connect(TestDatabase.WRITER); Statement s = conn.createStatement()) {
            String index = text("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = '" + t
                    + "'::regclass AND NOT indisprimary");
            s.execute("DROP INDEX " + index);
            s.execute("CREATE INDEX ON " + t + " (zone, ra)");
        }
        writeIdTable(b, new long[] {4, 5});
        assertEquals("SUCCEEDED", loadWithIds(b, catalog).getString("status"));
        writeIdTable(a, new long[] {1, 2, 9});   // a changed file: its new partition too
        assertEquals("SUCCEEDED", loadWithIds(a, catalog).getString("status"));
        Map<String, List<String>> partitions = partitionIndexes(t);
        assertEquals(2, partitions.size(), partitions.toString());
        // ATTACH found each partition's copy of the catalog's index: none built twice
        partitions.values().forEach(defs -> assertEquals(List.of("(zone, ra)"), defs));
        assertEquals(2, count("SELECT count(*) FROM pg_inherits WHERE inhparent = (SELECT indexrelid FROM pg_index"
                + " WHERE indrelid = '" + t + "'::regclass AND NOT indisprimary)"));
        assertEquals("1,2,4,5,9", text("SELECT string_agg(obj::text, ',' ORDER BY obj) FROM " + t));

        // README's upgrade (readers keep reading meanwhile): the covering index first, then the old one dropped
        try (Connection conn = TestDatabase.connect(TestDatabase.WRITER); Statement s = conn.createStatement()) {
            String old = text("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = '" + t
                    + "'::regclass AND NOT indisprimary");
            s.execute("CREATE INDEX ON " + t + " (zone, ra) INCLUDE (\"dec\", obj)");
            s.execute("DROP INDEX " + old);
        }
        Path c = DATA.resolve(catalog + "-2.fits");
        writeIdTable(c, new long[] {6});
        assertEquals("SUCCEEDED", loadWithIds(c, catalog).getString("status"));
        partitions = partitionIndexes(t);
        assertEquals(3, partitions.size(), partitions.toString());
        partitions.values().forEach(defs -> assertEquals(List.of("(zone, ra) INCLUDE (\"dec\", obj)"), defs));
        assertEquals("1,2,4,5,6,9", text("SELECT string_agg(obj::text, ',' ORDER BY obj) FROM " + t));
    }

    @Test
    void indexesAnAdministratorAddedToACatalogAreBuiltOnEveryNewFileOnceEach() throws Exception {
        String catalog = catalogOfFiles("admidx", new long[] {1, 2, 3});
        String t = "catalog_data." + catalog;
        Path a = DATA.resolve(catalog + "-0.fits");
        // an expression, a descending partial index and a unique one (which must hold the partition key)
        try (Connection conn = TestDatabase.connect(TestDatabase.WRITER); Statement s = conn.createStatement()) {
            s.execute("CREATE INDEX ON " + t + " ((ra + dec))");
            s.execute("CREATE INDEX ON " + t + " (dec DESC NULLS LAST) WHERE obj > 1");
            s.execute("CREATE UNIQUE INDEX ON " + t + " (obj, source_file_id)");
        }
        Path b = DATA.resolve(catalog + "-1.fits");
        writeIdTable(b, new long[] {4, 5});
        assertEquals("SUCCEEDED", loadWithIds(b, catalog).getString("status"));
        writeIdTable(a, new long[] {1, 2, 9});   // a changed file: a new partition as well
        assertEquals("SUCCEEDED", loadWithIds(a, catalog).getString("status"));
        long parentIndexes = count("SELECT count(*) FROM pg_index WHERE indrelid = '" + t + "'::regclass");
        assertEquals(5, parentIndexes);
        // each partition holds one index per index of the catalog, each attached to it: none built twice
        try (Connection conn = TestDatabase.connect(TestDatabase.WRITER); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.inhrelid::regclass::text, (SELECT count(*) FROM pg_index"
                     + " WHERE indrelid = p.inhrelid), (SELECT count(*) FROM pg_index i JOIN pg_inherits x ON"
                     + " x.inhrelid = i.indexrelid WHERE i.indrelid = p.inhrelid) FROM pg_inherits p"
                     + " WHERE p.inhparent = '" + t + "'::regclass")) {
            int partitions = 0;
            while (rs.next()) {
                partitions++;
                assertEquals(parentIndexes, rs.getLong(2), rs.getString(1));
                assertEquals(parentIndexes, rs.getLong(3), rs.getString(1));
            }
            assertEquals(2, partitions);
        }
        assertEquals("2,4,5,9", text("SELECT string_agg(obj::text, ',' ORDER BY obj) FROM " + t + " WHERE obj > 1"
                + " AND dec > 0"));
    }

    /** A new generic catalog (prefix_...) loaded from one file per id list, {@code <catalog>-<k>.fits}. */
    private static String catalogOfFiles(String prefix, long[]... files) throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique(prefix);
        for (int k = 0; k < files.length; k++) {
            Path file = DATA.resolve(catalog + "-" + k + ".fits");
            writeIdTable(file, files[k]);
            JsonPath done = loadWithIds(file, catalog);
            assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        }
        return catalog;
    }

    private static void writeIdTable(Path file, long[] ids) throws Exception {
        double[] ra = new double[ids.length];
        double[] dec = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ra[i] = 10 + ids[i];
            dec[i] = ids[i];
        }
        org.desi.catalogs.core.fits.FitsTableWriter w = new org.desi.catalogs.core.fits.FitsTableWriter();
        w.table("DATA").column("OBJ", ids).column("RA", ra, "deg").column("DEC", dec, "deg");
        w.write(file);
    }

    private static JsonPath loadWithIds(Path file, String catalog) throws Exception {
        return awaitFinished(submit(file.getFileName().toString(), "generic", catalog,
                Map.of("idColumn", "OBJ", "raColumn", "RA", "decColumn", "DEC"), 202).getLong("id"));
    }

    private static List<Object> rejectedRows(long jobId) {
        return given().get("/api/v1/ingest/jobs/" + jobId + "/rejects").then().statusCode(200).extract().jsonPath()
                .getList("rowNumber");
    }

    @Test
    void hostileColumnNamesBecomeDistinctQuotedIdentifiersAndRenamesAreSaid() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("names");
        Path file = DATA.resolve(catalog + ".fits");
        String long1 = "A".repeat(63) + "_X1";   // equal to long2 after PostgreSQL's 63-byte truncation
        String long2 = "A".repeat(63) + "_X2";
        String[] names = {"RA", "ra", long1, long2, "x\"; DROP TABLE desi.catalog; --", "row_number", "Dec"};
        org.desi.catalogs.core.fits.FitsTableWriter w = new org.desi.catalogs.core.fits.FitsTableWriter();
        org.desi.catalogs.core.fits.FitsTableWriter.Table t = w.table("DATA");
        for (int k = 0; k < names.length; k++) {
            t.column(names[k], new double[] {k, k + 0.5});
        }
        w.write(file);
        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "generic", catalog, Map.of(), 202).getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        List<String> sqlNames = new java.util.ArrayList<>();
        List<String> descriptions = new java.util.ArrayList<>();
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT cc.name, cc.description FROM desi.catalog_column cc JOIN desi.catalog"
                     + " USING (catalog_id) WHERE catalog.name = '" + catalog + "' ORDER BY ordinal")) {
            while (rs.next()) {
                sqlNames.add(rs.getString(1));
                descriptions.add(rs.getString(2));
            }
        }
        assertEquals(sqlNames.size(), new java.util.HashSet<>(sqlNames).size(), "distinct: " + sqlNames);
        assertTrue(sqlNames.stream().allMatch(n -> n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63),
                sqlNames.toString());
        assertTrue(descriptions.stream().filter(d -> d != null && d.contains("renamed")).count() >= 2, descriptions.toString());
        // every registered name is a real column of the table, and the registry survived the "DROP TABLE"
        for (String n : sqlNames) {
            count("SELECT count(" + org.desi.catalogs.service.sql.SqlIdentifiers.quote(n) + ") FROM catalog_data." + catalog);
        }
        assertTrue(count("SELECT count(*) FROM desi.catalog") > 0);
        assertEquals(2, count("SELECT count(*) FROM catalog_data." + catalog));
    }

    static String text(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aChangedFileReplacesItsRowsAtomicallyAndADeletedCatalogsFilesLoadAgain() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("fsf_change");
        Path file = DATA.resolve(catalog + ".fits");
        SampleFastSpecFitCatalog.write(file, 300, 1L, 0);
        long first = submit(file.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202).getLong("id");
        assertEquals("SUCCEEDED", awaitFinished(first).getString("status"));
        SampleFastSpecFitCatalog.write(file, 200, 2L, 0);
        long second = submit(file.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202).getLong("id");
        assertTrue(second != first);
        JsonPath done = awaitFinished(second);
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(200, count("SELECT row_count FROM desi.catalog WHERE name = '" + catalog + "'"));
        assertEquals(200, count("SELECT count(*) FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id)"
                + " WHERE c.name = '" + catalog + "'"));
        assertEquals(1, count("SELECT count(*) FROM desi.catalog_source_file f JOIN desi.catalog c USING (catalog_id)"
                + " WHERE c.name = '" + catalog + "'"));
        // deleting the catalog deletes its rows (a trigger on catalog_source_file keeps the old cascade)
        long catalogId = count("SELECT catalog_id FROM desi.catalog WHERE name = '" + catalog + "'");
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("DELETE FROM desi.catalog WHERE catalog_id = " + catalogId);
        }
        assertEquals(0, count("SELECT count(*) FROM desi.fastspecfit_galaxy WHERE catalog_id = " + catalogId));
        // the same file again, and the same bytes uploaded: each loads anew (the deleted catalog's jobs no longer
        // hold the file), and the earlier jobs stay readable
        long third = submit(file.getFileName().toString(), "fastspecfit", catalog, Map.of(), 202).getLong("id");
        assertEquals("SUCCEEDED", awaitFinished(third).getString("status"));
        assertEquals(200, count("SELECT count(*) FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id)"
                + " WHERE c.name = '" + catalog + "'"));
        assertEquals("SUCCEEDED", awaitFinished(second).getString("status"));
        String uploaded = catalog + "_up";
        for (int round = 0; round < 2; round++) {
            long id = given().contentType("application/fits").body(Files.readAllBytes(file))
                    .queryParam("profile", "fastspecfit").queryParam("catalog", uploaded)
                    .post("/api/v1/ingest/uploads").then().statusCode(202).extract().jsonPath().getLong("id");
            assertEquals(200, awaitFinished(id).getLong("rowsLoaded"), "round " + round);
            try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
                s.execute("DELETE FROM desi.catalog WHERE name = '" + uploaded + "'");
            }
        }
    }

    @Test
    void uploadsAFileAndLoadsIt() throws Exception {
        Path tmp = Files.createTempFile("upload", ".fits");
        SampleFastSpecFitCatalog.write(tmp, 100, 5L, 900_000);
        String catalog = unique("upl");
        long id = given().contentType("application/fits").body(Files.readAllBytes(tmp))
                .queryParam("profile", "fastspecfit").queryParam("catalog", catalog)
                .post("/api/v1/ingest/uploads")
                .then().statusCode(202).header("Location", containsString("/api/v1/ingest/jobs/"))
                .extract().jsonPath().getLong("id");
        JsonPath done = awaitFinished(id);
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(100, done.getLong("rowsLoaded"));
        given().get("/api/v1/ingest/jobs").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem((int) id));
        assertEquals(1, given().get("/api/v1/ingest/jobs?status=SUCCEEDED&limit=1").then().statusCode(200)
                .extract().jsonPath().getList("$").size());
        given().contentType(ContentType.JSON).body("{not json").post("/api/v1/ingest/jobs")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    /** The upload files now on disk, sorted. */
    static List<Path> uploadsOnDisk() throws IOException {
        Path uploads = DATA.resolve("uploads");
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (var files = Files.list(uploads)) {
            return files.sorted().toList();
        }
    }

    /**
     * The upload files on disk that were not there {@code before}. Another test's job may still be
     * removing its own upload meanwhile, so the directory can shrink: only a file left by this test
     * counts against it.
     */
    static List<Path> uploadsAddedSince(List<Path> before) throws IOException {
        return uploadsOnDisk().stream().filter(p -> !before.contains(p)).toList();
    }

    @Test
    void uploadsCannotFillTheDisk() throws Exception {
        Path tmp = Files.createTempFile("upload", ".fits");
        SampleFastSpecFitCatalog.write(tmp, 50, 6L, 950_000);
        byte[] bytes = Files.readAllBytes(tmp);
        String catalog = unique("hyg");
        List<Path> before = uploadsOnDisk();
        long id = given().contentType("application/fits").body(bytes).queryParam("profile", "fastspecfit")
                .queryParam("catalog", catalog).post("/api/v1/ingest/uploads").then().statusCode(202)
                .extract().jsonPath().getLong("id");
        assertEquals("SUCCEEDED", awaitFinished(id).getString("status"));
        // the same bytes again: the earlier job answers, and the second copy is not kept either
        given().contentType("application/fits").body(bytes).queryParam("profile", "fastspecfit")
                .queryParam("catalog", catalog).post("/api/v1/ingest/uploads").then().statusCode(200);
        for (int i = 0; i < 50 && !uploadsAddedSince(before).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), uploadsAddedSince(before), "an upload is removed once its job ended");

        // a client that declares 8 MB, sends 1 MB and goes away leaves no partial file behind
        java.net.URI base = java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/ingest/uploads?profile=fastspecfit&catalog=" + catalog + " HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + org.desi.catalogs.testsupport.TestTokens.token("t", List.of("desi-ingest"))
                    + "\r\nContent-Type: application/fits\r\nContent-Length: 8388608\r\n\r\n").getBytes());
            out.write(new byte[1 << 20]);
            out.flush();
            Thread.sleep(300);
        }
        long partial = 1;
        for (int i = 0; i < 100 && partial > 0; i++) {
            Thread.sleep(100);
            try (var files = Files.list(DATA.resolve("uploads"))) {
                partial = files.filter(f -> f.toString().endsWith(".part")).count();
            }
        }
        assertEquals(0, partial, "no partial upload left after the client went away");

        // JSON bodies are small: a large one is refused before it is read
        given().contentType(ContentType.JSON).body("{\"source\": \"" + "x".repeat(100_000) + "\"}")
                .post("/api/v1/ingest/jobs").then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("65536"));
    }

    @Test
    void nonAsciiBytesInStringArraysLoadWithoutOverflowingTheCopyBuffer() throws Exception {
        // a 3-element string array (TFORM 12A, TDIM (4,3)) whose bytes are all 0xE9, not ASCII
        byte[] data = new byte[24];
        java.util.Arrays.fill(data, (byte) 0xE9);
        Files.createDirectories(DATA);
        String catalog = unique("latin");
        Path file = DATA.resolve(catalog + ".fits");
        Files.write(file, org.desi.catalogs.core.fits.BrokenFits.fits(org.desi.catalogs.core.fits.BrokenFits.table(
                Map.of("NAXIS1", "12", "NAXIS2", "2", "TTYPE1", "'NAMES'", "TFORM1", "'12A'", "TDIM1", "'(4,3)'")), data));
        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "generic", catalog, Map.of(), 202).getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(3, count("SELECT cardinality(names) FROM catalog_data." + catalog + " LIMIT 1"));
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", text("SELECT names[2] FROM catalog_data." + catalog + " LIMIT 1"));
    }
}

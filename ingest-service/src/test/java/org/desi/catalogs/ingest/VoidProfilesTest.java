package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.desi.catalogs.ingest.IngestJobsTest.DATA;
import static org.desi.catalogs.ingest.IngestJobsTest.awaitFinished;
import static org.desi.catalogs.ingest.IngestJobsTest.count;
import static org.desi.catalogs.ingest.IngestJobsTest.submit;
import static org.desi.catalogs.ingest.IngestJobsTest.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.sample.VoidCatalogFiles;
import org.desi.catalogs.core.sample.VoidCatalogFiles.Hole;
import org.desi.catalogs.core.sample.VoidCatalogFiles.Maximal;
import org.desi.catalogs.core.sample.VoidCatalogFiles.V2Galaxy;
import org.desi.catalogs.core.sample.VoidCatalogFiles.V2Void;
import org.desi.catalogs.core.sample.VoidCatalogFiles.V2Zone;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.SharedData;
import org.junit.jupiter.api.Test;

/** The voidfinder and v2 profiles on files in the DESIVAST layouts, built from VAST's own test truth. */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class VoidProfilesTest {

    static List<Hole> vastHoles() throws Exception {
        return VoidCatalogFiles.readVastHoles(SharedData.file("vast/test_galaxies_redshift_holes_truth.txt"));
    }

    static List<Maximal> vastMaximals() throws Exception {
        return VoidCatalogFiles.readVastMaximals(SharedData.file("vast/test_galaxies_redshift_maximal_truth.txt"));
    }

    static long catalogId(String name) throws Exception {
        return count("SELECT catalog_id FROM desi.catalog WHERE name = '" + name + "'");
    }

    @Test
    void loadsVastVoidFinderHolesWithCosmologyAndRaNormalised() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("vf");
        Path file = DATA.resolve(catalog + ".fits");
        List<Hole> holes = vastHoles();
        List<Maximal> maximals = vastMaximals();
        // a void centred at negative RA (VoidFinder writes RA in about [-90, 270))
        maximals.add(new Maximal(10, -10, 1, 3.0, 7, 0));
        holes.add(new Hole(10, -10, 1, 3.0, 7));
        VoidCatalogFiles.writeVoidFinder(file, 0.315, maximals, holes);

        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "voidfinder", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(maximals.size() + holes.size(), done.getLong("rowsLoaded"));
        assertEquals(0, done.getLong("rowsRejected"));
        long id = catalogId(catalog);
        assertEquals(maximals.size(), count("SELECT count(*) FROM desi.voidfinder_void WHERE catalog_id = " + id));
        assertEquals(holes.size(), count("SELECT count(*) FROM desi.voidfinder_hole WHERE catalog_id = " + id));
        assertEquals(maximals.size(), count("SELECT row_count FROM desi.catalog WHERE catalog_id = " + id));
        assertEquals(315, count("SELECT round(omega_m * 1000) FROM desi.void_catalog WHERE algorithm = 'VoidFinder'"
                + " AND catalog_id = " + id));
        assertEquals(315, count("SELECT round(ra) FROM desi.voidfinder_void WHERE void_id = 7 AND catalog_id = " + id),
                "RA -45 deg is stored as 315 deg");
        assertEquals(2, count("SELECT edge FROM desi.voidfinder_void WHERE void_id = 0 AND catalog_id = " + id),
                "VAST's edge flag survives");
        assertEquals(2486, count("SELECT round(radius * 1000) FROM desi.voidfinder_hole WHERE hole_id = 1"
                + " AND catalog_id = " + id), "first hole of the truth table, radius 2.4859 Mpc/h");
    }

    @Test
    void keepsBadVoidRowsWithTheirHduAndReason() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("vfbad");
        Path file = DATA.resolve(catalog + ".fits");
        List<Maximal> maximals = new ArrayList<>(vastMaximals());
        maximals.add(new Maximal(Double.NaN, 1, 1, 2, 5, 0));       // MAXIMALS row 3: NaN centre
        List<Hole> holes = new ArrayList<>(vastHoles());
        holes.add(new Hole(1, 2, 3, -1.0, 0));                       // negative radius
        holes.add(new Hole(1, 2, 3, 1.0, 99));                       // void 99 does not exist
        VoidCatalogFiles.writeVoidFinder(file, 0.315, maximals, holes);

        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "voidfinder", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(3, done.getLong("rowsRejected"));
        assertEquals(2 + vastHoles().size(), done.getLong("rowsLoaded"));
        JsonPath rejects = given().get("/api/v1/ingest/jobs/" + done.getLong("id") + "/rejects")
                .then().statusCode(200).extract().jsonPath();
        String all = rejects.prettify();
        assertTrue(all.contains("MAXIMALS") && all.contains("not finite"), all);
        assertTrue(all.contains("HOLES") && all.contains("RADIUS -1.0"), all);
        assertTrue(all.contains("VOID 99"), all);
    }

    @Test
    void rejectsPageThroughSeveralHdusWithTheSameRowNumbers() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("vfpages");
        Path file = DATA.resolve(catalog + ".fits");
        List<Maximal> maximals = new ArrayList<>(vastMaximals());           // rows 1, 2 good
        maximals.add(new Maximal(Double.NaN, 1, 1, 2, 5, 0));              // MAXIMALS row 3
        maximals.add(new Maximal(1, 1, 1, 2, 0, 0));                       // MAXIMALS row 4: duplicate VOID 0
        List<Hole> holes = new ArrayList<>(vastHoles());
        holes.set(0, new Hole(1, 2, 3, -1.0, 0));                          // HOLES row 1
        holes.set(2, new Hole(1, 2, 3, -2.0, 0));                          // HOLES row 3
        VoidCatalogFiles.writeVoidFinder(file, 0.315, maximals, holes);
        long id = awaitFinished(submit(file.getFileName().toString(), "voidfinder", catalog, Map.of(), 202)
                .getLong("id")).getLong("id");
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 10; page++) {
            var req = given().queryParam("limit", 1);
            if (after != null) {
                req.queryParam("after", after);
            }
            JsonPath p = req.get("/api/v1/ingest/jobs/" + id + "/rejects").then().statusCode(200).extract().jsonPath();
            if (p.getList("$").isEmpty()) {
                break;
            }
            after = p.getString("[0].hdu") + ":" + p.getLong("[0].rowNumber");
            seen.add(after);
        }
        assertEquals(List.of("HOLES:1", "HOLES:3", "MAXIMALS:3", "MAXIMALS:4"), seen);
        // a bare row number cannot say which HDU to continue in: a problem naming the form to use
        given().queryParam("after", 3).get("/api/v1/ingest/jobs/" + id + "/rejects").then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("HOLES, MAXIMALS"));
    }

    @Test
    void failsAVoidFileWithoutOmegaMAndCreatesNothing() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("vfnoom");
        Path file = DATA.resolve(catalog + ".fits");
        FitsTableWriter w = new FitsTableWriter().primary("HP", 1.0);
        w.table("MAXIMALS").column("X", new double[] {1}).column("Y", new double[] {1}).column("Z", new double[] {1})
                .column("RADIUS", new double[] {1}).column("VOID", new int[] {0});
        w.table("HOLES").column("X", new double[] {1}).column("Y", new double[] {1}).column("Z", new double[] {1})
                .column("RADIUS", new double[] {1}).column("VOID", new int[] {0});
        w.write(file);
        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "voidfinder", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("FAILED", done.getString("status"));
        assertTrue(done.getString("error").contains("OMEGAM"), done.getString("error"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
    }

    @Test
    void failsAVoidFinderFileWithoutHolesNamingTheHdus() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("vfnoholes");
        Path file = DATA.resolve(catalog + ".fits");
        FitsTableWriter w = new FitsTableWriter().primary("OMEGAM", 0.315).primary("HP", 1.0);
        w.table("MAXIMALS").column("X", new double[] {1}).column("Y", new double[] {1}).column("Z", new double[] {1})
                .column("RADIUS", new double[] {1}).column("VOID", new int[] {0});
        w.write(file);
        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "voidfinder", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("FAILED", done.getString("status"));
        assertTrue(done.getString("error").contains("no HDU named HOLES"), done.getString("error"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
    }

    @Test
    void failsAVoidFileWithoutHpNamingTheKeywordAndCreatesNothing() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("vfnohp");
        Path file = DATA.resolve(catalog + ".fits");
        VoidCatalogFiles.writeVoidFinder(file, new FitsTableWriter().primary("OMEGAM", 0.315), vastMaximals(),
                vastHoles());
        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "voidfinder", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("FAILED", done.getString("status"));
        assertTrue(done.getString("error").contains("must give HP"), done.getString("error"));
        assertEquals(0, count("SELECT count(*) FROM desi.catalog WHERE name = '" + catalog + "'"));
    }

    @Test
    void storesDistancesInMpcPerHWhateverHTheFileUsed() throws Exception {
        // VAST with h = 0.7 writes Mpc: the same voids as the truth table, in Mpc, with HP = 0.7
        double h = 0.7;
        Files.createDirectories(DATA);
        String catalog = unique("vfhp");
        Path file = DATA.resolve(catalog + ".fits");
        List<Maximal> maximals = new ArrayList<>();
        for (Maximal m : vastMaximals()) {
            maximals.add(new Maximal(m.x() / h, m.y() / h, m.z() / h, m.radius() / h, m.voidId(), m.edge()));
        }
        List<Hole> holes = new ArrayList<>();
        for (Hole m : vastHoles()) {
            holes.add(new Hole(m.x() / h, m.y() / h, m.z() / h, m.radius() / h, m.voidId()));
        }
        VoidCatalogFiles.writeVoidFinder(file, new FitsTableWriter().primary("OMEGAM", 0.315).primary("HP", h)
                .primary("DLIML", 10 / h).primary("DLIMU", 300 / h).primary("VOLUME", 1000 / (h * h * h)),
                maximals, holes);
        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "voidfinder", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        long id = catalogId(catalog);
        assertEquals(2486, count("SELECT round(radius * 1000) FROM desi.voidfinder_hole WHERE hole_id = 1"
                + " AND catalog_id = " + id), "2.4859 Mpc/h, read from 3.5513 Mpc with HP = 0.7");
        assertEquals(25017, count("SELECT round(x * 1000) FROM desi.voidfinder_void WHERE void_id = 0"
                + " AND catalog_id = " + id));
        assertEquals("10.000 300.000 1000.0 0.70", text("SELECT round(d_min_mpc_per_h::numeric, 3) || ' '"
                + " || round(d_max_mpc_per_h::numeric, 3) || ' ' || round(volume_mpc3_per_h3::numeric, 1) || ' '"
                + " || round(hubble_h::numeric, 2) FROM desi.void_catalog WHERE catalog_id = " + id));

        // V2: tracer positions and areas too
        String v2 = unique("v2hp");
        Path v2file = DATA.resolve(v2 + ".fits");
        VoidCatalogFiles.writeV2(v2file, new FitsTableWriter().primary("OMEGAM", 0.315).primary("HP", h)
                .primary("METHOD", "VIDE"), List.of(new V2Void(0, 100 / h, 0, 0, 10 / h, 500 / (h * h), 0)),
                List.of(new V2Zone(0, 0, 0)), List.of(new V2Galaxy(0, 1001, 101 / h, 0, 0, 0)));
        JsonPath v2done = awaitFinished(submit(v2file.getFileName().toString(), "v2", v2, Map.of(), 202).getLong("id"));
        assertEquals("SUCCEEDED", v2done.getString("status"), v2done.prettify());
        long v2id = catalogId(v2);
        assertEquals("100.000 10.000 500.0 101.000", text("SELECT round(v.x::numeric, 3) || ' ' || round(v.radius::numeric, 3)"
                + " || ' ' || round(v.tot_area::numeric, 1) || ' ' || round(g.x::numeric, 3) FROM desi.v2_void v"
                + " JOIN desi.v2_galaxy_zone g USING (catalog_id) WHERE catalog_id = " + v2id));
    }

    static String text(String sql) throws Exception {
        try (var c = org.desi.catalogs.testsupport.TestDatabase.connect(org.desi.catalogs.testsupport.TestDatabase.WRITER);
             var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void writeV2(Path file, String algorithm, int extraBadGalaxies) throws Exception {
        List<V2Void> voids = List.of(new V2Void(0, 100, 0, 0, 10, 500, 0), new V2Void(1, 0, 100, 0, 8, 400, 100));
        List<V2Zone> zones = List.of(new V2Zone(0, 0, 0), new V2Zone(1, 1, 1), new V2Zone(2, -1, -1));
        List<V2Galaxy> galaxies = new ArrayList<>(List.of(
                new V2Galaxy(0, 1001, 101, 0, 0, 0), new V2Galaxy(1, 1002, 0, 101, 0, 1),
                new V2Galaxy(2, 1003, 50, 50, 0, 2)));
        for (int i = 0; i < extraBadGalaxies; i++) {
            galaxies.add(new V2Galaxy(10 + i, 2000 + i, 0, 0, 0, 77));
        }
        VoidCatalogFiles.writeV2(file, 0.315, algorithm, voids, zones, galaxies);
    }

    @Test
    void loadsAV2FileRecordingItsAlgorithmAndRejectingGalaxiesInUnknownZones() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("v2");
        Path file = DATA.resolve(catalog + ".fits");
        writeV2(file, "REVOLVER", 1);
        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "v2", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(2 + 3 + 3, done.getLong("rowsLoaded"));
        assertEquals(1, done.getLong("rowsRejected"));
        long id = catalogId(catalog);
        assertEquals(1, count("SELECT count(*) FROM desi.void_catalog WHERE algorithm = 'REVOLVER' AND catalog_id = " + id));
        assertEquals(3, count("SELECT count(*) FROM desi.v2_galaxy_zone WHERE catalog_id = " + id));
        assertEquals(1002, count("SELECT targetid FROM desi.v2_galaxy_zone WHERE gal = 1 AND catalog_id = " + id));
        assertEquals(9, count("SELECT cardinality(axes) FROM desi.v2_void WHERE void_id = 0 AND catalog_id = " + id));
        String reasons = given().get("/api/v1/ingest/jobs/" + done.getLong("id") + "/rejects").then().statusCode(200)
                .extract().asString();
        assertTrue(reasons.contains("GALZONE") && reasons.contains("ZONE 77"), reasons);
    }

    @Test
    void takesTheV2AlgorithmFromTheOptionsOrFailsNamingTheOption() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("v2alg");
        Path file = DATA.resolve(catalog + ".fits");
        writeV2(file, null, 0);
        JsonPath failed = awaitFinished(submit(file.getFileName().toString(), "v2", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("FAILED", failed.getString("status"));
        assertTrue(failed.getString("error").contains("options.algorithm"), failed.getString("error"));

        JsonPath done = awaitFinished(submit(file.getFileName().toString(), "v2", catalog,
                Map.of("algorithm", "vide"), 202).getLong("id"));
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(1, count("SELECT count(*) FROM desi.void_catalog WHERE algorithm = 'VIDE' AND catalog_id = "
                + catalogId(catalog)));
    }

    @Test
    void aChangedVoidFileReplacesItsVoidsAndASecondFileIsRefused() throws Exception {
        Files.createDirectories(DATA);
        String catalog = unique("vfrep");
        Path file = DATA.resolve(catalog + ".fits");
        VoidCatalogFiles.writeVoidFinder(file, 0.315, vastMaximals(), vastHoles());
        assertEquals("SUCCEEDED", awaitFinished(submit(file.getFileName().toString(), "voidfinder", catalog, Map.of(),
                202).getLong("id")).getString("status"));
        List<Hole> fewer = vastHoles().subList(0, 5);
        VoidCatalogFiles.writeVoidFinder(file, 0.3, vastMaximals(), fewer);
        assertEquals("SUCCEEDED", awaitFinished(submit(file.getFileName().toString(), "voidfinder", catalog, Map.of(),
                202).getLong("id")).getString("status"));
        long id = catalogId(catalog);
        assertEquals(5, count("SELECT count(*) FROM desi.voidfinder_hole WHERE catalog_id = " + id));
        assertEquals(1, count("SELECT count(*) FROM desi.void_catalog WHERE catalog_id = " + id));
        assertEquals(300, count("SELECT round(omega_m * 1000) FROM desi.void_catalog WHERE catalog_id = " + id));

        Path other = DATA.resolve(catalog + "_sgc.fits");
        VoidCatalogFiles.writeVoidFinder(other, 0.31, vastMaximals(), vastHoles());
        JsonPath refused = awaitFinished(submit(other.getFileName().toString(), "voidfinder", catalog, Map.of(), 202)
                .getLong("id"));
        assertEquals("FAILED", refused.getString("status"));
        assertTrue(refused.getString("error").contains("one file"), refused.getString("error"));
        assertEquals(5, count("SELECT count(*) FROM desi.voidfinder_hole WHERE catalog_id = " + id));
    }
}

package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestCatalogs;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Voids, environments, cross-match pairs and the quenching statistics on a hand-built fixture whose
 * answers are known: 10 void galaxies (2/5 and 3/5 quenched in the two mass bins), 20 wall galaxies
 * (4/10 and 7/10), 5 edge-void and 5 outside galaxies (excluded), one wall galaxy with an
 * unmeasured Dn4000 (excluded for that proxy).
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class VoidsAndStatisticsTest {

    static final String GAL = "qs_env_gal";
    static final String VF = "qs_env_vf";
    static long pairJob;

    static synchronized void seed() throws Exception {
        if (pairJob != 0) {
            return;
        }
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM desi.catalog WHERE name = '" + VF + "'");
            }
            int gal = TestCatalogs.registerFastSpecFit(c, GAL, "targetid bigint", "ra double_precision deg",
                    "dec double_precision deg", "z double_precision", "logmstar real log10(Msun)", "sfr real Msun/yr",
                    "dn4000 real", "dn4000_ivar real");
            int vf = TestCatalogs.createVoidFinder(c, VF, 0.315, 0, 700,
                    new double[][] {{0, 100, 0, 0, 10, 0}, {1, 0, 100, 0, 8, 1}},
                    new double[][] {{100, 0, 0, 10, 0}, {105, 0, 0, 6, 0}, {0, 100, 0, 8, 1}});
            TestCatalogs.environmentPartition(c, gal, vf);
            int file = TestCatalogs.fastSpecFitFile(c, gal);
            try (PreparedStatement g = c.prepareStatement("INSERT INTO desi.fastspecfit_galaxy (source_file_id, catalog_id,"
                    + " targetid, ra, dec, zone, z, logmstar, sfr, dn4000, dn4000_ivar) VALUES (" + file
                    + ", ?, ?, 10, 0, 1800, 0.05, ?, ?, ?, ?)");
                 PreparedStatement e = c.prepareStatement("INSERT INTO desi.galaxy_environment (galaxy_catalog_id,"
                         + " object_id, void_catalog_id, environment, void_id, distance_mpc_per_h, r_over_reff)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= 41; id++) {
                    String env = id <= 10 ? "void" : id <= 30 || id == 41 ? "wall" : id <= 35 ? "edge_void" : "outside";
                    boolean high = id <= 10 ? id > 5 : id <= 30 ? id > 20 : id % 2 == 0;
                    double mass = high ? 10.5 : 9.5;
                    boolean quenched = id <= 2 || (id >= 6 && id <= 8) || (id >= 11 && id <= 14)
                            || (id >= 21 && id <= 27) || id > 30;
                    g.setInt(1, gal);
                    g.setLong(2, id);
                    g.setFloat(3, (float) mass);
                    g.setFloat(4, (float) Math.pow(10, mass + (quenched ? -12 : -10)));
                    g.setFloat(5, quenched ? 1.8f : 1.2f);
                    g.setFloat(6, id == 41 ? 0f : 50f);
                    g.addBatch();
                    e.setInt(1, gal);
                    e.setLong(2, id);
                    e.setInt(3, vf);
                    e.setString(4, env);
                    e.setObject(5, env.contains("void") ? (id % 2 == 0 && env.equals("edge_void") ? 1 : 0) : null);
                    e.setObject(6, env.contains("void") ? 1.0 * id / 10 : null);
                    e.setObject(7, env.contains("void") ? 0.01 * id : null);
                    e.addBatch();
                }
                g.executeBatch();
                e.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                // the placement these environments stand for: statistics are only served from a complete one
                s.execute("INSERT INTO desi.crossmatch_job (type, left_catalog_id, right_catalog_id, status, pairs)"
                        + " VALUES ('voids', " + gal + ", " + vf + ", 'SUCCEEDED', 41)");
            }
            try (Statement s = c.createStatement(); var rs = s.executeQuery("INSERT INTO desi.crossmatch_job (type,"
                    + " left_catalog_id, right_catalog_id, radius_arcsec, mode, status, pairs) VALUES ('sky', " + gal + ", "
                    + gal + ", 1, 'all', 'SUCCEEDED', 250) RETURNING job_id")) {
                rs.next();
                pairJob = rs.getLong(1);
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO desi.crossmatch_pair (job_id, left_id, right_id, separation_arcsec) SELECT "
                        + pairJob + ", g / 5, 1000 + g, (g % 7) * 0.1 FROM generate_series(1, 250) g");
            }
            c.commit();
        }
    }

    @Test
    void quenchedFractionsPerMassBinWithWilsonIntervals() throws Exception {
        seed();
        for (String proxy : List.of("dn4000", "ssfr")) {
            JsonPath r = given().queryParam("galaxies", GAL).queryParam("voids", VF).queryParam("proxy", proxy)
                    .queryParam("massBins", "9,10,11").get("/api/v1/statistics/quenching").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals("VoidFinder", r.getString("algorithm"));
            assertEquals(2, r.getList("bins").size());
            assertEquals(5, r.getInt("bins[0].voids.galaxies"), proxy);
            assertEquals(2, r.getInt("bins[0].voids.quenched"), proxy);
            assertEquals(3, r.getInt("bins[1].voids.quenched"), proxy);
            // the wall galaxy with an unmeasured Dn4000 (ivar 0; quenched by sSFR) counts only for the sSFR proxy
            assertEquals(proxy.equals("dn4000") ? 10 : 11, r.getInt("bins[0].walls.galaxies"), proxy);
            assertEquals(proxy.equals("dn4000") ? 4 : 5, r.getInt("bins[0].walls.quenched"), proxy);
            assertEquals(10, r.getInt("bins[1].walls.galaxies"), proxy);
            assertEquals(7, r.getInt("bins[1].walls.quenched"), proxy);
            // hand-computed Wilson 68% interval for 2 of 5: centre 0.41667, half-width 0.20069
            assertEquals(0.4, r.getDouble("bins[0].voids.fraction"), 1e-9);
            assertEquals(0.21598, r.getDouble("bins[0].voids.low"), 1e-4);
            assertEquals(0.61736, r.getDouble("bins[0].voids.high"), 1e-4);
        }
        String svg = given().queryParam("galaxies", GAL).queryParam("voids", VF).get("/api/v1/statistics/quenching.svg")
                .then().statusCode(200).contentType("image/svg+xml").extract().asString();
        assertTrue(svg.startsWith("<svg") && svg.contains("void galaxies") && svg.contains("<circle"), svg);
        byte[] png = given().queryParam("galaxies", GAL).queryParam("voids", VF).get("/api/v1/statistics/quenching.png")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(png.length > 2000, "a real picture, " + png.length + " bytes");
    }

    @Test
    void rejectsBadStatisticsParameters() throws Exception {
        seed();
        String base = "/api/v1/statistics/quenching?galaxies=" + GAL + "&voids=" + VF;
        given().get(base + "&proxy=color").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("dn4000"));
        given().get(base + "&massBins=10,9").then().statusCode(400).body("detail", containsString("increase"));
        given().get(base + "&massBins=9").then().statusCode(400).body("detail", containsString("2 to 41"));
        given().get(base + "&massBins=1,20").then().statusCode(400).body("detail", containsString("[5, 14]"));
        given().get("/api/v1/statistics/quenching?galaxies=" + GAL).then().statusCode(400);
        given().get("/api/v1/statistics/quenching?galaxies=" + GAL + "&voids=" + GAL).then().statusCode(400)
                .body("detail", containsString("not a void catalog"));
        given().get("/api/v1/statistics/quenching?galaxies=x'--&voids=" + VF).then().statusCode(404);
    }

    @Test
    void listsVoidsAndOneVoidWithHolesAndMembers() throws Exception {
        seed();
        given().get("/api/v1/voids?catalog=" + VF).then().statusCode(200).body("count", equalTo(2))
                .body("voids[0].algorithm", equalTo("VoidFinder")).body("voids[1].edge", equalTo(true));
        given().get("/api/v1/voids?catalog=" + VF + "&edge=false").then().statusCode(200).body("count", equalTo(1))
                .body("voids[0].voidId", equalTo(0));
        JsonPath page = given().get("/api/v1/voids?catalog=" + VF + "&limit=1").then().statusCode(200).extract().jsonPath();
        assertTrue(page.getBoolean("truncated"));
        given().get("/api/v1/voids?catalog=" + VF + "&limit=1&cursor=" + page.getString("nextCursor")).then()
                .statusCode(200).body("voids[0].voidId", equalTo(1)).body("truncated", equalTo(false));
        // void 0 at 100 Mpc/h: redshift from the catalog's cosmology (Omega_m 0.315), about 0.0334
        double z = given().get("/api/v1/voids?catalog=" + VF + "&zmax=0.04&edge=false").then().statusCode(200)
                .extract().jsonPath().getDouble("voids[0].redshift");
        assertEquals(0.0334, z, 0.0005);
        given().get("/api/v1/voids?catalog=" + VF + "&zmin=0.05").then().statusCode(200).body("count", equalTo(0));
        given().get("/api/v1/voids/" + VF + "/0").then().statusCode(200).body("holes.size()", equalTo(2))
                .body("members.find { it.environment == 'void' }.count", equalTo(10));
        given().get("/api/v1/voids/" + VF + "/7").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/voids?zmin=0.3&zmax=0.1").then().statusCode(400).body("detail", containsString("zmin"));
        given().get("/api/v1/voids?edge=maybe").then().statusCode(400);
        given().get("/api/v1/voids/no_such/1").then().statusCode(404);
        given().get("/api/v1/voids/" + VF + "/-1").then().statusCode(400);
    }

    @Test
    void pagesTheGalaxiesOfAVoid() throws Exception {
        seed();
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = given().queryParam("galaxies", GAL).queryParam("limit", 4);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath p = req.get("/api/v1/voids/" + VF + "/0/galaxies").then().statusCode(200).extract().jsonPath();
            ids.addAll(p.getList("rows.id", Long.class));
            assertTrue(p.getList("rows.dn4000").size() == p.getInt("count"), "science columns come along");
            cursor = p.getString("nextCursor");
            pages++;
        } while (cursor != null);
        // void 0 holds galaxies 1..10 (void) and the odd edge-void galaxies 31, 33, 35
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 31L, 33L, 35L), ids);
        assertEquals(4, pages);
        given().get("/api/v1/voids/" + VF + "/0/galaxies").then().statusCode(400)
                .body("detail", containsString("galaxies is required"));
    }

    @Test
    void showsAGalaxysEnvironment() throws Exception {
        seed();
        given().get("/api/v1/galaxies/3/environment?galaxies=" + GAL).then().statusCode(200)
                .body("environments[0].environment", equalTo("void")).body("environments[0].voidId", equalTo(0))
                .body("environments[0].voidCatalog", equalTo(VF));
        given().get("/api/v1/galaxies/15/environment?galaxies=" + GAL).then().statusCode(200)
                .body("environments[0].environment", equalTo("wall"));
        given().get("/api/v1/galaxies/987654321/environment").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("voids cross-match job"));
        given().get("/api/v1/galaxies/abc/environment").then().statusCode(400);
    }

    @Test
    void pagesTheCrossmatchPairsWithoutGapsOrRepeats() throws Exception {
        seed();
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            var req = given().queryParam("limit", 100);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath p = req.get("/api/v1/crossmatch/jobs/" + pairJob + "/pairs").then().statusCode(200)
                    .extract().jsonPath();
            for (int i = 0; i < p.getInt("count"); i++) {
                all.add(p.getLong("pairs[" + i + "].leftId") + ":" + p.getLong("pairs[" + i + "].rightId"));
            }
            cursor = p.getString("nextCursor");
        } while (cursor != null);
        assertEquals(250, all.size());
        assertEquals(250, new java.util.HashSet<>(all).size());
        String csv = given().get("/api/v1/crossmatch/jobs/" + pairJob + "/pairs?format=csv&limit=3").then()
                .statusCode(200).contentType("text/csv").header("X-Next-Cursor", org.hamcrest.Matchers.notNullValue())
                .extract().asString();
        assertEquals("left_id,right_id,separation_arcsec", csv.lines().findFirst().orElseThrow());
        given().get("/api/v1/crossmatch/jobs/99999999/pairs").then().statusCode(404);
        given().get("/api/v1/crossmatch/jobs/" + pairJob + "/pairs?cursor=garbage").then().statusCode(400)
                .body("detail", containsString("cursor"));
        given().get("/api/v1/crossmatch/jobs/" + pairJob + "/pairs?limit=0").then().statusCode(400)
                .body("detail", containsString("[1, "));
    }

    static long tuplesRead() throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables"
                     + " WHERE schemaname = 'desi' AND relname = 'voidfinder_void'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aPageOfVoidsReadsAboutWhatItShowsNotTheWholeCatalog() throws Exception {
        // a new name each run: deleting an older catalog would read its voids and count here
        String big = "qs_env_voids_" + Long.toString(System.nanoTime(), 36);
        int n = 20_000;
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM desi.catalog WHERE name = '" + big + "'");
            }
            double[][] voids = new double[n][];
            for (int i = 0; i < n; i++) {
                voids[i] = new double[] {i, 100 + i * 0.01, 10, 10, 5, i % 7 == 0 ? 1 : 0};
            }
            TestCatalogs.createVoidFinder(c, big, 0.315, 0, 700, voids, new double[0][]);
        }
        try (Connection c = TestDatabase.connect(TestDatabase.OWNER); Statement s = c.createStatement()) {
            // statistics as autovacuum leaves them after a load (it would also read the rows during the count)
            s.execute("ANALYZE desi.voidfinder_void");
        }
        // PostgreSQL publishes a session's table counters when it ends, and within about 10 s of going idle
        Thread.sleep(1000);
        long before = tuplesRead();
        JsonPath p = given().get("/api/v1/voids?catalog=" + big + "&limit=2&edge=false").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(1, 2), p.getList("voids.voidId", Integer.class));
        given().get("/api/v1/voids?catalog=" + big + "&limit=2&cursor=" + p.getString("nextCursor") + "&edge=false")
                .then().statusCode(200).body("voids.voidId", org.hamcrest.Matchers.contains(3, 4));
        long after = before;
        for (int i = 0; i < 150 && after == before; i++) {
            Thread.sleep(100);
            after = tuplesRead();
        }
        assertTrue(after > before, "the counters moved");
        assertTrue(after - before < 2_000, "two pages of 2 voids read " + (after - before) + " void rows of " + n);
    }
}

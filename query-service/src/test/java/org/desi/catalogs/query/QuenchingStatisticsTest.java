package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestCatalogs;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The quenching statistics and the void-centric profile over HTTP against counts this test computes
 * itself from the rows it wrote: seeded galaxies with every kind of bad value a real catalog has
 * (NaN, NULL, SFR <= 0, unmeasured Dn4000, ZWARN != 0, low DELTACHI2, faint magnitudes), in every
 * environment, with and without each cut. Also: 409 unless the placement is complete and current.
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class QuenchingStatisticsTest {

    static final String GAL = "qs_stat_gal";
    static final String VF = "qs_stat_vf";
    static final int N = 4000;
    static final double Z_MIN = 0.01;
    static final double Z_MAX = 0.24;
    static final double MAG_LIMIT = -20.5;

    /** One galaxy as written (Float/Double null = SQL NULL; NaN kept as NaN). */
    record Galaxy(long id, double z, Short zwarn, Double deltachi2, Float absmag, Float logmstar, Float sfr,
                  Float dn4000, Float dn4000Ivar, String environment, Double rOverReff) {
    }

    static List<Galaxy> galaxies;

    static synchronized List<Galaxy> seed() throws Exception {
        if (galaxies != null) {
            return galaxies;
        }
        Random rnd = new Random(20261130);
        List<Galaxy> list = new ArrayList<>();
        String[] envs = {"void", "wall", "edge_void", "edge", "outside"};
        double[] envP = {0.30, 0.80, 0.88, 0.93, 1.0};
        for (int i = 1; i <= N; i++) {
            double u = rnd.nextDouble();
            String env = envs[u < envP[0] ? 0 : u < envP[1] ? 1 : u < envP[2] ? 2 : u < envP[3] ? 3 : 4];
            Float mass = rnd.nextDouble() < 0.02 ? null : rnd.nextDouble() < 0.01 ? Float.valueOf(Float.NaN)
                    : Float.valueOf((float) (8.5 + 4 * rnd.nextDouble()));
            double s = rnd.nextDouble();
            Float sfr = s < 0.05 ? Float.valueOf(0f) : s < 0.07 ? Float.valueOf(-0.5f) : s < 0.09 ? null
                    : s < 0.10 ? Float.valueOf(Float.NaN) : Float.valueOf((float) Math.pow(10, -2.5 + 3.5 * rnd.nextDouble()));
            double d = rnd.nextDouble();
            Float dn = d < 0.01 ? Float.valueOf(Float.NaN) : d < 0.02 ? null : Float.valueOf((float) (1.0 + 1.2 * rnd.nextDouble()));
            Float ivar = rnd.nextDouble() < 0.05 ? Float.valueOf(0f) : rnd.nextDouble() < 0.01 ? Float.valueOf(Float.NaN)
                    : Float.valueOf((float) (50 * rnd.nextDouble() + 1));
            list.add(new Galaxy(i, 0.3 * rnd.nextDouble(), (short) (rnd.nextDouble() < 0.1 ? 4 : 0),
                    rnd.nextDouble() < 0.03 ? Double.NaN : 200 * rnd.nextDouble(),
                    rnd.nextDouble() < 0.02 ? Float.NaN : (float) (-23 + 6 * rnd.nextDouble()), mass, sfr, dn, ivar, env,
                    env.equals("outside") ? null : 4 * rnd.nextDouble()));
        }
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM desi.catalog WHERE name = '" + VF + "'");
            }
            int gal = TestCatalogs.registerFastSpecFit(c, GAL, "targetid bigint", "ra double_precision",
                    "dec double_precision", "z double_precision", "zwarn smallint", "deltachi2 double_precision",
                    "absmag01_sdss_r real", "logmstar real", "sfr real", "dn4000 real", "dn4000_ivar real");
            int vf = TestCatalogs.createVoidFinder(c, VF, 0.315, Double.NaN, Double.NaN,
                    new double[][] {{0, 100, 0, 0, 10, 0}}, new double[][] {{100, 0, 0, 10, 0}});
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE desi.void_catalog SET z_min = " + Z_MIN + ", z_max = " + Z_MAX + ", mag_limit = "
                        + MAG_LIMIT + " WHERE catalog_id = " + vf);
            }
            TestCatalogs.environmentPartition(c, gal, vf);
            int file = TestCatalogs.fastSpecFitFile(c, gal);
            try (PreparedStatement g = c.prepareStatement("INSERT INTO desi.fastspecfit_galaxy (source_file_id, catalog_id,"
                    + " targetid, ra, dec, zone, z, zwarn, deltachi2, absmag01_sdss_r, logmstar, sfr, dn4000, dn4000_ivar)"
                    + " VALUES (" + file + ", ?, ?, 10, 0, 1800, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement e = c.prepareStatement("INSERT INTO desi.galaxy_environment (galaxy_catalog_id,"
                         + " object_id, void_catalog_id, environment, void_id, distance_mpc_per_h, r_over_reff)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Galaxy x : list) {
                    g.setInt(1, gal);
                    g.setLong(2, x.id());
                    g.setDouble(3, x.z());
                    g.setShort(4, x.zwarn());
                    g.setDouble(5, x.deltachi2());
                    setFloat(g, 6, x.absmag());
                    setFloat(g, 7, x.logmstar());
                    setFloat(g, 8, x.sfr());
                    setFloat(g, 9, x.dn4000());
                    setFloat(g, 10, x.dn4000Ivar());
                    g.addBatch();
                    e.setInt(1, gal);
                    e.setLong(2, x.id());
                    e.setInt(3, vf);
                    e.setString(4, x.environment());
                    e.setObject(5, x.rOverReff() == null ? null : 0);
                    e.setObject(6, x.rOverReff() == null ? null : 10 * x.rOverReff());
                    e.setObject(7, x.rOverReff());
                    e.addBatch();
                }
                g.executeBatch();
                e.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO desi.crossmatch_job (type, left_catalog_id, right_catalog_id, status, pairs,"
                        + " finished_at) VALUES ('voids', " + gal + ", " + vf + ", 'SUCCEEDED', " + N + ", now())");
            }
            c.commit();
        }
        galaxies = list;
        return list;
    }

    static void setFloat(PreparedStatement s, int i, Float v) throws Exception {
        if (v == null) {
            s.setNull(i, Types.REAL);
        } else {
            s.setFloat(i, v);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The independent computation: the rules of the README, written out on the rows as generated.
    // ------------------------------------------------------------------------------------------------

    /** The cut-flow and the kept galaxies for the given cuts (NaN limits switch a cut off). */
    record Expected(Map<String, Long> removed, long otherEnvironments, long noMass, long unmeasured, List<Galaxy> kept) {
    }

    static Expected expected(double zLo, double zHi, boolean zwarn, double dchi2Min, double magLimit, boolean ssfr) {
        Map<String, Long> removed = new LinkedHashMap<>();
        for (String cut : List.of("redshift", "zwarn", "deltachi2", "magnitude")) {
            removed.put(cut, 0L);
        }
        long env = 0;
        long noMass = 0;
        long unmeasured = 0;
        List<Galaxy> kept = new ArrayList<>();
        for (Galaxy g : galaxies) {
            if (!Double.isNaN(zLo) && !(g.z() >= zLo && g.z() <= zHi)) {
                removed.merge("redshift", 1L, Long::sum);
            } else if (zwarn && g.zwarn() != 0) {
                removed.merge("zwarn", 1L, Long::sum);
            } else if (!Double.isNaN(dchi2Min) && !(g.deltachi2() > dchi2Min)) {
                removed.merge("deltachi2", 1L, Long::sum);
            } else if (!Double.isNaN(magLimit) && !((double) g.absmag() + 0.97 * (g.z() - 0.1) <= magLimit)) {
                removed.merge("magnitude", 1L, Long::sum);
            } else if (!g.environment().equals("void") && !g.environment().equals("wall")) {
                env++;
            } else if (g.logmstar() == null || g.logmstar().isNaN()) {
                noMass++;
            } else if (quenched(g, ssfr) == null) {
                unmeasured++;
            } else {
                kept.add(g);
            }
        }
        return new Expected(removed, env, noMass, unmeasured, kept);
    }

    static Boolean quenched(Galaxy g, boolean ssfr) {
        if (ssfr) {
            if (g.sfr() == null || g.sfr().isNaN() || g.logmstar() == null || g.logmstar().isNaN()) {
                return null;
            }
            return g.sfr() <= 0 || Math.log10((double) g.sfr()) - (double) g.logmstar() < -11;
        }
        if (g.dn4000() == null || g.dn4000().isNaN() || g.dn4000Ivar() == null || g.dn4000Ivar().isNaN()
                || g.dn4000Ivar() <= 0) {
            return null;
        }
        return g.dn4000() > 1.6;
    }

    /** {galaxies, quenched} per (environment 0 void / 1 wall, bin). */
    static long[][][] bins(List<Galaxy> kept, double[] edges, boolean ssfr) {
        long[][][] n = new long[2][edges.length - 1][2];
        for (Galaxy g : kept) {
            double m = g.logmstar();
            for (int b = 0; b < edges.length - 1; b++) {
                if (m >= edges[b] && m < edges[b + 1]) {
                    int e = g.environment().equals("void") ? 0 : 1;
                    n[e][b][0]++;
                    n[e][b][1] += quenched(g, ssfr) ? 1 : 0;
                }
            }
        }
        return n;
    }

    static JsonPath get(String path, Map<String, String> params) {
        var req = given().queryParam("galaxies", GAL).queryParam("voids", VF);
        params.forEach(req::queryParam);
        // doubles as doubles (JsonPath's default reads them as floats)
        return new JsonPath(req.get(path).then().statusCode(200).extract().asString()).using(
                JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    static void assertMatches(JsonPath r, Expected e, double[] edges, boolean ssfr, String what) {
        assertEquals(N, r.getLong("selection.placed"), what);
        for (int i = 0; i < 4; i++) {
            String name = r.getString("selection.cuts[" + i + "].name");
            assertEquals(e.removed().get(name), r.getLong("selection.cuts[" + i + "].removed"), what + " cut " + name);
        }
        long other = r.getMap("selection.otherEnvironments").values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        assertEquals(e.otherEnvironments(), other, what);
        assertEquals(e.noMass(), r.getLong("selection.noStellarMass"), what);
        assertEquals(e.unmeasured(), r.getLong("selection.proxyNotMeasured"), what);
        long[][][] n = bins(e.kept(), edges, ssfr);
        long used = 0;
        double nVoid = 0;
        double kVoid = 0;
        double fWall = 0;
        for (int b = 0; b < edges.length - 1; b++) {
            String bin = "bins[" + b + "]";
            assertEquals(n[0][b][0], r.getLong(bin + ".voids.galaxies"), what + " " + bin);
            assertEquals(n[0][b][1], r.getLong(bin + ".voids.quenched"), what + " " + bin);
            assertEquals(n[1][b][0], r.getLong(bin + ".walls.galaxies"), what + " " + bin);
            assertEquals(n[1][b][1], r.getLong(bin + ".walls.quenched"), what + " " + bin);
            double fv = (double) n[0][b][1] / n[0][b][0];
            double fw = (double) n[1][b][1] / n[1][b][0];
            assertEquals(fv, r.getDouble(bin + ".voids.fraction"), 1e-12, what);
            assertEquals(fv - fw, r.getDouble(bin + ".difference.voidMinusWall"), 1e-12, what);
            double sigma = Math.sqrt(fv * (1 - fv) / n[0][b][0] + fw * (1 - fw) / n[1][b][0]);
            assertEquals(sigma, r.getDouble(bin + ".difference.sigma"), 1e-12, what);
            used += n[0][b][0] + n[1][b][0];
            nVoid += n[0][b][0];
            kVoid += n[0][b][1];
        }
        for (int b = 0; b < edges.length - 1; b++) {
            fWall += n[0][b][0] / nVoid * n[1][b][1] / n[1][b][0];
        }
        assertEquals(used, r.getLong("selection.used"), what);
        assertEquals(e.kept().size() - used, r.getLong("selection.outsideMassBins"), what);
        assertEquals(fWall - kVoid / nVoid, r.getDouble("overall.wallMinusVoid"), 1e-12, what);
    }

    static final double[] EDGES = {9, 9.5, 10, 10.5, 11, 11.5, 12};

    @Test
    void defaultCutsAreDesivastsAndEveryCountMatchesAnIndependentComputation() throws Exception {
        seed();
        for (boolean ssfr : new boolean[] {false, true}) {
            String proxy = ssfr ? "ssfr" : "dn4000";
            JsonPath r = get("/api/v1/statistics/quenching", Map.of("proxy", proxy));
            assertMatches(r, expected(Z_MIN, Z_MAX, true, 40, MAG_LIMIT, ssfr), EDGES, ssfr, proxy + " default");
            assertEquals("ZLIML/ZLIMU of " + VF, r.getString("selection.cuts[0].source"));
            assertEquals("0.01 <= z <= 0.24", r.getString("selection.cuts[0].rule"));
            assertEquals("MAGLIM of " + VF, r.getString("selection.cuts[3].source"));
            assertTrue(r.getString("quenchedIf").contains(ssfr ? "SFR <= 0" : "DN4000_IVAR <= 0"), r.getString("quenchedIf"));
            // provenance: the placement job, the void file, the software
            assertTrue(r.getLong("provenance.placement.jobId") > 0);
            assertEquals(VF, r.getString("provenance.voidCatalog.name"));
            assertEquals(0.315, r.getDouble("provenance.voidCatalog.omegaM"), 1e-12);
            assertTrue(r.getString("provenance.software").startsWith("query-service "), r.getString("provenance.software"));
        }
    }

    @Test
    void eachCutCanBeTurnedOffOrSetAndNoneLeavesThePlacedSample() throws Exception {
        seed();
        double nan = Double.NaN;
        assertMatches(get("/api/v1/statistics/quenching", Map.of("cuts", "none")),
                expected(nan, nan, false, nan, nan, false), EDGES, false, "cuts=none");
        assertMatches(get("/api/v1/statistics/quenching", Map.of("zRange", "none")),
                expected(nan, nan, true, 40, MAG_LIMIT, false), EDGES, false, "zRange=none");
        assertMatches(get("/api/v1/statistics/quenching", Map.of("zwarn", "none")),
                expected(Z_MIN, Z_MAX, false, 40, MAG_LIMIT, false), EDGES, false, "zwarn=none");
        assertMatches(get("/api/v1/statistics/quenching", Map.of("deltachi2Min", "none")),
                expected(Z_MIN, Z_MAX, true, nan, MAG_LIMIT, false), EDGES, false, "deltachi2Min=none");
        assertMatches(get("/api/v1/statistics/quenching", Map.of("magLimit", "none")),
                expected(Z_MIN, Z_MAX, true, 40, nan, false), EDGES, false, "magLimit=none");
        assertMatches(get("/api/v1/statistics/quenching", Map.of("zRange", "0.05,0.2", "deltachi2Min", "100",
                "magLimit", "-21", "proxy", "ssfr")), expected(0.05, 0.2, true, 100, -21, true), EDGES, true, "explicit");
        assertMatches(get("/api/v1/statistics/quenching", Map.of("cuts", "none", "zwarn", "0", "massBins", "8.5,10,12.5")),
                expected(nan, nan, true, nan, nan, false), new double[] {8.5, 10, 12.5}, false, "none + zwarn");
    }

    @Test
    void anEmptyMassBinIsCountZeroFractionNullIntervalZeroToOne() throws Exception {
        seed();
        JsonPath r = get("/api/v1/statistics/quenching", Map.of("massBins", "5,6,10"));
        assertEquals(0, r.getLong("bins[0].voids.galaxies"));
        assertNull(r.get("bins[0].voids.fraction"));
        assertEquals(0.0, r.getDouble("bins[0].voids.low"));
        assertEquals(1.0, r.getDouble("bins[0].voids.high"));
        assertNull(r.get("bins[0].difference.voidMinusWall"));
        assertTrue(r.getLong("bins[1].voids.galaxies") > 0);
    }

    @Test
    void voidProfileCountsMatchAnIndependentComputation() throws Exception {
        seed();
        JsonPath r = get("/api/v1/statistics/void-profile", Map.of("massMin", "9.5", "massMax", "11.5"));
        Expected e = expected(Z_MIN, Z_MAX, true, 40, MAG_LIMIT, false);
        double[] shells = {0, 0.5, 1, 1.5, 2, 3, Double.POSITIVE_INFINITY};
        assertEquals(6, r.getList("bins").size());
        long used = 0;
        for (int b = 0; b < 6; b++) {
            long n = 0;
            long q = 0;
            long inVoid = 0;
            for (Galaxy g : e.kept()) {
                if (g.logmstar() >= 9.5 && g.logmstar() < 11.5 && g.rOverReff() >= shells[b] && g.rOverReff() < shells[b + 1]) {
                    n++;
                    q += quenched(g, false) ? 1 : 0;
                    inVoid += g.environment().equals("void") ? 1 : 0;
                }
            }
            used += n;
            assertEquals(n, r.getLong("bins[" + b + "].galaxies.galaxies"), "shell " + b);
            assertEquals(q, r.getLong("bins[" + b + "].galaxies.quenched"), "shell " + b);
            assertEquals(inVoid, r.getLong("bins[" + b + "].voidGalaxies"), "shell " + b);
        }
        assertNull(r.get("bins[5].rOverReffMax"), "the last shell is open: beyond 3");
        assertEquals(used, r.getLong("selection.used"));
        String svg = given().queryParam("galaxies", GAL).queryParam("voids", VF).get("/api/v1/statistics/void-profile.svg")
                .then().statusCode(200).contentType("image/svg+xml").extract().asString();
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes()));
        assertTrue(svg.contains("R / R_eff") && svg.contains("<circle"), svg);
        byte[] png = given().queryParam("galaxies", GAL).queryParam("voids", VF).get("/api/v1/statistics/void-profile.png")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertEquals(720, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
        byte[] quenching = given().queryParam("galaxies", GAL).queryParam("voids", VF)
                .get("/api/v1/statistics/quenching.png").then().statusCode(200).extract().asByteArray();
        assertEquals(480, ImageIO.read(new ByteArrayInputStream(quenching)).getHeight());
    }

    @Test
    void answers409UnlessThePlacementIsCompleteAndCurrent() throws Exception {
        seed();
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("DELETE FROM desi.catalog WHERE name = 'qs_stat_other'");
            s.execute("INSERT INTO desi.catalog (name, kind, table_name, id_column, ra_column, dec_column, z_column)"
                    + " VALUES ('qs_stat_other', 'fastspecfit', 'desi.fastspecfit_galaxy', 'targetid', 'ra', 'dec', 'z')");
            s.execute("INSERT INTO desi.catalog_column (catalog_id, ordinal, name, sql_type) SELECT catalog_id, 1,"
                    + " 'logmstar', 'real' FROM desi.catalog WHERE name = 'qs_stat_other'");
            s.execute("INSERT INTO desi.catalog_column (catalog_id, ordinal, name, sql_type) SELECT catalog_id, 2,"
                    + " 'dn4000', 'real' FROM desi.catalog WHERE name = 'qs_stat_other'");
        }
        String base = "/api/v1/statistics/quenching?voids=" + VF + "&galaxies=qs_stat_other";
        given().get(base).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("no placement of 'qs_stat_other'"))
                .body("detail", containsString("POST /api/v1/crossmatch/jobs"));
        long job;
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             var rs = s.executeQuery("INSERT INTO desi.crossmatch_job (type, left_catalog_id, right_catalog_id, status)"
                     + " SELECT 'voids', g.catalog_id, v.catalog_id, 'RUNNING' FROM desi.catalog g, desi.catalog v"
                     + " WHERE g.name = 'qs_stat_other' AND v.name = '" + VF + "' RETURNING job_id")) {
            rs.next();
            job = rs.getLong(1);
        }
        given().get(base).then().statusCode(409).body("detail", containsString("job " + job + " is RUNNING"));
        given().get(base.replace("quenching?", "void-profile?")).then().statusCode(409);
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("UPDATE desi.crossmatch_job SET status = 'SUCCEEDED', created_at = now() - interval '1 hour'"
                    + " WHERE job_id = " + job);
            s.execute("UPDATE desi.catalog SET updated_at = now() WHERE name = 'qs_stat_other'");
        }
        given().get(base).then().statusCode(409).body("detail", containsString("after placement job " + job));
    }

    @Test
    void badSelectionParametersAreProblemsNamingTheValidRange() throws Exception {
        seed();
        VoidsAndStatisticsTest.seed();
        String base = "/api/v1/statistics/quenching?galaxies=" + GAL + "&voids=" + VF;
        given().get(base + "&cuts=some").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'default'"));
        given().get(base + "&zRange=0.3,0.1").then().statusCode(400).body("detail", containsString("zmin < zmax"));
        given().get(base + "&zRange=0.1").then().statusCode(400).body("detail", containsString("zmin,zmax"));
        given().get(base + "&magLimit=5").then().statusCode(400).body("detail", containsString("[-30, -5]"));
        given().get(base + "&deltachi2Min=lots").then().statusCode(400).body("detail", containsString("deltachi2Min"));
        given().get(base + "&zwarn=1").then().statusCode(400).body("detail", containsString("zwarn must be"));
        given().get(base.replace("quenching?", "void-profile?") + "&rBins=1,2").then().statusCode(400)
                .body("detail", containsString("start at 0"));
        given().get(base.replace("quenching?", "void-profile?") + "&massMin=11&massMax=10").then().statusCode(400);
        // a cut asked for by name on a catalog without its column: 400 naming the column and the cut
        given().get("/api/v1/statistics/quenching?galaxies=" + VoidsAndStatisticsTest.GAL + "&voids="
                        + VoidsAndStatisticsTest.VF + "&deltachi2Min=40").then().statusCode(400)
                .body("detail", containsString("no deltachi2 column, which the deltachi2 cut needs"));
    }
}

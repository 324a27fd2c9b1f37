package org.desi.catalogs.crossmatch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.core.match.V2BruteForce;
import org.desi.catalogs.core.match.VoidMembership.Environment;
import org.desi.catalogs.core.match.VoidMembership.Placement;
import org.desi.catalogs.core.sample.SampleV2Catalog;
import org.desi.catalogs.core.sample.VoidCatalogFiles;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.SharedData;
import org.desi.catalogs.testsupport.TestCatalogs;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Galaxies placed in void catalogs through the API: VAST's VoidFinder test voids with hand-chosen
 * positions, and a seeded V2 catalog against the brute-force reference of catalog-core's tests.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class VoidMembershipJobTest {

    static final Cosmology COSMO = new Cosmology(0.315);

    @Test
    void placesGalaxiesInVoidsWallsAndOutsideTheVolume() throws Exception {
        List<VoidCatalogFiles.Hole> holes = VoidCatalogFiles.readVastHoles(
                SharedData.file("vast/test_galaxies_redshift_holes_truth.txt"));
        List<VoidCatalogFiles.Maximal> maximals = VoidCatalogFiles.readVastMaximals(
                SharedData.file("vast/test_galaxies_redshift_maximal_truth.txt"));
        double[][] voids = maximals.stream().map(m -> new double[] {m.voidId(), m.x(), m.y(), m.z(), m.radius(),
                m.voidId() == 0 ? 0 : 1}).toArray(double[][]::new);   // void 0 interior, void 1 edge
        double[][] hs = holes.stream().map(h -> new double[] {h.x(), h.y(), h.z(), h.radius(), h.voidId()})
                .toArray(double[][]::new);
        // comoving points [Mpc/h]: centre of void 0; 1 Mpc/h off void 1's centre; a wall; beyond 40 Mpc/h
        double[][] points = {{25.017016927430227, 7.996470587726249, 0.007344861657872043},
                {9.956228769337919, 2.9713455404740627, -0.0526691501772054}, {30, -10, 10}, {45, 5, 0}};
        long[] ids = {11, 12, 13, 14, 15};
        double[] ra = new double[5];
        double[] dec = new double[5];
        double[] z = new double[5];
        for (int i = 0; i < 4; i++) {
            double[] p = points[i];
            double d = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
            ra[i] = (Math.toDegrees(Math.atan2(p[1], p[0])) + 360) % 360;
            dec[i] = Math.toDegrees(Math.asin(p[2] / d));
            z[i] = COSMO.redshiftAt(d);
        }
        ra[4] = 10;
        dec[4] = 10;
        z[4] = Double.NaN;   // no redshift: cannot be placed in 3-D
        String galaxies = CrossmatchFixtures.unique("gal");
        String voidCatalog = CrossmatchFixtures.unique("vf");
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            TestCatalogs.createPositional(c, galaxies, ids, ra, dec, z);
            TestCatalogs.createVoidFinder(c, voidCatalog, 0.315, 0, 40, voids, hs);
        }
        long id = CrossmatchFixtures.submit(Map.of("type", "voids", "galaxies", galaxies, "voids", voidCatalog));
        JsonPath job = CrossmatchFixtures.awaitFinished(id);
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(5, job.getLong("pairs"));
        // a voids job names its catalogs galaxies and voids; the sky fields are left out, not null
        assertEquals(galaxies, job.getString("galaxies"));
        assertEquals(voidCatalog, job.getString("voids"));
        Map<String, Object> fields = job.getMap("$");
        for (String skyOnly : new String[] {"left", "right", "radiusArcsec", "mode", "v2Rule"}) {
            assertFalse(fields.containsKey(skyOnly), skyOnly + " in " + job.prettify());
        }
        // the id ranges and the publishing step, all done; finished no earlier than started
        assertEquals(job.getInt("partitionsTotal"), job.getInt("partitionsDone"));
        assertTrue(java.time.OffsetDateTime.parse(job.getString("finishedAt").replace(' ', 'T').replaceAll("\\+00$", "Z"))
                .compareTo(java.time.OffsetDateTime.parse(job.getString("startedAt").replace(' ', 'T').replaceAll("\\+00$", "Z"))) >= 0,
                job.prettify());
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT e.object_id, e.environment, e.void_id, e.distance_mpc_per_h"
                     + " FROM desi.galaxy_environment e JOIN desi.catalog g ON g.catalog_id = e.galaxy_catalog_id"
                     + " WHERE g.name = '" + galaxies + "' ORDER BY e.object_id")) {
            // the wall galaxy carries its nearest void: void 0's centre, hand-computed distance
            double wallToVoid0 = Math.sqrt(Math.pow(30 - 25.017016927430227, 2) + Math.pow(-10 - 7.996470587726249, 2)
                    + Math.pow(10 - 0.007344861657872043, 2));
            String[] expected = {"11 void 0 0.000", "12 edge_void 1 1.000",
                    "13 wall 0 " + String.format(java.util.Locale.ROOT, "%.3f", wallToVoid0),
                    "14 outside null null", "15 outside null null"};
            for (String e : expected) {
                rs.next();
                Object voidId = rs.getObject(3);
                Object dist = rs.getObject(4);
                String got = rs.getLong(1) + " " + rs.getString(2) + " " + voidId + " "
                        + (dist == null ? "null" : String.format(java.util.Locale.ROOT, "%.3f", (Double) dist));
                assertEquals(e, got);
            }
        }
        // a second job for the same pair replaces the environments, never duplicates them
        long again = CrossmatchFixtures.submit(Map.of("type", "voids", "galaxies", galaxies, "voids", voidCatalog));
        assertEquals("SUCCEEDED", CrossmatchFixtures.awaitFinished(again).getString("status"));
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), min(job_id) FROM desi.galaxy_environment e"
                     + " JOIN desi.catalog g ON g.catalog_id = e.galaxy_catalog_id WHERE g.name = '" + galaxies + "'")) {
            rs.next();
            assertEquals(5, rs.getLong(1));
            assertEquals(again, rs.getLong(2));
        }
        given().contentType(ContentType.JSON).body(Map.of("type", "voids", "galaxies", galaxies, "voids", galaxies))
                .post("/api/v1/crossmatch/jobs").then().statusCode(400).body("detail", containsString("void catalog"));
    }

    @Test
    void v2JobPlacesEveryGalaxyAsTheBruteForceReferenceDoes() throws Exception {
        SampleV2Catalog sample = SampleV2Catalog.generate(424242L, 3_000, 3_000);
        int n = sample.galaxies().size();
        long[] ids = new long[n];
        double[] ra = new double[n];
        double[] dec = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            SampleV2Catalog.Galaxy g = sample.galaxies().get(i);
            ids[i] = g.targetId();
            ra[i] = g.raDeg();
            dec[i] = g.decDeg();
            z[i] = g.z();
        }
        String galaxies = CrossmatchFixtures.unique("v2gal");
        String v2 = CrossmatchFixtures.unique("v2");
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            TestCatalogs.createPositional(c, galaxies, ids, ra, dec, z);
            TestCatalogs.createV2(c, v2, "REVOLVER", SampleV2Catalog.OMEGA_M, SampleV2Catalog.D_MIN_MPC_PER_H,
                    SampleV2Catalog.D_MAX_MPC_PER_H,
                    sample.voids().stream().map(v -> new double[] {v.voidId(), v.x(), v.y(), v.z(), v.radius(),
                            v.totArea(), v.edgeArea()}).toArray(double[][]::new),
                    sample.zones().stream().map(q -> new int[] {q.zone(), q.void0(), q.void1()}).toArray(int[][]::new),
                    sample.tracers().stream().map(t -> new double[] {t.gal(), t.targetId(), t.x(), t.y(), t.z(), t.zone(),
                            t.edge(), t.out()}).toArray(double[][]::new));
        }
        long id = CrossmatchFixtures.submit(Map.of("type", "voids", "galaxies", galaxies, "voids", v2));
        JsonPath job = CrossmatchFixtures.awaitFinished(id);
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals("nearest-tracer", job.getString("v2Rule"), "the default rule is VAST's and is recorded");
        Map<Long, String> stored = environments(galaxies);
        assertEquals(n, stored.size());
        int nonTracersInVoids = 0;
        for (SampleV2Catalog.Galaxy g : sample.galaxies()) {
            Placement p = V2BruteForce.place(sample, g);
            assertEquals(describe(p), stored.get(g.targetId()), "galaxy " + g.targetId());
            if (g.targetId() >= SampleV2Catalog.FIRST_OTHER_TARGETID && p.inVoid()) {
                nonTracersInVoids++;
            }
        }
        assertTrue(nonTracersInVoids > 50, "non-tracers placed in voids: " + nonTracersInVoids);

        // the classic approximation only when asked for by name; it answers differently for non-tracers
        long sphere = CrossmatchFixtures.submit(Map.of("type", "voids", "galaxies", galaxies, "voids", v2,
                "v2Rule", "effective-sphere"));
        JsonPath sphereJob = CrossmatchFixtures.awaitFinished(sphere);
        assertEquals("SUCCEEDED", sphereJob.getString("status"), sphereJob.prettify());
        assertEquals("effective-sphere", sphereJob.getString("v2Rule"));
        Map<Long, String> spheres = environments(galaxies);
        long differ = stored.entrySet().stream().filter(e -> !e.getValue().equals(spheres.get(e.getKey()))).count();
        assertTrue(differ > 50, "effective spheres differ from zones for " + differ + " galaxies");

        given().contentType(ContentType.JSON).body(Map.of("type", "voids", "galaxies", galaxies, "voids", v2,
                        "v2Rule", "sphere")).post("/api/v1/crossmatch/jobs").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'nearest-tracer'"));
    }

    @Test
    void v2RuleIsRefusedForAVoidFinderCatalog() throws Exception {
        String galaxies = CrossmatchFixtures.unique("gal");
        String vf = CrossmatchFixtures.unique("vf");
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            TestCatalogs.createPositional(c, galaxies, new long[] {1}, new double[] {10}, new double[] {10},
                    new double[] {0.05});
            TestCatalogs.createVoidFinder(c, vf, 0.315, 0, 400, new double[][] {{0, 100, 0, 0, 10, 0}},
                    new double[][] {{100, 0, 0, 10, 0}});
        }
        given().contentType(ContentType.JSON).body(Map.of("type", "voids", "galaxies", galaxies, "voids", vf,
                        "v2Rule", "effective-sphere")).post("/api/v1/crossmatch/jobs").then().statusCode(400)
                .body("detail", containsString("v2Rule applies to v2 void catalogs"));
    }

    /** environment, void id and distance [Mpc/h, 1e-6] of every galaxy of the catalog, by id. */
    static Map<Long, String> environments(String galaxies) throws Exception {
        Map<Long, String> out = new HashMap<>();
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT e.object_id, e.environment, e.void_id, e.distance_mpc_per_h,"
                     + " e.r_over_reff FROM desi.galaxy_environment e JOIN desi.catalog g"
                     + " ON g.catalog_id = e.galaxy_catalog_id WHERE g.name = '" + galaxies + "'")) {
            while (rs.next()) {
                Object v = rs.getObject(3);
                double d = rs.getDouble(4);
                double r = rs.getDouble(5);
                out.put(rs.getLong(1), describe(new Placement(Environment.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                        v == null ? -1 : (Integer) v, rs.wasNull() ? Double.NaN : d, r)));
            }
        }
        return out;
    }

    static String describe(Placement p) {
        return p.environment().dbName() + " " + p.voidId() + " " + (p.voidId() < 0 ? "-"
                : String.format(Locale.ROOT, "%.6f %.6f", p.distanceMpcPerH(), p.rOverReff()));
    }
}

package org.desi.catalogs.crossmatch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.core.sample.VoidCatalogFiles;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.SharedData;
import org.desi.catalogs.testsupport.TestCatalogs;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/** Galaxies placed in VAST's VoidFinder test voids through the API, with hand-chosen positions. */
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
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT e.object_id, e.environment, e.void_id, e.distance_mpc_per_h"
                     + " FROM desi.galaxy_environment e JOIN desi.catalog g ON g.catalog_id = e.galaxy_catalog_id"
                     + " WHERE g.name = '" + galaxies + "' ORDER BY e.object_id")) {
            String[] expected = {"11 void 0 0.000", "12 edge_void 1 1.000", "13 wall null null",
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
}

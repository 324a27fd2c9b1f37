package org.desi.catalogs.crossmatch;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.desi.catalogs.core.sky.AngularDistance;
import org.desi.catalogs.testsupport.TestCatalogs;
import org.desi.catalogs.testsupport.TestDatabase;

/** Seeded catalogs registered in the test database, job submission over HTTP, brute-force references. */
public final class CrossmatchFixtures {

    /** Columns of a seeded catalog. */
    public record Catalog(String name, long[] ids, double[] ra, double[] dec) {
    }

    private CrossmatchFixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /**
     * Left and right catalogs of {@code n} objects each over several fields (one across RA 0/360, one
     * at the north pole, one dense) with 70% of the right objects within 0.5 arcsec of a left one.
     */
    public static Catalog[] seededPair(long seed, int n) throws SQLException {
        Random rnd = new Random(seed);
        double[][] fields = {{150, 2, 1.0}, {0.01, -5, 0.5}, {10, 89.9, 0.2}, {210, 45, 0.05}};
        long[] lid = new long[n];
        double[] lra = new double[n];
        double[] ldec = new double[n];
        long[] rid = new long[n];
        double[] rra = new double[n];
        double[] rdec = new double[n];
        for (int i = 0; i < n; i++) {
            double[] f = fields[i % fields.length];
            ldec[i] = Math.min(90, Math.max(-90, f[1] + (rnd.nextDouble() - 0.5) * f[2]));
            lra[i] = ((f[0] + (rnd.nextDouble() - 0.5) * f[2] / Math.max(0.02, Math.cos(Math.toRadians(ldec[i]))))
                    % 360 + 360) % 360;
            lid[i] = 1_000_000L + i;
            if (rnd.nextDouble() < 0.7) {
                double off = rnd.nextDouble() * 0.5 / 3600;
                rdec[i] = Math.min(90, Math.max(-90, ldec[i] + off * (rnd.nextBoolean() ? 1 : -1)));
                rra[i] = lra[i];
            } else {
                rdec[i] = Math.min(90, Math.max(-90, f[1] + (rnd.nextDouble() - 0.5) * f[2]));
                rra[i] = ((f[0] + (rnd.nextDouble() - 0.5) * f[2]) % 360 + 360) % 360;
            }
            rid[i] = 5_000_000L + i;
        }
        Catalog left = new Catalog(unique("xl"), lid, lra, ldec);
        Catalog right = new Catalog(unique("xr"), rid, rra, rdec);
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            TestCatalogs.createPositional(c, left.name(), lid, lra, ldec, null);
            TestCatalogs.createPositional(c, right.name(), rid, rra, rdec, null);
        }
        return new Catalog[] {left, right};
    }

    /** "leftId:rightId" of every pair within {@code radiusArcsec}, by haversine over all pairs. */
    public static Set<String> bruteForce(Catalog l, Catalog r, double radiusArcsec) {
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < l.ids().length; i++) {
            for (int j = 0; j < r.ids().length; j++) {
                if (Math.abs(l.dec()[i] - r.dec()[j]) * 3600 > radiusArcsec) {
                    continue;
                }
                if (AngularDistance.haversineArcsec(l.ra()[i], l.dec()[i], r.ra()[j], r.dec()[j]) <= radiusArcsec) {
                    pairs.add(l.ids()[i] + ":" + r.ids()[j]);
                }
            }
        }
        return pairs;
    }

    public static Set<String> storedPairs(long jobId) throws SQLException {
        Set<String> pairs = new HashSet<>();
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = " + jobId)) {
            while (rs.next()) {
                pairs.add(rs.getLong(1) + ":" + rs.getLong(2));
            }
        }
        return pairs;
    }

    public static long submit(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/crossmatch/jobs")
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.containsString("/api/v1/crossmatch/jobs/"))
                .extract().jsonPath().getLong("id");
    }

    public static JsonPath awaitFinished(long id) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonPath job = given().get("/api/v1/crossmatch/jobs/" + id).then().statusCode(200).extract().jsonPath();
            String status = job.getString("status");
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("cross-match job " + id + " did not finish in 120 s");
    }
}

package org.desi.catalogs.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The k-d tree against a brute-force scan: same index (lowest on ties) for every query. */
class NearestPointIndexTest {

    /** The reference: every point, the lowest index among the nearest. */
    static int bruteForce(double[] x, double[] y, double[] z, double px, double py, double pz) {
        int best = -1;
        double bestD2 = Double.POSITIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - px;
            double dy = y[i] - py;
            double dz = z[i] - pz;
            double d2 = dx * dx + dy * dy + dz * dz;
            if (d2 < bestD2) {
                bestD2 = d2;
                best = i;
            }
        }
        return best;
    }

    static void assertAgrees(double[] x, double[] y, double[] z, double[][] queries) {
        NearestPointIndex index = new NearestPointIndex(x, y, z);
        for (double[] q : queries) {
            int expected = bruteForce(x, y, z, q[0], q[1], q[2]);
            assertEquals(expected, index.nearest(q[0], q[1], q[2]),
                    "query " + q[0] + ", " + q[1] + ", " + q[2] + " among " + x.length + " points");
        }
    }

    static double[][] uniform(Random rnd, int n, double lo, double hi) {
        double[][] q = new double[n][3];
        for (double[] p : q) {
            for (int a = 0; a < 3; a++) {
                p[a] = lo + rnd.nextDouble() * (hi - lo);
            }
        }
        return q;
    }

    static double[][] columns(double[][] points) {
        double[][] c = new double[3][points.length];
        for (int i = 0; i < points.length; i++) {
            for (int a = 0; a < 3; a++) {
                c[a][i] = points[i][a];
            }
        }
        return c;
    }

    @Test
    void seededUniformCloudAgreesWithBruteForce() {
        Random rnd = new Random(20261130);
        double[][] c = columns(uniform(rnd, 20_000, -300, 300));
        assertAgrees(c[0], c[1], c[2], uniform(rnd, 5_000, -320, 320));
    }

    @Test
    void clusteredCloudWithLargeEmptyRegionsAgreesWithBruteForce() {
        // a few tight clusters: most of the bounding box is empty, queries land between them
        Random rnd = new Random(7);
        double[][] p = new double[10_000][3];
        for (int i = 0; i < p.length; i++) {
            int cluster = i % 5;
            for (int a = 0; a < 3; a++) {
                p[i][a] = cluster * 150 - 300 + rnd.nextGaussian() * 3;
            }
        }
        double[][] c = columns(p);
        assertAgrees(c[0], c[1], c[2], uniform(rnd, 5_000, -400, 400));
    }

    @Test
    void queriesFarOutsideTheCloudFindTheTrueNearest() {
        Random rnd = new Random(11);
        // a thin spherical shell sector, like a survey's tracers between 100 and 600 Mpc/h
        double[][] p = new double[20_000][3];
        for (double[] q : p) {
            double d = 100 + rnd.nextDouble() * 500;
            double ra = Math.toRadians(120 + rnd.nextDouble() * 100);
            double dec = Math.toRadians(rnd.nextDouble() * 60);
            q[0] = d * Math.cos(dec) * Math.cos(ra);
            q[1] = d * Math.cos(dec) * Math.sin(ra);
            q[2] = d * Math.sin(dec);
        }
        double[][] c = columns(p);
        double[][] far = uniform(rnd, 3_000, -5_000, 5_000);
        assertAgrees(c[0], c[1], c[2], far);
        assertAgrees(c[0], c[1], c[2], new double[][] {{1e7, -1e7, 1e7}, {0, 0, 0}, {-600, 0, -600}});
    }

    @Test
    void exactTiesGoToTheLowestIndex() {
        // an integer lattice queried at half-integer points: up to 8 points at exactly the same distance
        int k = 12;
        double[][] p = new double[k * k * k][3];
        int i = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                for (int c = 0; c < k; c++) {
                    // a scrambled order, so the lowest index is not simply the first in any sort order
                    p[(i * 7919) % p.length] = new double[] {c, a, b};
                    i++;
                }
            }
        }
        double[][] q = new double[2_000][3];
        Random rnd = new Random(3);
        for (double[] r : q) {
            for (int a = 0; a < 3; a++) {
                r[a] = rnd.nextInt(k + 2) - 1 + (rnd.nextBoolean() ? 0.5 : 0.0);
            }
        }
        double[][] c = columns(p);
        assertAgrees(c[0], c[1], c[2], q);
    }

    @Test
    void duplicatePointsAndDegenerateAxes() {
        // 500 copies of 3 distinct points on one line: splits on an axis with no extent must still work
        double[] x = new double[1500];
        double[] y = new double[1500];
        double[] z = new double[1500];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 3) * 10;
        }
        Random rnd = new Random(5);
        assertAgrees(x, y, z, uniform(rnd, 1_000, -20, 40));
        NearestPointIndex index = new NearestPointIndex(x, y, z);
        assertEquals(0, index.nearest(-1, 0, 0));
        assertEquals(1, index.nearest(10, 0, 0));
        assertEquals(2, index.nearest(100, 3, -3));
        assertEquals(25.0, index.distanceSquared(1, 15, 0, 0), 0);
    }

    @Test
    void emptyAndSinglePointIndexes() {
        NearestPointIndex empty = new NearestPointIndex(new double[0], new double[0], new double[0]);
        assertEquals(-1, empty.nearest(1, 2, 3));
        NearestPointIndex one = new NearestPointIndex(new double[] {5}, new double[] {5}, new double[] {5});
        assertEquals(0, one.nearest(-1e9, 0, 1e9));
        assertEquals(-1, one.nearest(Double.NaN, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new NearestPointIndex(new double[] {Double.NaN}, new double[] {0}, new double[] {0}));
    }

    @Test
    void everySizeAroundTheLeafAndTreeBoundaries() {
        Random rnd = new Random(99);
        for (int n : new int[] {1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 129, 1000, 1025}) {
            double[][] c = columns(uniform(rnd, n, 0, 100));
            assertAgrees(c[0], c[1], c[2], uniform(rnd, 300, -10, 110));
        }
    }
}

package org.desi.catalogs.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The sphere grid against brute force: every containing sphere found, in index order, groups once each. */
class SphereIndexTest {

    /** Crowded spheres of very different sizes (one much larger than the rest), as DESIVAST holes are. */
    private static double[][] spheres(Random rnd, int n) {
        double[][] s = new double[4][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = rnd.nextGaussian() * 40;
            s[1][i] = rnd.nextGaussian() * 40;
            s[2][i] = rnd.nextGaussian() * 10;
            s[3][i] = i == 0 ? 60 : 0.5 + rnd.nextDouble() * (i % 10 == 0 ? 20 : 6);
        }
        return s;
    }

    /** Points inside the spheres' region, beyond it, exactly on sphere surfaces and at sphere centres. */
    private static List<double[]> points(Random rnd, double[][] s) {
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            p.add(new double[] {rnd.nextGaussian() * 60, rnd.nextGaussian() * 60, rnd.nextGaussian() * 20});
        }
        for (int i = 0; i < s[3].length; i++) {
            p.add(new double[] {s[0][i] + s[3][i], s[1][i], s[2][i]});   // on the surface along +x
            p.add(new double[] {s[0][i], s[1][i] - s[3][i], s[2][i]});   // along -y
            p.add(new double[] {s[0][i], s[1][i], s[2][i]});
        }
        p.add(new double[] {1e6, 0, 0});
        p.add(new double[] {Double.NaN, 0, 0});
        return p;
    }

    private static boolean inside(double[][] s, int i, double[] p) {
        double dx = p[0] - s[0][i];
        double dy = p[1] - s[1][i];
        double dz = p[2] - s[2][i];
        return dx * dx + dy * dy + dz * dz <= s[3][i] * s[3][i];
    }

    @Test
    void findsEveryContainingSphereInIndexOrder() {
        Random rnd = new Random(11);
        double[][] s = spheres(rnd, 3_000);
        SphereIndex index = new SphereIndex(s[0], s[1], s[2], s[3]);
        long found = 0;
        for (double[] p : points(rnd, s)) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < s[3].length; i++) {
                if (inside(s, i, p)) {
                    expected.add(i);
                }
            }
            List<Integer> got = new ArrayList<>();
            index.containing(p[0], p[1], p[2], got::add);
            // in index order: V2's effective-sphere rule keeps the first of equal ratios
            assertEquals(expected, got, "point " + p[0] + ", " + p[1] + ", " + p[2]);
            found += got.size();
        }
        assertTrue(found > 50_000, "the points must fall in many spheres: " + found);
    }

    @Test
    void reportsEachGroupOnceWithASphereOfItThatContainsThePoint() {
        Random rnd = new Random(12);
        double[][] s = spheres(rnd, 3_000);
        int[] group = new int[s[3].length];
        for (int i = 0; i < group.length; i++) {
            group[i] = rnd.nextInt(150);   // holes of one void are not listed together
        }
        SphereIndex index = new SphereIndex(s[0], s[1], s[2], s[3], group);
        int multi = 0;
        for (double[] p : points(rnd, s)) {
            TreeSet<Integer> expected = new TreeSet<>();
            int spheresIn = 0;
            for (int i = 0; i < s[3].length; i++) {
                if (inside(s, i, p)) {
                    expected.add(group[i]);
                    spheresIn++;
                }
            }
            multi += spheresIn > expected.size() ? 1 : 0;
            List<Integer> groups = new ArrayList<>();
            index.containing(p[0], p[1], p[2], i -> {
                assertTrue(inside(s, i, p), "sphere " + i + " does not contain the point");
                groups.add(group[i]);
            });
            assertEquals(new ArrayList<>(expected), groups, "each group once, in group order");
        }
        assertTrue(multi > 500, "points inside several spheres of one group: " + multi);
    }

    @Test
    void tinyAndHugeSpheresTogetherStillFindEveryContainingOne() {
        // the median radius (0.1) would give the huge spheres millions of cells each: the cells grow
        Random rnd = new Random(13);
        int n = 300;
        double[][] s = new double[4][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = rnd.nextGaussian() * 30;
            s[1][i] = rnd.nextGaussian() * 30;
            s[2][i] = rnd.nextGaussian() * 30;
            s[3][i] = i % 5 == 0 ? 40 + rnd.nextDouble() * 20 : 0.1;
        }
        SphereIndex index = new SphereIndex(s[0], s[1], s[2], s[3]);
        long found = 0;
        for (double[] p : points(rnd, s)) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (inside(s, i, p)) {
                    expected.add(i);
                }
            }
            List<Integer> got = new ArrayList<>();
            index.containing(p[0], p[1], p[2], got::add);
            assertEquals(expected, got);
            found += got.size();
        }
        assertTrue(found > 20_000, "points in spheres: " + found);
    }

    @Test
    void anEmptyIndexContainsNothing() {
        SphereIndex index = new SphereIndex(new double[0], new double[0], new double[0], new double[0]);
        index.containing(0, 0, 0, i -> {
            throw new AssertionError("sphere " + i);
        });
        assertEquals(0, index.size());
    }

    @Test
    void oneSphereFindsPointsOnItsSurfaceAndNotJustBeyond() {
        SphereIndex index = new SphereIndex(new double[] {100}, new double[] {-50}, new double[] {3},
                new double[] {8});
        List<Integer> got = new ArrayList<>();
        index.containing(108, -50, 3, got::add);
        index.containing(100, -58, 3, got::add);
        index.containing(100, -50, 3 + 8 + 1e-9, got::add);
        index.containing(100, -50, -5.000001, got::add);
        assertEquals(List.of(0, 0), got);
    }
}

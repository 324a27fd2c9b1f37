package org.desi.catalogs.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.desi.catalogs.core.sky.AngularDistance;
import org.junit.jupiter.api.Test;

/** The sky matcher against a brute-force haversine reference on seeded catalogs and the awkward places. */
class SkyMatcherTest {

    /** Brute force: every pair within the radius by haversine, keyed "left:right" -> separation [arcsec]. */
    static Map<String, Double> bruteForce(SkyPositions l, SkyPositions r, double radiusArcsec) {
        Map<String, Double> pairs = new TreeMap<>();
        for (int i = 0; i < l.size(); i++) {
            for (int j = 0; j < r.size(); j++) {
                double s = AngularDistance.haversineArcsec(l.raDeg(i), l.decDeg(i), r.raDeg(j), r.decDeg(j));
                if (s <= radiusArcsec) {
                    pairs.put(l.id(i) + ":" + r.id(j), s);
                }
            }
        }
        return pairs;
    }

    static Map<String, Double> run(SkyPositions l, SkyPositions r, double radiusArcsec, SkyMatcher.Mode mode) {
        Map<String, Double> pairs = new TreeMap<>();
        long n = new SkyMatcher(radiusArcsec, mode).match(l, r, (a, b, s) -> {
            Double old = pairs.put(a + ":" + b, s);
            assertEquals(null, old, "pair reported twice: " + a + ":" + b);
        });
        assertEquals(pairs.size(), n);
        return pairs;
    }

    static void assertSamePairs(Map<String, Double> expected, Map<String, Double> actual) {
        java.util.Set<String> missing = new java.util.TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        java.util.Set<String> extra = new java.util.TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        assertTrue(missing.isEmpty() && extra.isEmpty(), expected.size() + " expected pairs; missing "
                + missing.stream().limit(10).toList() + " (" + missing.size() + "), extra "
                + extra.stream().limit(10).toList() + " (" + extra.size() + ")");
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), 1e-6, e.getKey());
        }
    }

    /** Objects scattered around (ra, dec) within about {@code spreadDeg}, ids from {@code firstId}. */
    static SkyPositions cluster(Random rnd, int n, double ra, double dec, double spreadDeg, long firstId) {
        SkyPositions p = new SkyPositions(n);
        for (int i = 0; i < n; i++) {
            double d = Math.max(-90, Math.min(90, dec + (rnd.nextDouble() - 0.5) * 2 * spreadDeg));
            double a = ((ra + (rnd.nextDouble() - 0.5) * 2 * spreadDeg / Math.max(0.01, Math.cos(Math.toRadians(d))))
                    % 360 + 360) % 360;
            p.add(firstId + i, a, d);
        }
        return p;
    }

    @Test
    void findsExactlyTheBruteForcePairsOnSeededCatalogs() {
        for (long seed = 1; seed <= 5; seed++) {
            Random rnd = new Random(seed);
            SkyPositions l = cluster(rnd, 800, 150, 2, 0.05, 0);
            SkyPositions r = cluster(rnd, 900, 150, 2, 0.05, 10_000);
            double radius = 1 + rnd.nextDouble() * 20;
            assertSamePairs(bruteForce(l, r, radius), run(l, r, radius, SkyMatcher.Mode.ALL));
        }
    }

    @Test
    void matchesAcrossRaZeroAndThreeSixty() {
        Random rnd = new Random(7);
        SkyPositions l = cluster(rnd, 600, 0.0005, -3, 0.01, 0);
        SkyPositions r = cluster(rnd, 600, 359.9995, -3, 0.01, 5_000);
        Map<String, Double> expected = bruteForce(l, r, 10);
        assertTrue(expected.size() > 100, "the test must produce pairs across the wrap: " + expected.size());
        assertSamePairs(expected, run(l, r, 10, SkyMatcher.Mode.ALL));
    }

    @Test
    void matchesAtBothPoles() {
        for (double pole : new double[] {90, -90}) {
            Random rnd = new Random(11);
            SkyPositions l = cluster(rnd, 500, 45, pole, 0.02, 0);
            SkyPositions r = cluster(rnd, 500, 225, pole, 0.02, 5_000);
            l.add(99_999, 0, pole);   // exactly on the pole
            Map<String, Double> expected = bruteForce(l, r, 30);
            assertTrue(expected.size() > 100, "pairs near the pole " + pole);
            assertSamePairs(expected, run(l, r, 30, SkyMatcher.Mode.ALL));
        }
    }

    @Test
    void handlesDenseClustersDuplicatesAndLargeRadii() {
        Random rnd = new Random(3);
        SkyPositions l = cluster(rnd, 300, 210, 45, 0.002, 0);
        SkyPositions r = cluster(rnd, 300, 210, 45, 0.002, 1_000);
        for (int i = 0; i < 20; i++) {
            r.add(5_000 + i, l.raDeg(i), l.decDeg(i));   // exact duplicates: separation 0
        }
        assertSamePairs(bruteForce(l, r, 5), run(l, r, 5, SkyMatcher.Mode.ALL));
        SkyPositions wide = cluster(rnd, 200, 10, 60, 2.0, 0);
        SkyPositions wideR = cluster(rnd, 200, 10, 60, 2.0, 1_000);
        assertSamePairs(bruteForce(wide, wideR, 3600), run(wide, wideR, 3600, SkyMatcher.Mode.ALL));
        Map<String, Double> dup = run(l, r, 0.01, SkyMatcher.Mode.ALL);
        assertTrue(dup.containsKey("0:5000") && dup.get("0:5000") == 0.0, "duplicates match at 0 arcsec");
    }

    @Test
    void bestModeKeepsTheNearestRightObjectPerLeftObject() {
        Random rnd = new Random(5);
        SkyPositions l = cluster(rnd, 700, 100, -30, 0.03, 0);
        SkyPositions r = cluster(rnd, 1500, 100, -30, 0.03, 10_000);
        Map<String, Double> all = bruteForce(l, r, 15);
        Map<Long, String> best = new HashMap<>();
        Map<Long, Double> bestSep = new HashMap<>();
        for (Map.Entry<String, Double> e : all.entrySet()) {
            long left = Long.parseLong(e.getKey().split(":")[0]);
            if (!bestSep.containsKey(left) || e.getValue() < bestSep.get(left)) {
                bestSep.put(left, e.getValue());
                best.put(left, e.getKey());
            }
        }
        Map<String, Double> got = run(l, r, 15, SkyMatcher.Mode.BEST);
        assertEquals(best.size(), got.size());
        for (String key : best.values()) {
            assertTrue(got.containsKey(key), "missing best pair " + key);
        }
    }

    @Test
    void parallelMatchingReportsTheSamePairsAsOneThread() {
        SkyPositions[] p = org.desi.catalogs.core.sample.SampleMatchCatalogs.generate(60_000, 99, 0.7);
        SkyMatcher m = new SkyMatcher(1.0, SkyMatcher.Mode.ALL);
        java.util.Set<String> one = new java.util.HashSet<>();
        m.match(p[0], p[1], (a, b, s) -> one.add(a + ":" + b));
        java.util.List<java.util.Set<String>> perThread = java.util.List.of(new java.util.HashSet<>(),
                new java.util.HashSet<>(), new java.util.HashSet<>());
        long n = m.match(p[0], p[1], 3, t -> (a, b, s) -> perThread.get(t).add(a + ":" + b));
        java.util.Set<String> all = new java.util.HashSet<>();
        perThread.forEach(all::addAll);
        assertEquals(one, all);
        assertEquals(one.size(), n);
        assertTrue(perThread.stream().allMatch(x -> !x.isEmpty()), "every thread got work");
        assertTrue(one.size() > 41_000, "70% true matches: " + one.size());
    }

    @Test
    void emptyCatalogsGiveNoPairs() {
        SkyPositions empty = new SkyPositions(0);
        SkyPositions some = cluster(new Random(1), 10, 5, 5, 0.01, 0);
        assertEquals(0, new SkyMatcher(1, SkyMatcher.Mode.ALL).match(empty, some, (a, b, s) -> { }));
        assertEquals(0, new SkyMatcher(1, SkyMatcher.Mode.ALL).match(some, empty, (a, b, s) -> { }));
    }

    @Test
    void keepsMilliarcsecondPrecision() {
        SkyPositions l = new SkyPositions(1);
        SkyPositions r = new SkyPositions(1);
        l.add(1, 120, 30);
        r.add(2, 120, 30 + 0.005 / 3600);  // 5 mas north
        Map<String, Double> got = run(l, r, 0.01, SkyMatcher.Mode.ALL);
        assertEquals(0.005, got.get("1:2"), 1e-9);
    }

    @Test
    void rejectsRadiusOutsideTheValidRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SkyMatcher(0.001, SkyMatcher.Mode.ALL));
        assertTrue(e.getMessage().contains("[0.01, 3600.0] arcsec"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SkyMatcher(Double.NaN, SkyMatcher.Mode.ALL));
        assertThrows(IllegalArgumentException.class, () -> new SkyMatcher(3601, SkyMatcher.Mode.ALL));
    }
}

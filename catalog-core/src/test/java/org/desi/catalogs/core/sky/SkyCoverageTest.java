package org.desi.catalogs.core.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The MOC made from a coverage, checked against brute force: expanding it back gives the degraded cell set. */
class SkyCoverageTest {

    @Test
    void normalizedMocCoversExactlyTheDegradedCellsAndHasNoFourSiblings() {
        Random rnd = new Random(11);
        SkyCoverage cov = new SkyCoverage(8);
        TreeSet<Long> atEight = new TreeSet<>();
        // a dense patch (whole parents collapse), scattered points, both poles and the RA wrap
        for (int i = 0; i < 20000; i++) {
            double ra = rnd.nextDouble() * 10 - 5;
            double dec = 20 + rnd.nextDouble() * 10;
            add(cov, atEight, ra, dec);
        }
        for (int i = 0; i < 3000; i++) {
            add(cov, atEight, rnd.nextDouble() * 360, Math.toDegrees(Math.asin(rnd.nextDouble() * 2 - 1)));
        }
        add(cov, atEight, 0, 90);
        add(cov, atEight, 0, -90);
        for (int mocOrder : new int[] {8, 6, 3, 0}) {
            List<long[]> moc = cov.normalizedMoc(mocOrder);
            assertEquals(mocOrder + 1, moc.size());
            TreeSet<Long> expected = new TreeSet<>();
            atEight.forEach(c -> expected.add(c >>> (2 * (8 - mocOrder))));
            TreeSet<Long> expanded = new TreeSet<>();
            for (int o = 0; o <= mocOrder; o++) {
                long[] cells = moc.get(o);
                for (int i = 0; i < cells.length; i++) {
                    assertTrue(i == 0 || cells[i] > cells[i - 1], "sorted, distinct at order " + o);
                    long span = 1L << (2 * (mocOrder - o));
                    for (long k = 0; k < span; k++) {
                        assertTrue(expanded.add(cells[i] * span + k), "cells overlap at order " + o);
                    }
                }
            }
            assertEquals(expected, expanded, "MOC order " + mocOrder);
            for (int o = 1; o <= mocOrder; o++) {
                TreeSet<Long> level = new TreeSet<>();
                for (long c : moc.get(o)) {
                    level.add(c);
                }
                for (long c : level) {
                    long p = c >>> 2;
                    assertFalse(level.contains(p * 4) && level.contains(p * 4 + 1) && level.contains(p * 4 + 2)
                            && level.contains(p * 4 + 3), "four siblings left at order " + o + " under " + p);
                }
            }
        }
        assertTrue(cov.normalizedMoc(6).get(5).length + cov.normalizedMoc(6).get(4).length > 0,
                "the dense patch collapses to coarser cells");
    }

    @Test
    void serializedCoverageReadsBackEqualAndMergesByUnion() {
        SkyCoverage a = new SkyCoverage(10);
        SkyCoverage b = new SkyCoverage(10);
        a.add(10, 10);
        a.add(359.99, -89.9);
        b.add(10, 10);
        b.add(180, 0);
        SkyCoverage back = SkyCoverage.fromBytes(a.toBytes());
        assertEquals(a.cellCount(), back.cellCount());
        assertEquals(List.of(a.normalizedMoc(10).get(10)).get(0).length, back.normalizedMoc(10).get(10).length);
        back.addAll(b);
        assertEquals(3, back.cellCount());
        assertEquals(3 * HealpixNested.cellAreaDeg2(10), back.areaDeg2(), 1e-12);
        assertTrue(SkyCoverage.fromBytes(new SkyCoverage(4).toBytes()).isEmpty());
    }

    private static void add(SkyCoverage cov, TreeSet<Long> cells, double ra, double dec) {
        double r = ((ra % 360) + 360) % 360;
        cov.add(r, dec);
        cells.add(HealpixNested.cell(8, r, dec));
    }
}

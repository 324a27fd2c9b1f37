package org.desi.catalogs.core.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ZoneIndexTest {

    private final ZoneIndex index = ZoneIndex.withDefaultHeight();

    @Test
    void zonesCoverTheWholeDeclinationRange() {
        assertEquals(0, index.zoneOf(-90));
        assertEquals(3599, index.maxZone());
        assertEquals(3599, index.zoneOf(90));
        assertEquals(1800, index.zoneOf(0));
        assertEquals(1799, index.zoneOf(-1e-12));
    }

    @Test
    void rejectsDeclinationOutsideRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> index.zoneOf(90.5));
        assertTrue(e.getMessage().contains("[-90, 90]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> index.zoneOf(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> index.cone(10, -91, 1));
    }

    @Test
    void rejectsRaOutsideRangeAndBadRadius() {
        assertThrows(IllegalArgumentException.class, () -> index.cone(360, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> index.cone(-0.1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> index.cone(10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> index.cone(10, 0, Double.NaN));
    }

    @Test
    void coneCrossingRaZeroSplitsIntoTwoIntervals() {
        ConeBounds b = index.cone(359.99, 0, 0.1);
        assertEquals(2, b.raRanges().size());
        assertTrue(b.raRanges().stream().anyMatch(r -> r.contains(0.05)));
        assertTrue(b.raRanges().stream().anyMatch(r -> r.contains(359.95)));
        ConeBounds c = index.cone(0.0, 0, 0.1);
        assertEquals(2, c.raRanges().size());
    }

    @Test
    void coneOverAPoleCoversEveryRa() {
        assertTrue(index.cone(123, 89.95, 0.1).coversAllRa());
        assertTrue(index.cone(0, -90, 0.001).coversAllRa());
        assertEquals(index.maxZone(), index.cone(0, 89.99, 0.5).zoneMax());
    }

    /** Seeded property: every point within the radius lies inside the bounds (no false negatives). */
    @Test
    void boundsContainEveryPointInsideTheCone() {
        Random rnd = new Random(20261123L);
        int checked = 0;
        for (int c = 0; c < 2000; c++) {
            double ra = pickRa(rnd);
            double dec = pickDec(rnd);
            double radius = Math.pow(10, -4 + 5.5 * rnd.nextDouble()); // 0.36 arcsec .. ~30 deg
            radius = Math.min(radius, 60);
            ConeBounds b = index.cone(ra, dec, radius);
            for (int p = 0; p < 200; p++) {
                double[] q = pointNear(rnd, ra, dec, radius * 1.2);
                double d = AngularDistance.haversineDeg(ra, dec, q[0], q[1]);
                if (d <= radius) {
                    checked++;
                    int zone = index.zoneOf(q[1]);
                    assertTrue(zone >= b.zoneMin() && zone <= b.zoneMax(),
                            () -> "zone of " + q[1] + " outside " + b + " for cone " + ra + "," + dec + "," + d);
                    assertTrue(b.raRanges().stream().anyMatch(r -> r.contains(q[0])),
                            () -> "ra " + q[0] + " outside " + b.raRanges() + " for cone " + ra + "," + dec);
                }
            }
        }
        assertTrue(checked > 50_000, "too few points fell inside the cones: " + checked);
    }

    private static double pickRa(Random rnd) {
        double u = rnd.nextDouble();
        if (u < 0.1) {
            return 360 - rnd.nextDouble() * 1e-3;   // just below the wrap
        }
        if (u < 0.2) {
            return rnd.nextDouble() * 1e-3;         // just above the wrap
        }
        return rnd.nextDouble() * 360;
    }

    private static double pickDec(Random rnd) {
        double u = rnd.nextDouble();
        if (u < 0.1) {
            return 90 - rnd.nextDouble() * 2;       // near the north pole
        }
        if (u < 0.2) {
            return -90 + rnd.nextDouble() * 2;      // near the south pole
        }
        return Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1));
    }

    /** A random point within roughly maxDeg of the centre, uniformly on the sphere cap. */
    static double[] pointNear(Random rnd, double raDeg, double decDeg, double maxDeg) {
        double rho = Math.toRadians(maxDeg) * Math.sqrt(rnd.nextDouble());
        double theta = 2 * Math.PI * rnd.nextDouble();
        double dec0 = Math.toRadians(decDeg);
        double sinDec = Math.sin(dec0) * Math.cos(rho) + Math.cos(dec0) * Math.sin(rho) * Math.cos(theta);
        double dec = Math.asin(Math.max(-1, Math.min(1, sinDec)));
        double dRa = Math.atan2(Math.sin(theta) * Math.sin(rho) * Math.cos(dec0),
                Math.cos(rho) - Math.sin(dec0) * sinDec);
        double ra = SkyRanges.normaliseRa(raDeg + Math.toDegrees(dRa));
        return new double[] {ra, Math.toDegrees(dec)};
    }
}

package org.desi.catalogs.query.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.desi.catalogs.core.sky.SkyCoverage;
import org.junit.jupiter.api.Test;

class MocSkyMapTest {

    private static final double UNITS_PER_DEG = MocSkyMap.SKY_WIDTH / 360.0;

    @Test
    void raIncreasesToTheLeftWithRa180InTheMiddle() {
        // hand-worked: on the equator x = 2 sqrt2 / pi * lon, so lon = 90 deg -> sqrt 2 plane units = 180 SVG units
        assertPoint(360, 180, MocSkyMap.forward(180, 0));
        assertPoint(180, 180, MocSkyMap.forward(270, 0));   // RA 270: left of the centre
        assertPoint(540, 180, MocSkyMap.forward(90, 0));    // RA 90: right of the centre
        assertPoint(360, 0, MocSkyMap.forward(123, 90));    // north pole at the top
        assertPoint(360, 360, MocSkyMap.forward(5, -90));
        double[] sky = MocSkyMap.inverse(180, 180);
        assertEquals(270, sky[0], 1e-9);
        assertEquals(0, sky[1], 1e-9);
        assertNull(MocSkyMap.inverse(2, 10), "a corner outside the sky's ellipse is no position");
    }

    @Test
    void inverseUndoesForwardOverTheWholeSky() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            double ra = random.nextDouble() * 360;
            double dec = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            double[] p = MocSkyMap.forward(ra, dec);
            double[] back = MocSkyMap.inverse(p[0], p[1]);
            assertEquals(dec, back[1], 1e-7, "dec at " + ra + "," + dec);
            if (Math.abs(dec) < 89.9) {
                assertEquals(0, ((back[0] - ra) % 360 + 540) % 360 - 180, 1e-6, "ra at " + ra + "," + dec);
            }
        }
    }

    /**
     * Two caps of rows, one across RA 0/360 and one around the north pole: every random position well
     * inside a cap is painted where an independent forward projection puts it, none well outside both.
     */
    @Test
    void paintsWhereTheRowsAreAcrossTheRaWrapAndAtThePole() {
        double[][] caps = {{2, -20, 10}, {0, 90, 15}};
        SkyCoverage coverage = new SkyCoverage(10);
        Random random = new Random(7);
        for (int i = 0; i < 400_000; i++) {
            double ra = random.nextDouble() * 360;
            double dec = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            for (double[] cap : caps) {
                if (separationDeg(ra, dec, cap[0], cap[1]) < cap[2]) {
                    coverage.add(ra, dec);
                }
            }
        }
        Set<Long> painted = paintedSamples(MocSkyMap.svg("two caps", coverage, coverage.areaDeg2()));
        int inside = 0;
        int outside = 0;
        for (int i = 0; i < 20_000; i++) {
            double ra = random.nextDouble() * 360;
            double dec = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            double nearest = Double.MAX_VALUE;
            for (double[] cap : caps) {
                nearest = Math.min(nearest, separationDeg(ra, dec, cap[0], cap[1]) - cap[2]);
            }
            double[] p = projectIndependently(ra, dec);
            long sample = sampleOf(p);
            if (sample < 0) {
                continue;   // its sample's centre lies outside the drawn ellipse (the limb)
            }
            if (nearest < -2) {
                assertTrue(painted.contains(sample), "position " + ra + "," + dec + " inside a cap is not painted");
                inside++;
            } else if (nearest > 2) {
                assertFalse(painted.contains(sample), "position " + ra + "," + dec + " outside the caps is painted");
                outside++;
            }
        }
        assertTrue(inside > 100 && outside > 10_000, inside + " inside, " + outside + " outside");
    }

    @Test
    void describesTheAreaForReadersWithoutPictures() {
        SkyCoverage coverage = new SkyCoverage(4);
        coverage.add(150, 2);
        String svg = new String(MocSkyMap.svg("cosmos <field>", coverage, coverage.areaDeg2()), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<title id=\"t\">Sky coverage of cosmos &lt;field&gt;</title>"), svg);
        // one order-4 cell: 41253 / 3072 = 13.4 deg^2
        assertTrue(svg.contains("13.4 deg²"), svg);
        String empty = new String(MocSkyMap.svg("nothing", new SkyCoverage(3), 0), StandardCharsets.UTF_8);
        assertFalse(empty.contains("<rect"), "an empty coverage paints nothing");
    }

    /** Mollweide forward by bisection on 2t + sin 2t = pi sin(lat): independent of the map's Newton step. */
    private static double[] projectIndependently(double raDeg, double decDeg) {
        double lon = Math.toRadians(((raDeg - 180) % 360 + 540) % 360 - 180);
        double target = Math.PI * Math.sin(Math.toRadians(decDeg));
        double lo = -Math.PI / 2;
        double hi = Math.PI / 2;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (2 * mid + Math.sin(2 * mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double theta = (lo + hi) / 2;
        double unitsPerPlane = MocSkyMap.SKY_WIDTH / (4 * Math.sqrt(2));
        return new double[] {360 - 2 * Math.sqrt(2) / Math.PI * lon * Math.cos(theta) * unitsPerPlane,
                180 - Math.sqrt(2) * Math.sin(theta) * unitsPerPlane};
    }

    /** The sample holding a point of the map, or -1 when that sample's centre is outside the ellipse. */
    private static long sampleOf(double[] p) {
        int step = (int) Math.round(MocSkyMap.SAMPLE_DEG * UNITS_PER_DEG);
        long sx = (long) Math.floor(Math.min(p[0], MocSkyMap.SKY_WIDTH - 1e-9) / step);
        long sy = (long) Math.floor(Math.min(p[1], MocSkyMap.SKY_HEIGHT - 1e-9) / step);
        double cx = (sx + 0.5) * step / 360 - 1;
        double cy = (sy + 0.5) * step / 180 - 1;
        return cx * cx + cy * cy < 1 ? sy * 100_000 + sx : -1;
    }

    private static Set<Long> paintedSamples(byte[] svg) {
        int step = (int) Math.round(MocSkyMap.SAMPLE_DEG * UNITS_PER_DEG);
        Matcher m = Pattern.compile("<rect x=\"(\\d+)\" y=\"(\\d+)\" width=\"(\\d+)\" height=\"(\\d+)\"/>")
                .matcher(new String(svg, StandardCharsets.UTF_8));
        Set<Long> out = new HashSet<>();
        while (m.find()) {
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            int w = Integer.parseInt(m.group(3));
            for (int sx = x / step; sx < (x + w) / step; sx++) {
                out.add((long) (y / step) * 100_000 + sx);
            }
        }
        return out;
    }

    private static double separationDeg(double ra1, double dec1, double ra2, double dec2) {
        double r1 = Math.toRadians(ra1);
        double d1 = Math.toRadians(dec1);
        double r2 = Math.toRadians(ra2);
        double d2 = Math.toRadians(dec2);
        double c = Math.sin(d1) * Math.sin(d2) + Math.cos(d1) * Math.cos(d2) * Math.cos(r1 - r2);
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }

    private static void assertPoint(double x, double y, double[] p) {
        assertEquals(x, p[0], 1e-6, "x");
        assertEquals(y, p[1], 1e-6, "y");
    }
}

package org.desi.catalogs.core.sky;

import java.util.List;

/**
 * Declination-zone spatial index usable by a plain B-tree: zone = floor((dec + 90) / zoneHeightDeg).
 * With a B-tree on (zone, ra), a cone becomes one RA range scan per zone plus an exact distance
 * filter, on stock PostgreSQL with no extension.
 */
public final class ZoneIndex {

    /** Zone height used unless a catalog records another one [deg] (3 arcmin). */
    public static final double DEFAULT_ZONE_HEIGHT_DEG = 0.05;

    /** Margin added to the RA half-width so rounding never excludes a boundary object [deg]. */
    private static final double RA_MARGIN_DEG = 1e-9;

    private final double zoneHeightDeg;
    private final int maxZone;

    public ZoneIndex(double zoneHeightDeg) {
        if (!(zoneHeightDeg > 0 && zoneHeightDeg <= 180)) {
            throw new IllegalArgumentException("zone height must be in (0, 180] deg, got " + zoneHeightDeg);
        }
        this.zoneHeightDeg = zoneHeightDeg;
        this.maxZone = (int) Math.floor(180.0 / zoneHeightDeg - 1e-12);
    }

    public static ZoneIndex withDefaultHeight() {
        return new ZoneIndex(DEFAULT_ZONE_HEIGHT_DEG);
    }

    public double zoneHeightDeg() {
        return zoneHeightDeg;
    }

    /** Highest zone number (the zone containing dec = +90). */
    public int maxZone() {
        return maxZone;
    }

    /** Zone of a declination in [-90, 90]; dec = +90 belongs to the last zone. */
    public int zoneOf(double decDeg) {
        if (!(decDeg >= -90 && decDeg <= 90)) {
            throw new IllegalArgumentException("declination must be in [-90, 90] deg, got " + decDeg);
        }
        int zone = (int) Math.floor((decDeg + 90.0) / zoneHeightDeg);
        return Math.min(Math.max(zone, 0), maxZone);
    }

    /**
     * The zones and RA intervals holding every position within {@code radiusDeg} of (raDeg, decDeg).
     *
     * @param raDeg     centre right ascension, [0, 360)
     * @param decDeg    centre declination, [-90, 90]
     * @param radiusDeg cone radius, (0, 180]
     */
    public ConeBounds cone(double raDeg, double decDeg, double radiusDeg) {
        SkyRanges.requireRa(raDeg);
        SkyRanges.requireDec(decDeg);
        if (!(radiusDeg > 0 && radiusDeg <= 180)) {
            throw new IllegalArgumentException("radius must be in (0, 180] deg, got " + radiusDeg);
        }
        double decMin = Math.max(-90.0, decDeg - radiusDeg);
        double decMax = Math.min(90.0, decDeg + radiusDeg);
        int zoneMin = zoneOf(decMin);
        int zoneMax = zoneOf(decMax);
        double halfWidth = raHalfWidthDeg(decDeg, radiusDeg);
        List<RaRange> ra = halfWidth >= 180 ? List.of(new RaRange(0, 360)) : raIntervals(raDeg, halfWidth);
        return new ConeBounds(zoneMin, zoneMax, decMin, decMax, ra);
    }

    /**
     * Half-width in RA of a circle of {@code radiusDeg} around declination {@code decDeg} [deg], with
     * a small safety margin; 180 when the circle contains a pole (every RA).
     */
    public static double raHalfWidthDeg(double decDeg, double radiusDeg) {
        if (Math.abs(decDeg) + radiusDeg >= 90.0 - 1e-9) {
            return 180;
        }
        // Widest RA extent of a small circle: sin(halfWidth) = sin(r) / cos(dec).
        double s = Math.sin(Math.toRadians(radiusDeg)) / Math.cos(Math.toRadians(decDeg));
        return s >= 1 ? 180 : Math.min(180, Math.toDegrees(Math.asin(s)) + RA_MARGIN_DEG);
    }

    private static List<RaRange> raIntervals(double raDeg, double halfWidthDeg) {
        if (halfWidthDeg >= 180) {
            return List.of(new RaRange(0, 360));
        }
        double lo = raDeg - halfWidthDeg;
        double hi = raDeg + halfWidthDeg;
        if (lo < 0) {
            return List.of(new RaRange(0, hi), new RaRange(lo + 360, 360));
        }
        if (hi > 360) {
            return List.of(new RaRange(0, hi - 360), new RaRange(lo, 360));
        }
        return List.of(new RaRange(lo, hi));
    }
}

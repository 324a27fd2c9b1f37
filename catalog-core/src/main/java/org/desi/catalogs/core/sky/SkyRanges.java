package org.desi.catalogs.core.sky;

/** The valid ranges of sky coordinates, checked in one place so every message names them alike. */
public final class SkyRanges {

    private SkyRanges() {
    }

    /** True for a finite RA in [0, 360) deg. */
    public static boolean isValidRa(double raDeg) {
        return raDeg >= 0 && raDeg < 360;
    }

    /** True for a finite declination in [-90, 90] deg. */
    public static boolean isValidDec(double decDeg) {
        return decDeg >= -90 && decDeg <= 90;
    }

    public static void requireRa(double raDeg) {
        if (!isValidRa(raDeg)) {
            throw new IllegalArgumentException("RA must be in [0, 360) deg, got " + raDeg);
        }
    }

    public static void requireDec(double decDeg) {
        if (!isValidDec(decDeg)) {
            throw new IllegalArgumentException("Dec must be in [-90, 90] deg, got " + decDeg);
        }
    }

    /** RA normalised into [0, 360) (VoidFinder writes RA in about [-90, 270)). */
    public static double normaliseRa(double raDeg) {
        double r = raDeg % 360.0;
        if (r < 0) {
            r += 360.0;
        }
        return r >= 360.0 ? 0.0 : r;
    }
}

package org.desi.catalogs.core.sky;

/**
 * Great-circle distance between two sky positions by the haversine formula, which stays accurate
 * for tiny separations (milliarcseconds) where the spherical law of cosines loses all digits.
 * All angles in degrees.
 */
public final class AngularDistance {

    private AngularDistance() {
    }

    /** Separation of (ra1Deg, dec1Deg) and (ra2Deg, dec2Deg) [deg], in [0, 180]. */
    public static double haversineDeg(double ra1Deg, double dec1Deg, double ra2Deg, double dec2Deg) {
        double dec1 = Math.toRadians(dec1Deg);
        double dec2 = Math.toRadians(dec2Deg);
        double sinHalfDDec = Math.sin((dec2 - dec1) / 2);
        double sinHalfDRa = Math.sin(Math.toRadians(ra2Deg - ra1Deg) / 2);
        double h = sinHalfDDec * sinHalfDDec + Math.cos(dec1) * Math.cos(dec2) * sinHalfDRa * sinHalfDRa;
        return Math.toDegrees(2 * Math.asin(Math.sqrt(Math.min(1.0, h))));
    }

    /** Separation in arcseconds. */
    public static double haversineArcsec(double ra1Deg, double dec1Deg, double ra2Deg, double dec2Deg) {
        return haversineDeg(ra1Deg, dec1Deg, ra2Deg, dec2Deg) * 3600.0;
    }
}

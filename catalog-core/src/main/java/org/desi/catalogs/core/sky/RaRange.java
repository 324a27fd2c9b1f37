package org.desi.catalogs.core.sky;

/** A closed right-ascension interval [minDeg, maxDeg] inside [0, 360]. */
public record RaRange(double minDeg, double maxDeg) {

    public RaRange {
        if (!(minDeg >= 0 && maxDeg <= 360 && minDeg <= maxDeg)) {
            throw new IllegalArgumentException("RA range must satisfy 0 <= min <= max <= 360, got ["
                    + minDeg + ", " + maxDeg + "]");
        }
    }

    public boolean contains(double raDeg) {
        return raDeg >= minDeg && raDeg <= maxDeg;
    }
}

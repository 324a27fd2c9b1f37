package org.desi.catalogs.core.match;

import java.util.Arrays;

/**
 * A catalog's positions in columns (id, RA, Dec in degrees), grown as rows arrive. Columnar arrays
 * keep a million rows in 24 MB and let the matcher scan them without per-object allocation.
 */
public final class SkyPositions {

    private long[] ids;
    private double[] raDeg;
    private double[] decDeg;
    private int size;

    public SkyPositions(int expectedRows) {
        int n = Math.max(16, expectedRows);
        ids = new long[n];
        raDeg = new double[n];
        decDeg = new double[n];
    }

    /** Adds one object: RA in [0, 360), Dec in [-90, 90] (checked by the caller's validation). */
    public void add(long id, double ra, double dec) {
        if (size == ids.length) {
            int n = size * 2;
            ids = Arrays.copyOf(ids, n);
            raDeg = Arrays.copyOf(raDeg, n);
            decDeg = Arrays.copyOf(decDeg, n);
        }
        ids[size] = id;
        raDeg[size] = ra;
        decDeg[size] = dec;
        size++;
    }

    public int size() {
        return size;
    }

    public long id(int i) {
        return ids[i];
    }

    public double raDeg(int i) {
        return raDeg[i];
    }

    public double decDeg(int i) {
        return decDeg[i];
    }
}

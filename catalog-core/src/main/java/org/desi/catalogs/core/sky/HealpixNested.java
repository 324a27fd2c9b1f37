package org.desi.catalogs.core.sky;

/**
 * HEALPix pixel numbers in the NESTED scheme (Górski et al. 2005, ApJ 622, 759), written from the
 * paper's projection: the 12 base faces, each split into 4^order cells; cell k of a face interleaves
 * the bits of its (x, y) position (x in the even bits). Order 0..29; order N has nside = 2^N.
 */
public final class HealpixNested {

    /** The deepest order a 64-bit NUNIQ can hold (IVOA MOC 2.0). */
    public static final int MAX_ORDER = 29;
    private static final double TWO_THIRDS = 2.0 / 3.0;
    private static final double FULL_SKY_DEG2 = 4 * Math.PI * Math.toDegrees(1) * Math.toDegrees(1);

    private HealpixNested() {
    }

    /** Number of cells on the sky at {@code order}: 12 * 4^order. */
    public static long cellCount(int order) {
        checkOrder(order);
        return 12L << (2 * order);
    }

    /** Area of one cell at {@code order} [deg^2] (all cells have the same area). */
    public static double cellAreaDeg2(int order) {
        return FULL_SKY_DEG2 / cellCount(order);
    }

    /** The NUNIQ number of cell {@code cell} at {@code order}: 4 * 4^order + cell (MOC 2.0). */
    public static long nuniq(int order, long cell) {
        return (4L << (2 * order)) + cell;
    }

    /**
     * The nested cell holding the position.
     *
     * @param raDeg  right ascension [deg], any value (taken modulo 360)
     * @param decDeg declination [deg], -90..90
     */
    public static long cell(int order, double raDeg, double decDeg) {
        checkOrder(order);
        if (!(decDeg >= -90 && decDeg <= 90) || !Double.isFinite(raDeg)) {
            throw new IllegalArgumentException("position (" + raDeg + ", " + decDeg
                    + ") deg outside RA finite, Dec -90..90");
        }
        long nside = 1L << order;
        double decRad = Math.toRadians(decDeg);
        double z = Math.sin(decRad);
        double za = Math.abs(z);
        double ra = raDeg % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        double tt = ra / 90.0;   // 0..4: the quarter of the sky in longitude
        if (tt >= 4.0) {
            tt = 0.0;
        }
        int face;
        long ix;
        long iy;
        if (za <= TWO_THIRDS) {   // equatorial belt: the faces are squares in (tt, z)
            double t1 = nside * (0.5 + tt);
            double t2 = nside * z * 0.75;
            long jp = (long) (t1 - t2);   // index of the ascending edge line
            long jm = (long) (t1 + t2);   // index of the descending edge line
            long ifp = jp >> order;
            long ifm = jm >> order;
            face = (int) (ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
            ix = jm & (nside - 1);
            iy = nside - (jp & (nside - 1)) - 1;
        } else {   // polar caps: the faces are triangles folded onto squares
            int ntt = Math.min(3, (int) tt);
            double tp = tt - ntt;
            // near the pole 1 - |z| loses digits; cos(dec) keeps them
            double tmp = za < 0.99 ? nside * Math.sqrt(3 * (1 - za))
                    : nside * Math.cos(decRad) / Math.sqrt((1 + za) / 3);
            long jp = Math.min(nside - 1, (long) (tp * tmp));
            long jm = Math.min(nside - 1, (long) ((1.0 - tp) * tmp));
            if (z >= 0) {
                face = ntt;
                ix = nside - jm - 1;
                iy = nside - jp - 1;
            } else {
                face = ntt + 8;
                ix = jp;
                iy = jm;
            }
        }
        return ((long) face << (2 * order)) + interleave(ix) + (interleave(iy) << 1);
    }

    /** Spreads the bits of {@code v} (< 2^29) to the even bit positions. */
    private static long interleave(long v) {
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    private static void checkOrder(int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("HEALPix order " + order + " outside 0.." + MAX_ORDER);
        }
    }
}

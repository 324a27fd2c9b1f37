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

    /** Ring index of each base cell's northernmost corner, in units of nside (Górski et al. 2005). */
    private static final int[] FACE_RING = {2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4};
    /** Longitude index of each base cell's centre, in units of 45 deg. */
    private static final int[] FACE_LONGITUDE = {1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7};

    /**
     * The greatest angular distance [deg] from a cell's centre to any point of the cell, over every cell
     * of orders 0..8, rounded up with a margin of 1% (HealpixNestedTest samples every cell's boundary up to
     * order 6, and random points at all of them, to hold these to it).
     */
    static final double[] MAX_CELL_RADIUS_DEG = {48.672, 27.862, 14.718, 7.548, 3.821,
            1.922, 0.964, 0.483, 0.242};

    /** The centre of {@code cell} at {@code order}: {raDeg, decDeg}. */
    public static double[] centre(int order, long cell) {
        return pointIn(order, cell, 0.5, 0.5);
    }

    /**
     * The position {raDeg, decDeg} at fractional place ({@code fx}, {@code fy}) of {@code cell} (each 0..1
     * along the cell's two sides; 0.5, 0.5 is its centre): the inverse of {@link #cell}'s projection.
     */
    static double[] pointIn(int order, long cell, double fx, double fy) {
        checkOrder(order);
        long nside = 1L << order;
        int face = (int) (cell >>> (2 * order));
        if (cell < 0 || face > 11) {
            throw new IllegalArgumentException("cell " + cell + " outside 0.." + (cellCount(order) - 1));
        }
        long inFace = cell & ((1L << (2 * order)) - 1);
        double x = (compact(inFace) + fx) / nside;
        double y = (compact(inFace >>> 1) + fy) / nside;
        double ring = FACE_RING[face] - x - y;   // 0 (north pole) .. 4 (south pole)
        double nr;
        double z;
        if (ring < 1) {   // north polar cap
            nr = ring;
            z = 1 - nr * nr / 3;
        } else if (ring > 3) {   // south polar cap
            nr = 4 - ring;
            z = nr * nr / 3 - 1;
        } else {   // equatorial belt
            nr = 1;
            z = (2 - ring) * 2 / 3;
        }
        double t = FACE_LONGITUDE[face] * nr + x - y;
        if (t < 0) {
            t += 8;
        } else if (t >= 8) {
            t -= 8;
        }
        double raDeg = nr < 1e-15 ? 0 : 45.0 * t / nr;
        return new double[] {raDeg, Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, z))))};
    }

    /**
     * The cells at {@code order} (0..8) that may hold a point within {@code radiusDeg} of (raDeg, decDeg):
     * every cell that does, and some near it that do not (a cell is kept when its centre lies within the
     * radius plus {@link #MAX_CELL_RADIUS_DEG} of the cone's centre, tested from order 0 down, four children at a
     * time). Ascending.
     */
    public static long[] cellsNearCone(int order, double raDeg, double decDeg, double radiusDeg) {
        if (order < 0 || order >= MAX_CELL_RADIUS_DEG.length) {
            throw new IllegalArgumentException("cone cells at order " + order + " outside 0.."
                    + (MAX_CELL_RADIUS_DEG.length - 1));
        }
        long[] level = new long[12];
        int n = 0;
        for (long c = 0; c < 12; c++) {
            if (near(0, c, raDeg, decDeg, radiusDeg)) {
                level[n++] = c;
            }
        }
        for (int o = 1; o <= order; o++) {
            long[] next = new long[4 * n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                for (long child = 4 * level[i]; child < 4 * level[i] + 4; child++) {
                    if (near(o, child, raDeg, decDeg, radiusDeg)) {
                        next[m++] = child;
                    }
                }
            }
            level = next;
            n = m;
        }
        return java.util.Arrays.copyOf(level, n);
    }

    private static boolean near(int order, long cell, double raDeg, double decDeg, double radiusDeg) {
        double[] c = centre(order, cell);
        return AngularDistance.haversineDeg(c[0], c[1], raDeg, decDeg) <= radiusDeg + MAX_CELL_RADIUS_DEG[order];
    }

    /** Gathers the even bits of {@code v} (the inverse of {@link #interleave}). */
    private static long compact(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
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

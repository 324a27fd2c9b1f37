package org.desi.catalogs.core.match;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.desi.catalogs.core.sky.ZoneIndex;

/**
 * Sky cross-match of two catalogs within a radius: every pair ({@link Mode#ALL}) or, per left
 * object, the nearest right object ({@link Mode#BEST}; ties go to the smaller right id).
 *
 * <p>Contract: a pair (l, r) is reported when the great-circle separation is at most
 * {@code radiusArcsec}; separations are exact (chord of unit vectors, {@code 2 asin(c / 2)}, which
 * equals the haversine distance and keeps its precision for milliarcsecond separations). Correct
 * across RA 0/360 and at the poles. Pairs come out grouped by left object (in declination-zone order).
 *
 * <p>How: the right catalog is bucketed into declination zones one radius high and sorted by RA
 * within each zone; a left object then scans at most a few zones over an RA window of
 * {@link ZoneIndex#raHalfWidthDeg}, comparing squared chords (no trigonometry in the inner loop).
 */
public final class SkyMatcher {

    /** All pairs within the radius, or only the nearest right object per left object. */
    public enum Mode { ALL, BEST }

    /** Receives matches: left id, right id, separation [arcsec]. */
    @FunctionalInterface
    public interface PairSink {
        void pair(long leftId, long rightId, double separationArcsec);
    }

    /** Smallest and largest radius the engine accepts [arcsec]. */
    public static final double MIN_RADIUS_ARCSEC = 0.01;
    public static final double MAX_RADIUS_ARCSEC = 3600.0;

    /** RA window margin covering the fixed-point RA sort order [deg]. */
    private static final double RA_SLACK_DEG = 1e-7;
    private static final double RA_FIXED_SCALE = (1L << 37) / 360.0;

    private final double radiusArcsec;
    private final double radiusDeg;
    private final double maxChord2;
    private final Mode mode;

    public SkyMatcher(double radiusArcsec, Mode mode) {
        if (!(radiusArcsec >= MIN_RADIUS_ARCSEC && radiusArcsec <= MAX_RADIUS_ARCSEC)) {
            throw new IllegalArgumentException("radiusArcsec must be in [" + MIN_RADIUS_ARCSEC + ", "
                    + MAX_RADIUS_ARCSEC + "] arcsec, got " + radiusArcsec);
        }
        this.radiusArcsec = radiusArcsec;
        this.radiusDeg = radiusArcsec / 3600.0;
        double chord = 2 * Math.sin(Math.toRadians(radiusDeg) / 2);
        this.maxChord2 = chord * chord;
        this.mode = mode;
    }

    public double radiusArcsec() {
        return radiusArcsec;
    }

    /** Matches every left object against {@code right} in this thread; returns the number of pairs reported. */
    public long match(SkyPositions left, SkyPositions right, PairSink sink) {
        return match(left, right, 1, t -> sink);
    }

    /**
     * Matches on {@code threads} threads: the right index is built in parallel and the left objects
     * are split into {@code threads} contiguous runs of declination zones; thread {@code t} reports
     * to {@code sinks.apply(t)} (so sinks need no locking). Returns the number of pairs reported.
     */
    public long match(SkyPositions left, SkyPositions right, int threads, IntFunction<PairSink> sinks) {
        int t = Math.max(1, threads);
        Index idx = new Index(right, Math.max(radiusDeg, 10.0 / 3600), t);
        // visit the left objects in zone order: the right arrays are then read almost sequentially
        // instead of at random (cache misses dominated the time)
        int[] order = zoneRaOrder(left, idx.zones, new int[idx.zones.maxZone() + 2], false);
        long[] pairs = new long[t];
        Parallel.run(t, order.length, (thread, from, to) -> {
            PairSink sink = sinks.apply(thread);
            long n = 0;
            for (int k = from; k < to; k++) {
                int i = order[k];
                n += matchOne(left.id(i), left.raDeg(i), left.decDeg(i), idx, sink);
            }
            pairs[thread] = n;
        });
        long total = 0;
        for (long n : pairs) {
            total += n;
        }
        return total;
    }

    /**
     * Row numbers of {@code p} sorted by zone and, if {@code sortRa}, by RA within it; {@code zoneStart} (length maxZone + 2) receives
     * where each zone begins. Counting sort by zone, then each zone sorted by fixed-point RA (37
     * bits, sign bit clear) with the row's place in the zone in the low 26 bits; RA ties below
     * 2.7e-9 deg may come out of order, which RA_SLACK_DEG covers.
     */
    private static int[] zoneRaOrder(SkyPositions p, ZoneIndex zones, int[] zoneStart, boolean sortRa) {
        int n = p.size();
        int nz = zones.maxZone() + 1;
        int[] zoneOf = new int[n];
        for (int i = 0; i < n; i++) {
            zoneOf[i] = zones.zoneOf(p.decDeg(i));
            zoneStart[zoneOf[i] + 1]++;
        }
        for (int zz = 0; zz < nz; zz++) {
            zoneStart[zz + 1] += zoneStart[zz];
        }
        int[] fill = Arrays.copyOf(zoneStart, nz);
        int[] byZone = new int[n];
        for (int i = 0; i < n; i++) {
            byZone[fill[zoneOf[i]]++] = i;
        }
        if (!sortRa) {
            return byZone;
        }
        int[] order = new int[n];
        long[] keys = new long[0];
        for (int zz = 0; zz < nz; zz++) {
            int from = zoneStart[zz];
            int len = zoneStart[zz + 1] - from;
            if (len == 0) {
                continue;
            }
            if (len > (1 << 26)) {
                throw new IllegalArgumentException("more than 2^26 objects in one zone; split the partition");
            }
            if (keys.length < len) {
                keys = new long[Math.max(len, keys.length * 2)];
            }
            for (int j = 0; j < len; j++) {
                long fixed = Math.min((1L << 37) - 1, (long) (p.raDeg(byZone[from + j]) * RA_FIXED_SCALE));
                keys[j] = (fixed << 26) | j;
            }
            Arrays.sort(keys, 0, len);
            for (int j = 0; j < len; j++) {
                order[from + j] = byZone[from + (int) (keys[j] & ((1 << 26) - 1))];
            }
        }
        return order;
    }

    private int matchOne(long leftId, double ra, double dec, Index idx, PairSink sink) {
        double raRad = Math.toRadians(ra);
        double decRad = Math.toRadians(dec);
        double cosDec = Math.cos(decRad);
        double x = cosDec * Math.cos(raRad);
        double y = cosDec * Math.sin(raRad);
        double z = Math.sin(decRad);
        int zoneMin = idx.zones.zoneOf(Math.max(-90.0, dec - radiusDeg));
        int zoneMax = idx.zones.zoneOf(Math.min(90.0, dec + radiusDeg));
        double halfWidth = ZoneIndex.raHalfWidthDeg(dec, radiusDeg);
        int found = 0;
        long bestId = 0;
        double bestChord2 = Double.POSITIVE_INFINITY;
        for (int zone = zoneMin; zone <= zoneMax; zone++) {
            int from = idx.zoneStart[zone];
            int to = idx.zoneStart[zone + 1];
            if (from == to) {
                continue;
            }
            // up to two RA windows (the circle may straddle RA 0/360)
            double lo = ra - halfWidth - RA_SLACK_DEG;
            double hi = ra + halfWidth + RA_SLACK_DEG;
            int windows;
            double lo2 = 0;
            double hi2 = -1;
            if (halfWidth >= 180) {
                lo = -1;
                hi = 361;
                windows = 1;
            } else if (lo < 0) {
                lo2 = lo + 360;
                hi2 = 361;
                lo = -1;
                windows = 2;
            } else if (hi >= 360) {
                lo2 = -1;
                hi2 = hi - 360;
                hi = 361;
                windows = 2;
            } else {
                windows = 1;
            }
            for (int w = 0; w < windows; w++) {
                double wLo = w == 0 ? lo : lo2;
                double wHi = w == 0 ? hi : hi2;
                for (int k = lowerBound(idx.ra, from, to, wLo); k < to && idx.ra[k] <= wHi; k++) {
                    double dx = idx.x[k] - x;
                    double dy = idx.y[k] - y;
                    double dz = idx.z[k] - z;
                    double c2 = dx * dx + dy * dy + dz * dz;
                    if (c2 > maxChord2) {
                        continue;
                    }
                    if (mode == Mode.ALL) {
                        sink.pair(leftId, idx.id[k], separationArcsec(c2));
                        found++;
                    } else if (c2 < bestChord2 || (c2 == bestChord2 && idx.id[k] < bestId)) {
                        bestChord2 = c2;
                        bestId = idx.id[k];
                    }
                }
            }
        }
        if (mode == Mode.BEST && bestChord2 != Double.POSITIVE_INFINITY) {
            sink.pair(leftId, bestId, separationArcsec(bestChord2));
            found = 1;
        }
        return found;
    }

    /** Great-circle separation [arcsec] from a squared chord between unit vectors. */
    static double separationArcsec(double chord2) {
        return Math.toDegrees(2 * Math.asin(Math.min(1.0, Math.sqrt(chord2) / 2))) * 3600.0;
    }

    private static int lowerBound(double[] a, int from, int to, double v) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The right catalog bucketed by zone and sorted by RA within each zone, with unit vectors. */
    private static final class Index {
        final ZoneIndex zones;
        final int[] zoneStart;
        final double[] ra;
        final double[] x;
        final double[] y;
        final double[] z;
        final long[] id;

        Index(SkyPositions p, double zoneHeightDeg, int threads) {
            zones = new ZoneIndex(zoneHeightDeg);
            int n = p.size();
            zoneStart = new int[zones.maxZone() + 2];
            int[] order = zoneRaOrder(p, zones, zoneStart, true);
            ra = new double[n];
            x = new double[n];
            y = new double[n];
            z = new double[n];
            id = new long[n];
            Parallel.run(threads, n, (thread, from, to) -> {
                for (int k = from; k < to; k++) {
                    int row = order[k];
                    double raRad = Math.toRadians(p.raDeg(row));
                    double decRad = Math.toRadians(p.decDeg(row));
                    double cosDec = Math.cos(decRad);
                    ra[k] = p.raDeg(row);
                    x[k] = cosDec * Math.cos(raRad);
                    y[k] = cosDec * Math.sin(raRad);
                    z[k] = Math.sin(decRad);
                    id[k] = p.id(row);
                }
            });
        }
    }
}

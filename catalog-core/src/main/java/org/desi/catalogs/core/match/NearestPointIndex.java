package org.desi.catalogs.core.match;

/**
 * Exact nearest neighbour (k = 1, Euclidean) among fixed points in comoving space [Mpc/h]: a
 * balanced k-d tree, split at the median of the widest axis, leaves of up to {@value #LEAF} points.
 * A query descends to the query's leaf, then visits other nodes only while the distance from the
 * query to the node's region (tracked incrementally, Arya and Mount) can still beat the best found,
 * so points far outside the cloud, or in large empty regions of it, cost about as much as points
 * inside it, unlike a uniform grid whose search grows with the empty space crossed.
 *
 * <p>Ties (two points at exactly the same distance) go to the lower point index, i.e. the earlier
 * row of the input: the answer never depends on the tree's shape. Immutable after construction,
 * so one instance serves any number of threads.
 */
public final class NearestPointIndex {

    static final int LEAF = 16;

    private final int n;
    /** Coordinates in tree order, interleaved (x, y, z of point i at 3i..3i+2): a leaf is one cache run. */
    private final double[] xyz;
    /** Original index of each point in tree order. */
    private final int[] order;
    /** Per internal node (heap numbering, root 0): split axis 0/1/2, or -1 for a leaf. */
    private final byte[] axis;
    /** Per internal node: the split coordinate; points in [lo, mid) are &lt;= it, [mid, hi) are &gt;= it. */
    private final double[] split;
    /** Tree-order position of each original index (inverse of {@code order}). */
    private final int[] positions;

    /**
     * Indexes the points (x[i], y[i], z[i]) [Mpc/h], all finite; any number of points, also none. The
     * arrays are copied.
     */
    public NearestPointIndex(double[] x, double[] y, double[] z) {
        if (x.length != y.length || x.length != z.length) {
            throw new IllegalArgumentException("x, y, z must have the same length");
        }
        n = x.length;
        for (int i = 0; i < n; i++) {
            if (!(Double.isFinite(x[i]) && Double.isFinite(y[i]) && Double.isFinite(z[i]))) {
                throw new IllegalArgumentException("point " + i + " is not finite: " + x[i] + ", " + y[i] + ", " + z[i]);
            }
        }
        xyz = new double[3 * n];
        for (int i = 0; i < n; i++) {
            xyz[3 * i] = x[i];
            xyz[3 * i + 1] = y[i];
            xyz[3 * i + 2] = z[i];
        }
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int nodes = 1;
        while (leafCapacity(nodes) < n) {
            nodes = nodes * 2 + 1;
        }
        axis = new byte[nodes];
        split = new double[nodes];
        build(0, 0, n);
        positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[order[i]] = i;
        }
    }

    /** Points a complete tree of {@code nodes} nodes holds in its leaves. */
    private static long leafCapacity(int nodes) {
        return (long) ((nodes + 1) / 2) * LEAF;
    }

    public int size() {
        return n;
    }

    private void build(int node, int lo, int hi) {
        if (hi - lo <= LEAF || 2 * node + 2 >= axis.length) {
            axis[node] = -1;
            return;
        }
        double minX = Double.POSITIVE_INFINITY, minY = minX, minZ = minX;
        double maxX = Double.NEGATIVE_INFINITY, maxY = maxX, maxZ = maxX;
        for (int i = lo; i < hi; i++) {
            minX = Math.min(minX, xyz[3 * i]);
            maxX = Math.max(maxX, xyz[3 * i]);
            minY = Math.min(minY, xyz[3 * i + 1]);
            maxY = Math.max(maxY, xyz[3 * i + 1]);
            minZ = Math.min(minZ, xyz[3 * i + 2]);
            maxZ = Math.max(maxZ, xyz[3 * i + 2]);
        }
        double ex = maxX - minX;
        double ey = maxY - minY;
        double ez = maxZ - minZ;
        int a = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
        int mid = (lo + hi) >>> 1;
        select(a, lo, hi - 1, mid);
        axis[node] = (byte) a;
        split[node] = coord(a, mid);
        build(2 * node + 1, lo, mid);
        build(2 * node + 2, mid, hi);
    }

    private double coord(int a, int i) {
        return xyz[3 * i + a];
    }

    /** Quickselect: puts the k-th smallest coordinate on axis a of [lo, hi] at k. */
    private void select(int a, int lo, int hi, int k) {
        while (hi > lo) {
            // median of three as pivot keeps sorted or clustered inputs from the quadratic case
            int m = (lo + hi) >>> 1;
            if (coord(a, m) < coord(a, lo)) {
                swap(m, lo);
            }
            if (coord(a, hi) < coord(a, lo)) {
                swap(hi, lo);
            }
            if (coord(a, hi) < coord(a, m)) {
                swap(hi, m);
            }
            double pivot = coord(a, m);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (coord(a, i) < pivot) {
                    i++;
                }
                while (coord(a, j) > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private void swap(int i, int j) {
        for (int a = 0; a < 3; a++) {
            double t = xyz[3 * i + a];
            xyz[3 * i + a] = xyz[3 * j + a];
            xyz[3 * j + a] = t;
        }
        int o = order[i];
        order[i] = order[j];
        order[j] = o;
    }

    /** A query's running answer; one per call, so queries share nothing. */
    private static final class Best {
        int index = -1;
        double d2 = Double.POSITIVE_INFINITY;
    }

    /**
     * The index (in the constructor's arrays) of the point nearest to (px, py, pz) [Mpc/h], the lower
     * index on ties; -1 when the index holds no points or the query is not finite.
     */
    public int nearest(double px, double py, double pz) {
        if (n == 0 || !(Double.isFinite(px) && Double.isFinite(py) && Double.isFinite(pz))) {
            return -1;
        }
        Best best = new Best();
        search(0, 0, n, px, py, pz, 0.0, 0.0, 0.0, 0.0, best);
        return best.index;
    }

    /** Squared distance [(Mpc/h)^2] from (px, py, pz) to point {@code index} of the constructor's arrays. */
    public double distanceSquared(int index, double px, double py, double pz) {
        int i = 3 * treePosition(index);
        double dx = xyz[i] - px;
        double dy = xyz[i + 1] - py;
        double dz = xyz[i + 2] - pz;
        return dx * dx + dy * dy + dz * dz;
    }

    private int treePosition(int index) {
        return positions[index];
    }

    /**
     * Visits node {@code node} holding tree positions [lo, hi). {@code rd} is the squared distance from
     * the query to the node's region; ox, oy, oz are its per-axis offsets (0 where the query lies within).
     */
    private void search(int node, int lo, int hi, double px, double py, double pz, double rd, double ox, double oy,
                        double oz, Best best) {
        if (axis[node] < 0) {
            for (int i = lo; i < hi; i++) {
                double dx = xyz[3 * i] - px;
                double dy = xyz[3 * i + 1] - py;
                double dz = xyz[3 * i + 2] - pz;
                double d2 = dx * dx + dy * dy + dz * dz;
                if (d2 < best.d2 || (d2 == best.d2 && order[i] < best.index)) {
                    best.d2 = d2;
                    best.index = order[i];
                }
            }
            return;
        }
        int a = axis[node];
        double q = a == 0 ? px : a == 1 ? py : pz;
        double diff = q - split[node];
        int mid = (lo + hi) >>> 1;
        int left = 2 * node + 1;
        int right = left + 1;
        // near child first; the far child's region is at least |diff| away along this axis
        double old = a == 0 ? ox : a == 1 ? oy : oz;
        double farRd = rd - old * old + diff * diff;
        if (diff <= 0) {
            search(left, lo, mid, px, py, pz, rd, ox, oy, oz, best);
            if (farRd <= best.d2) {
                search(right, mid, hi, px, py, pz, farRd, a == 0 ? diff : ox, a == 1 ? diff : oy, a == 2 ? diff : oz, best);
            }
        } else {
            search(right, mid, hi, px, py, pz, rd, ox, oy, oz, best);
            if (farRd <= best.d2) {
                search(left, lo, mid, px, py, pz, farRd, a == 0 ? diff : ox, a == 1 ? diff : oy, a == 2 ? diff : oz, best);
            }
        }
    }
}

package org.desi.catalogs.core.match;

import java.util.Arrays;

/**
 * Spheres in comoving space [Mpc/h] on a uniform grid: each sphere is listed in every cell it
 * intersects, so the spheres containing a point are among those of the point's own cell. Built once
 * per void catalog; queries allocate nothing.
 *
 * <p>Cells are about as large as the median sphere, not the largest: in a catalog whose holes crowd
 * (DESIVAST's VoidFinder holes overlap by construction) a cell as large as the biggest hole held tens
 * of spheres, and a query tested them all. A cell's spheres lie side by side in flat arrays (centre,
 * radius squared), so a query reads one contiguous run of memory. Spheres may be grouped (the holes
 * of one void): a query then reports a group once, with the first of its spheres found to contain the
 * point, and skips the group's other spheres in that cell.
 */
public final class SphereIndex {

    /** Visits the index of each sphere that contains the point (with groups: one sphere per group). */
    @FunctionalInterface
    public interface Visitor {
        void contains(int sphere);
    }

    /** The most cells the grid may have (4 bytes each): the cell grows until the grid fits. */
    private static final long MAX_CELLS = 1L << 21;
    /** The most (cell, sphere) entries (40 bytes each, so at most 40 MB): the cell grows until they fit. */
    private static final long MAX_ENTRIES = 1L << 20;
    /** Added to a radius when deciding which cells a sphere touches, so rounding never drops a cell. */
    private static final double MARGIN = 1e-6;

    private final int size;
    private final double minX;
    private final double minY;
    private final double minZ;
    private final double cellMpcPerH;
    private final int nx;
    private final int ny;
    private final int nz;
    /** Cell c's entries are [cellStart[c], cellStart[c + 1]). */
    private final int[] cellStart;
    /** Per entry: x, y, z, r^2 of its sphere. */
    private final double[] entryXyzR2;
    private final int[] entrySphere;
    /** Per entry: its sphere's group (null: no groups). */
    private final int[] entryGroup;

    /** @param radiusMpcPerH all radii &gt; 0 */
    public SphereIndex(double[] xMpcPerH, double[] yMpcPerH, double[] zMpcPerH, double[] radiusMpcPerH) {
        this(xMpcPerH, yMpcPerH, zMpcPerH, radiusMpcPerH, null);
    }

    /**
     * @param radiusMpcPerH all radii &gt; 0
     * @param group per sphere, its group (e.g. the void a hole belongs to), or null for none
     */
    public SphereIndex(double[] xMpcPerH, double[] yMpcPerH, double[] zMpcPerH, double[] radiusMpcPerH,
                       int[] group) {
        size = radiusMpcPerH.length;
        if (size == 0) {
            minX = minY = minZ = 0;
            cellMpcPerH = 1;
            nx = ny = nz = 0;
            cellStart = new int[1];
            entryXyzR2 = new double[0];
            entrySphere = new int[0];
            entryGroup = null;
            return;
        }
        double loX = Double.POSITIVE_INFINITY;
        double loY = Double.POSITIVE_INFINITY;
        double loZ = Double.POSITIVE_INFINITY;
        double hiX = Double.NEGATIVE_INFINITY;
        double hiY = Double.NEGATIVE_INFINITY;
        double hiZ = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            double r = radiusMpcPerH[i] + MARGIN;
            loX = Math.min(loX, xMpcPerH[i] - r);
            loY = Math.min(loY, yMpcPerH[i] - r);
            loZ = Math.min(loZ, zMpcPerH[i] - r);
            hiX = Math.max(hiX, xMpcPerH[i] + r);
            hiY = Math.max(hiY, yMpcPerH[i] + r);
            hiZ = Math.max(hiZ, zMpcPerH[i] + r);
        }
        minX = loX;
        minY = loY;
        minZ = loZ;
        double[] sorted = radiusMpcPerH.clone();
        Arrays.sort(sorted);
        double cell = Math.max(sorted[size / 2], 1e-3);
        while (cells(hiX - loX, cell) * cells(hiY - loY, cell) * cells(hiZ - loZ, cell) > MAX_CELLS
                || entriesAtMost(radiusMpcPerH, cell) > MAX_ENTRIES) {
            cell *= 1.25;
        }
        cellMpcPerH = cell;
        nx = (int) cells(hiX - loX, cell);
        ny = (int) cells(hiY - loY, cell);
        nz = (int) cells(hiZ - loZ, cell);

        // spheres taken in (group, index) order, so each cell's list comes out in that order: a query
        // skips the rest of a group after a hit, and without groups visits spheres in index order
        long[] byGroup = new long[size];
        for (int i = 0; i < size; i++) {
            byGroup[i] = ((long) (group == null ? 0 : group[i]) << 32) | i;
        }
        Arrays.sort(byGroup);
        int[] order = new int[size];
        for (int k = 0; k < size; k++) {
            order[k] = (int) byGroup[k];
        }
        // two passes over the (cell, sphere) pairs: count per cell, then fill (CSR)
        int cellCount = nx * ny * nz;
        int[] count = new int[cellCount + 1];
        forEachCell(order, xMpcPerH, yMpcPerH, zMpcPerH, radiusMpcPerH, (c, i) -> count[c + 1]++);
        for (int c = 0; c < cellCount; c++) {
            count[c + 1] += count[c];
        }
        cellStart = count.clone();
        int entries = cellStart[cellCount];
        entryXyzR2 = new double[entries * 4];
        entrySphere = new int[entries];
        entryGroup = group == null ? null : new int[entries];
        int[] next = count;
        forEachCell(order, xMpcPerH, yMpcPerH, zMpcPerH, radiusMpcPerH, (c, i) -> entrySphere[next[c]++] = i);
        for (int k = 0; k < entries; k++) {
            int i = entrySphere[k];
            entryXyzR2[4 * k] = xMpcPerH[i];
            entryXyzR2[4 * k + 1] = yMpcPerH[i];
            entryXyzR2[4 * k + 2] = zMpcPerH[i];
            entryXyzR2[4 * k + 3] = radiusMpcPerH[i] * radiusMpcPerH[i];
            if (entryGroup != null) {
                entryGroup[k] = group[i];
            }
        }
    }

    private static long cells(double extentMpcPerH, double cell) {
        return Math.max(1, (long) Math.ceil(extentMpcPerH / cell));
    }

    /** An upper bound of the (cell, sphere) entries: each sphere's bounding box in cells. */
    private static long entriesAtMost(double[] radii, double cell) {
        long n = 0;
        for (double r : radii) {
            long k = (long) Math.ceil(2 * (r + MARGIN) / cell) + 1;
            n += k * k * k;
        }
        return n;
    }

    private interface CellSink {
        void add(int cell, int sphere);
    }

    /** Every cell a sphere intersects (its bounding box's cells, less those its surface misses). */
    private void forEachCell(int[] order, double[] x, double[] y, double[] z, double[] radius, CellSink sink) {
        for (int i : order) {
            double r = radius[i] + MARGIN;
            int x0 = axisCell(x[i] - r, minX, nx);
            int x1 = axisCell(x[i] + r, minX, nx);
            int y0 = axisCell(y[i] - r, minY, ny);
            int y1 = axisCell(y[i] + r, minY, ny);
            int z0 = axisCell(z[i] - r, minZ, nz);
            int z1 = axisCell(z[i] + r, minZ, nz);
            for (int cx = x0; cx <= x1; cx++) {
                double dx = gap(x[i], minX + cx * cellMpcPerH);
                for (int cy = y0; cy <= y1; cy++) {
                    double dy = gap(y[i], minY + cy * cellMpcPerH);
                    for (int cz = z0; cz <= z1; cz++) {
                        double dz = gap(z[i], minZ + cz * cellMpcPerH);
                        if (dx * dx + dy * dy + dz * dz <= r * r) {
                            sink.add((cx * ny + cy) * nz + cz, i);
                        }
                    }
                }
            }
        }
    }

    /** Distance from {@code v} to the interval [lo, lo + cell] (0 inside), a little short to stay on the safe side. */
    private double gap(double v, double lo) {
        double hi = lo + cellMpcPerH;
        double d = v < lo ? lo - v : v > hi ? v - hi : 0;
        return Math.max(0, d - MARGIN * cellMpcPerH);
    }

    /** The cell along one axis of coordinate {@code v}, clamped to the grid. */
    private int axisCell(double v, double min, int n) {
        return (int) Math.max(0, Math.min(n - 1, Math.floor((v - min) / cellMpcPerH)));
    }

    public int size() {
        return size;
    }

    /** Calls {@code visitor} for each sphere containing (px, py, pz) (on the surface counts as inside). */
    public void containing(double px, double py, double pz, Visitor visitor) {
        double fx = Math.floor((px - minX) / cellMpcPerH);
        double fy = Math.floor((py - minY) / cellMpcPerH);
        double fz = Math.floor((pz - minZ) / cellMpcPerH);
        // outside the grid (or NaN): no sphere reaches the point
        if (!(fx >= 0 && fx < nx && fy >= 0 && fy < ny && fz >= 0 && fz < nz)) {
            return;
        }
        int c = ((int) fx * ny + (int) fy) * nz + (int) fz;
        int end = cellStart[c + 1];
        double[] e = entryXyzR2;
        for (int k = cellStart[c]; k < end; k++) {
            double dx = px - e[4 * k];
            double dy = py - e[4 * k + 1];
            double dz = pz - e[4 * k + 2];
            if (dx * dx + dy * dy + dz * dz <= e[4 * k + 3]) {
                visitor.contains(entrySphere[k]);
                if (entryGroup != null) {
                    int g = entryGroup[k];
                    while (k + 1 < end && entryGroup[k + 1] == g) {
                        k++;
                    }
                }
            }
        }
    }
}

package org.desi.catalogs.core.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spheres in comoving space [Mpc/h] on a uniform grid whose cells are as large as the biggest
 * sphere: each sphere is listed in every cell its bounding box touches, so the spheres containing a
 * point are among those of the point's own cell. Built once per void catalog; queries allocate nothing.
 */
public final class SphereIndex {

    /** Visits the index of each sphere that contains the point. */
    @FunctionalInterface
    public interface Visitor {
        void contains(int sphere);
    }

    private final double[] x;
    private final double[] y;
    private final double[] z;
    private final double[] r2;
    private final double cell;
    private final Map<Long, int[]> cells = new HashMap<>();

    /** @param radiusMpcPerH all radii &gt; 0 */
    public SphereIndex(double[] xMpcPerH, double[] yMpcPerH, double[] zMpcPerH, double[] radiusMpcPerH) {
        int n = radiusMpcPerH.length;
        this.x = xMpcPerH.clone();
        this.y = yMpcPerH.clone();
        this.z = zMpcPerH.clone();
        this.r2 = new double[n];
        double maxR = 1.0;
        for (int i = 0; i < n; i++) {
            r2[i] = radiusMpcPerH[i] * radiusMpcPerH[i];
            maxR = Math.max(maxR, radiusMpcPerH[i]);
        }
        this.cell = maxR;
        Map<Long, List<Integer>> build = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double r = radiusMpcPerH[i];
            for (long cx = cellOf(x[i] - r); cx <= cellOf(x[i] + r); cx++) {
                for (long cy = cellOf(y[i] - r); cy <= cellOf(y[i] + r); cy++) {
                    for (long cz = cellOf(z[i] - r); cz <= cellOf(z[i] + r); cz++) {
                        build.computeIfAbsent(key(cx, cy, cz), k -> new ArrayList<>()).add(i);
                    }
                }
            }
        }
        build.forEach((k, v) -> cells.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    }

    public int size() {
        return r2.length;
    }

    private long cellOf(double v) {
        return (long) Math.floor(v / cell);
    }

    private static long key(long cx, long cy, long cz) {
        return ((cx & 0x1fffff) << 42) | ((cy & 0x1fffff) << 21) | (cz & 0x1fffff);
    }

    /** Calls {@code visitor} for each sphere containing (px, py, pz) (on the surface counts as inside). */
    public void containing(double px, double py, double pz, Visitor visitor) {
        int[] candidates = cells.get(key(cellOf(px), cellOf(py), cellOf(pz)));
        if (candidates == null) {
            return;
        }
        for (int i : candidates) {
            double dx = px - x[i];
            double dy = py - y[i];
            double dz = pz - z[i];
            if (dx * dx + dy * dy + dz * dz <= r2[i]) {
                visitor.contains(i);
            }
        }
    }
}

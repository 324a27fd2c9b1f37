package org.desi.catalogs.core.match;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * VoidFinder membership: a galaxy is in a void when it lies inside any hole of it (the void is the
 * union of its holes, not the maximal sphere alone). If holes of two voids contain it, the void
 * whose centre is nearer in units of its effective radius wins. A void flagged EDGE != 0 gives
 * {@code edge_void}. Distance and R/R_eff are measured to the maximal sphere's centre.
 */
public final class VoidFinderMembership extends ComovingMembership {

    /** A hole: centre and radius [Mpc/h], and its void. */
    public record Hole(double x, double y, double z, double radius, int voidId) {
    }

    /** A void (MAXIMALS row): centre [Mpc/h], effective radius [Mpc/h], EDGE flag. */
    public record Void(int voidId, double x, double y, double z, double rEff, int edge) {
    }

    private final SphereIndex holes;
    private final int[] holeVoid;
    private final Map<Integer, Void> voids = new HashMap<>();

    public VoidFinderMembership(Cosmology cosmology, Volume volume, List<Void> voidList, List<Hole> holeList) {
        super(cosmology, volume);
        for (Void v : voidList) {
            voids.put(v.voidId(), v);
        }
        int n = holeList.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] z = new double[n];
        double[] r = new double[n];
        holeVoid = new int[n];
        for (int i = 0; i < n; i++) {
            Hole h = holeList.get(i);
            if (!voids.containsKey(h.voidId())) {
                throw new IllegalArgumentException("hole " + i + " belongs to void " + h.voidId() + ", which is unknown");
            }
            x[i] = h.x();
            y[i] = h.y();
            z[i] = h.z();
            r[i] = h.radius();
            holeVoid[i] = h.voidId();
        }
        holes = new SphereIndex(x, y, z, r);
    }

    @Override
    Placement placeAt(long targetId, double px, double py, double pz) {
        Void[] best = new Void[1];
        double[] bestRatio = {Double.POSITIVE_INFINITY};
        holes.containing(px, py, pz, hole -> {
            Void v = voids.get(holeVoid[hole]);
            double ratio = distance(v, px, py, pz) / v.rEff();
            if (best[0] == null || ratio < bestRatio[0]) {
                best[0] = v;
                bestRatio[0] = ratio;
            }
        });
        if (best[0] == null) {
            return Placement.WALL;
        }
        Void v = best[0];
        return new Placement(v.edge() != 0 ? Environment.EDGE_VOID : Environment.VOID, v.voidId(),
                distance(v, px, py, pz), bestRatio[0]);
    }

    private static double distance(Void v, double px, double py, double pz) {
        return distance(v.x(), v.y(), v.z(), px, py, pz);
    }
}

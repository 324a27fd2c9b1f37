package org.desi.catalogs.core.match;

import java.util.List;
import org.desi.catalogs.core.match.VoidMembership.Environment;

/**
 * VoidFinder membership: a galaxy is in a void when it lies inside any hole of it (the void is the
 * union of its holes, not the maximal sphere alone). If holes of two voids contain it, the void
 * whose centre is nearer in units of its effective radius wins. A void flagged EDGE != 0 gives
 * {@code edge_void}. A galaxy in no hole is a wall galaxy and gets the void whose maximal-sphere
 * centre is nearest. Distance and R/R_eff are measured to the maximal sphere's centre.
 */
public final class VoidFinderMembership extends ComovingMembership {

    /** A hole: centre and radius [Mpc/h], and its void. */
    public record Hole(double x, double y, double z, double radius, int voidId) {
    }

    /** A void (MAXIMALS row): centre [Mpc/h], effective radius [Mpc/h], EDGE flag. */
    public record Void(int voidId, double x, double y, double z, double rEff, int edge) {
    }

    private final SphereIndex holes;
    /** Per hole: the position of its void in {@link #voids}. */
    private final int[] holeVoid;
    private final Void[] voids;
    private final VoidCentres centres;

    public VoidFinderMembership(Cosmology cosmology, Volume volume, List<Void> voidList, List<Hole> holeList) {
        super(cosmology, volume);
        voids = voidList.toArray(new Void[0]);
        centres = new VoidCentres(voids, Void::voidId, Void::x, Void::y, Void::z, Void::rEff);
        int n = holeList.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] z = new double[n];
        double[] r = new double[n];
        holeVoid = new int[n];
        for (int i = 0; i < n; i++) {
            Hole h = holeList.get(i);
            Integer v = centres.position(h.voidId());
            if (v == null) {
                throw new IllegalArgumentException("hole " + i + " belongs to void " + h.voidId() + ", which is unknown");
            }
            x[i] = h.x();
            y[i] = h.y();
            z[i] = h.z();
            r[i] = h.radius();
            holeVoid[i] = v;
        }
        // grouped by void: a galaxy inside several holes of one void is measured against that void once
        holes = new SphereIndex(x, y, z, r, holeVoid);
    }

    @Override
    Placement placeAt(long targetId, double px, double py, double pz) {
        int[] best = {-1};
        double[] bestRatio = {Double.POSITIVE_INFINITY};
        holes.containing(px, py, pz, hole -> {
            Void v = voids[holeVoid[hole]];
            double ratio = distance(v.x(), v.y(), v.z(), px, py, pz) / v.rEff();
            if (ratio < bestRatio[0] || (ratio == bestRatio[0] && holeVoid[hole] < best[0])) {
                best[0] = holeVoid[hole];
                bestRatio[0] = ratio;
            }
        });
        if (best[0] < 0) {
            return centres.nearest(Environment.WALL, px, py, pz);
        }
        return centres.in(best[0], voids[best[0]].edge() != 0 ? Environment.EDGE_VOID : Environment.VOID, px, py, pz);
    }
}

package org.desi.catalogs.core.match;

import org.desi.catalogs.core.match.VoidMembership.Environment;
import org.desi.catalogs.core.match.VoidMembership.Placement;

/**
 * The centres and effective radii of a catalog's voids [Mpc/h], for the void nearest to a galaxy
 * that is in none (Euclidean distance to the centre; ties to the earlier void in the list) and for
 * R/R_eff. Immutable.
 */
final class VoidCentres {

    private final int[] ids;
    private final double[] x;
    private final double[] y;
    private final double[] z;
    private final double[] rEff;
    private final NearestPointIndex index;

    VoidCentres(int[] ids, double[] x, double[] y, double[] z, double[] rEffMpcPerH) {
        this.ids = ids.clone();
        this.x = x.clone();
        this.y = y.clone();
        this.z = z.clone();
        this.rEff = rEffMpcPerH.clone();
        this.index = new NearestPointIndex(x, y, z);
    }

    /** The galaxy at (px, py, pz) in void number {@code i} of the list, with {@code environment}. */
    Placement in(int i, Environment environment, double px, double py, double pz) {
        double d = ComovingMembership.distance(x[i], y[i], z[i], px, py, pz);
        return new Placement(environment, ids[i], d, d / rEff[i]);
    }

    /** The galaxy at (px, py, pz) with {@code environment} and the void whose centre is nearest. */
    Placement nearest(Environment environment, double px, double py, double pz) {
        int i = index.nearest(px, py, pz);
        return i < 0 ? new Placement(environment, -1, Double.NaN, Double.NaN) : in(i, environment, px, py, pz);
    }
}

package org.desi.catalogs.core.match;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.desi.catalogs.core.match.VoidMembership.Environment;
import org.desi.catalogs.core.match.VoidMembership.Placement;

/**
 * The centres and effective radii of a catalog's voids [Mpc/h], for the void nearest to a galaxy
 * that is in none (Euclidean distance to the centre; ties to the earlier void in the list) and for
 * R/R_eff. Immutable.
 */
final class VoidCentres {

    private final Map<Integer, Integer> positions = new HashMap<>();
    private final int[] ids;
    private final double[] x;
    private final double[] y;
    private final double[] z;
    private final double[] rEff;
    private final NearestPointIndex index;

    /** The centres of {@code voids}, read with the accessors (id, centre [Mpc/h], effective radius [Mpc/h]). */
    <T> VoidCentres(T[] voids, ToIntFunction<T> id, ToDoubleFunction<T> cx, ToDoubleFunction<T> cy,
                    ToDoubleFunction<T> cz, ToDoubleFunction<T> rEffMpcPerH) {
        int n = voids.length;
        ids = new int[n];
        x = new double[n];
        y = new double[n];
        z = new double[n];
        rEff = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = id.applyAsInt(voids[i]);
            x[i] = cx.applyAsDouble(voids[i]);
            y[i] = cy.applyAsDouble(voids[i]);
            z[i] = cz.applyAsDouble(voids[i]);
            rEff[i] = rEffMpcPerH.applyAsDouble(voids[i]);
            positions.putIfAbsent(ids[i], i);
        }
        index = new NearestPointIndex(x, y, z);
    }

    /** The position in the list of the void with id {@code voidId}, or null. */
    Integer position(int voidId) {
        return positions.get(voidId);
    }

    double[] x() {
        return x;
    }

    double[] y() {
        return y;
    }

    double[] z() {
        return z;
    }

    double[] rEff() {
        return rEff;
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

package org.desi.catalogs.core.match;

import org.desi.catalogs.core.match.VoidMembership.Environment;
import org.desi.catalogs.core.match.VoidMembership.Placement;
import org.desi.catalogs.core.sample.SampleV2Catalog;
import org.desi.catalogs.core.sample.VoidCatalogFiles;

/**
 * The reference for V2 placement, written from FORMATS.md and VAST's {@code point_query_V2} without
 * any of the engine's code but the redshift-distance table: scan every tracer for the nearest (the
 * earlier row on ties), honour OUT and EDGE, then ZONEVOID[zone].VOID0; wall galaxies scan every
 * void centre. Quadratic: for tests only.
 */
public final class V2BruteForce {

    static final Cosmology COSMO = new Cosmology(SampleV2Catalog.OMEGA_M);

    private V2BruteForce() {
    }

    /** Environment, void id, distance and R/R_eff of one galaxy of the sample, by brute force. */
    public static Placement place(SampleV2Catalog s, SampleV2Catalog.Galaxy g) {
        double d = COSMO.comovingDistanceMpcPerH(g.z());
        if (d < SampleV2Catalog.D_MIN_MPC_PER_H || d > SampleV2Catalog.D_MAX_MPC_PER_H) {
            return Placement.OUTSIDE;
        }
        double[] p = new double[3];
        Cosmology.cartesian(g.raDeg(), g.decDeg(), d, p);
        VoidCatalogFiles.V2Galaxy tracer = null;
        for (VoidCatalogFiles.V2Galaxy t : s.tracers()) {
            if (t.targetId() == g.targetId()) {
                tracer = t;
                break;
            }
        }
        if (tracer == null) {
            double best = Double.POSITIVE_INFINITY;
            for (VoidCatalogFiles.V2Galaxy t : s.tracers()) {   // list order: the earlier row wins a tie
                double d2 = sq(t.x() - p[0]) + sq(t.y() - p[1]) + sq(t.z() - p[2]);
                if (d2 < best) {
                    best = d2;
                    tracer = t;
                }
            }
        }
        if (tracer.out() == 1) {
            return Placement.OUTSIDE;
        }
        int void0 = -1;
        for (VoidCatalogFiles.V2Zone z : s.zones()) {
            if (z.zone() == tracer.zone()) {
                void0 = z.void0();
            }
        }
        VoidCatalogFiles.V2Void v = null;
        if (void0 >= 0) {
            for (VoidCatalogFiles.V2Void c : s.voids()) {
                if (c.voidId() == void0) {
                    v = c;
                }
            }
            boolean edge = tracer.edge() == 1 || v.edgeArea() / v.totArea() > 0.1;
            double dist = Math.sqrt(sq(v.x() - p[0]) + sq(v.y() - p[1]) + sq(v.z() - p[2]));
            return new Placement(edge ? Environment.EDGE_VOID : Environment.VOID, v.voidId(), dist, dist / v.radius());
        }
        double best = Double.POSITIVE_INFINITY;
        for (VoidCatalogFiles.V2Void c : s.voids()) {
            double dist = Math.sqrt(sq(c.x() - p[0]) + sq(c.y() - p[1]) + sq(c.z() - p[2]));
            if (dist < best) {
                best = dist;
                v = c;
            }
        }
        return new Placement(tracer.edge() == 1 ? Environment.EDGE : Environment.WALL, v.voidId(), best,
                best / v.radius());
    }

    private static double sq(double v) {
        return v * v;
    }

}

package org.desi.catalogs.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.desi.catalogs.core.match.VoidMembership.Environment;
import org.desi.catalogs.core.match.VoidMembership.Placement;
import org.desi.catalogs.core.match.VoidMembership.Volume;
import org.desi.catalogs.core.sample.VoidCatalogFiles;
import org.desi.catalogs.testsupport.SharedData;
import org.junit.jupiter.api.Test;

/** Void membership on VAST's own VoidFinder test holes, by hand-computed cases and against brute force. */
class VoidMembershipTest {

    static final Cosmology COSMO = new Cosmology(0.315);

    /** Converts a comoving point [Mpc/h] to (ra, dec, z) the way a galaxy catalog would give it. */
    static double[] sky(double x, double y, double z) {
        double d = Math.sqrt(x * x + y * y + z * z);
        double ra = (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
        double dec = Math.toDegrees(Math.asin(z / d));
        return new double[] {ra, dec, COSMO.redshiftAt(d)};
    }

    static Placement place(VoidMembership m, double x, double y, double z) {
        double[] s = sky(x, y, z);
        return m.place(1, s[0], s[1], s[2]);
    }

    static VoidFinderMembership vast(Volume volume) throws Exception {
        List<VoidCatalogFiles.Hole> holes = VoidCatalogFiles.readVastHoles(
                SharedData.file("vast/test_galaxies_redshift_holes_truth.txt"));
        List<VoidCatalogFiles.Maximal> maximals = VoidCatalogFiles.readVastMaximals(
                SharedData.file("vast/test_galaxies_redshift_maximal_truth.txt"));
        List<VoidFinderMembership.Void> voids = new ArrayList<>();
        for (VoidCatalogFiles.Maximal m : maximals) {
            voids.add(new VoidFinderMembership.Void(m.voidId(), m.x(), m.y(), m.z(), m.radius(), m.edge()));
        }
        List<VoidFinderMembership.Hole> hs = new ArrayList<>();
        for (VoidCatalogFiles.Hole h : holes) {
            hs.add(new VoidFinderMembership.Hole(h.x(), h.y(), h.z(), h.radius(), h.voidId()));
        }
        return new VoidFinderMembership(COSMO, volume, voids, hs);
    }

    @Test
    void handComputedCasesOnVastTestHoles() throws Exception {
        VoidFinderMembership m = vast(Volume.UNBOUNDED);
        // 1. the centre of the first hole = void 0's maximal sphere (x y z r = 25.017 7.996 0.0073 2.486), EDGE 2
        Placement p = place(m, 25.017016927430227, 7.996470587726249, 0.007344861657872043);
        assertEquals(Environment.EDGE_VOID, p.environment());
        assertEquals(0, p.voidId());
        assertEquals(0.0, p.distanceMpcPerH(), 1e-4);
        // 2. 2.0 Mpc/h from that centre along -z: inside the 2.486 Mpc/h hole; R/R_eff = 2.0 / 2.486
        p = place(m, 25.017016927430227, 7.996470587726249, 0.007344861657872043 - 2.0);
        assertEquals(0, p.voidId());
        assertEquals(2.0, p.distanceMpcPerH(), 1e-4);
        assertEquals(2.0 / 2.4859290661880356, p.rOverReff(), 1e-4);
        // 3. the second void's maximal sphere (9.956 2.971 -1.053, r 1.445, EDGE 1), 1.0 Mpc/h off along +z
        p = place(m, 9.956228769337919, 2.9713455404740627, -1.0526691501772054 + 1.0);
        assertEquals(Environment.EDGE_VOID, p.environment());
        assertEquals(1, p.voidId());
        // 4. 40 Mpc/h away from every hole: a wall galaxy, which still knows its nearest void (by centre)
        p = place(m, 60, 10, 5);
        assertEquals(Environment.WALL, p.environment());
        List<VoidCatalogFiles.Maximal> maximals = VoidCatalogFiles.readVastMaximals(
                SharedData.file("vast/test_galaxies_redshift_maximal_truth.txt"));
        VoidCatalogFiles.Maximal nearest = null;
        double nearestD = Double.POSITIVE_INFINITY;
        for (VoidCatalogFiles.Maximal v : maximals) {
            double d = Math.sqrt(Math.pow(60 - v.x(), 2) + Math.pow(10 - v.y(), 2) + Math.pow(5 - v.z(), 2));
            if (d < nearestD) {
                nearestD = d;
                nearest = v;
            }
        }
        assertEquals(nearest.voidId(), p.voidId());
        assertEquals(nearestD, p.distanceMpcPerH(), 1e-4);
        assertEquals(nearestD / nearest.radius(), p.rOverReff(), 1e-5);
        // 5. beyond the catalog's far limit: outside its volume, even though inside a hole
        p = place(vast(new Volume(0, 20)), 25.017016927430227, 7.996470587726249, 0.007344861657872043);
        assertEquals(Environment.OUTSIDE, p.environment());
    }

    @Test
    void agreesWithBruteForceUnionOfHoles() throws Exception {
        VoidFinderMembership m = vast(Volume.UNBOUNDED);
        List<VoidCatalogFiles.Hole> holes = VoidCatalogFiles.readVastHoles(
                SharedData.file("vast/test_galaxies_redshift_holes_truth.txt"));
        Random rnd = new Random(17);
        int inside = 0;
        for (int i = 0; i < 20_000; i++) {
            double x = 5 + rnd.nextDouble() * 25;
            double y = rnd.nextDouble() * 12;
            double z = -5 + rnd.nextDouble() * 10;
            int expected = -1;
            for (VoidCatalogFiles.Hole h : holes) {
                double dx = x - h.x();
                double dy = y - h.y();
                double dz = z - h.z();
                double d2 = dx * dx + dy * dy + dz * dz;
                // stay clear of hole surfaces, where the z round trip could decide either way
                if (Math.abs(Math.sqrt(d2) - h.radius()) < 1e-6) {
                    expected = -2;
                    break;
                }
                if (d2 <= h.radius() * h.radius()) {
                    expected = h.voidId();
                }
            }
            if (expected == -2) {
                continue;
            }
            Placement p = place(m, x, y, z);
            assertEquals(expected >= 0, p.inVoid(), "point " + x + ", " + y + ", " + z);
            inside += p.inVoid() ? 1 : 0;
        }
        assertTrue(inside > 100, "the sample must hit the holes: " + inside);
    }

    @Test
    void aGalaxyInHolesOfManyVoidsGetsTheVoidWithTheSmallestROverReffAsBruteForceFindsIt() {
        // crowded along a pencil beam, as the benchmark's sample catalog: a galaxy lies in tens of voids
        Random rnd = new Random(23);
        List<VoidFinderMembership.Void> voids = new ArrayList<>();
        List<VoidFinderMembership.Hole> holes = new ArrayList<>();
        for (int v = 0; v < 400; v++) {
            double x = 50 + rnd.nextDouble() * 200;
            double y = rnd.nextGaussian();
            double z = rnd.nextGaussian();
            double r = 4 + rnd.nextDouble() * 8;
            voids.add(new VoidFinderMembership.Void(1000 + v, x, y, z, r, v % 5 == 0 ? 1 : 0));
            holes.add(new VoidFinderMembership.Hole(x, y, z, r, 1000 + v));
            for (int h = rnd.nextInt(4); h > 0; h--) {
                holes.add(new VoidFinderMembership.Hole(x + rnd.nextGaussian() * r * 0.5, y + rnd.nextGaussian() * r * 0.5,
                        z + rnd.nextGaussian() * r * 0.5, r * (0.5 + 0.4 * rnd.nextDouble()), 1000 + v));
            }
        }
        VoidFinderMembership m = new VoidFinderMembership(COSMO, Volume.UNBOUNDED, voids, holes);
        int crowded = 0;
        for (int i = 0; i < 5_000; i++) {
            double px = 40 + rnd.nextDouble() * 220;
            double py = rnd.nextGaussian() * 3;
            double pz = rnd.nextGaussian() * 3;
            int best = -1;
            double bestRatio = Double.POSITIVE_INFINITY;
            int in = 0;
            for (VoidFinderMembership.Hole h : holes) {
                double dx = px - h.x();
                double dy = py - h.y();
                double dz = pz - h.z();
                if (dx * dx + dy * dy + dz * dz <= h.radius() * h.radius()) {
                    in++;
                    VoidFinderMembership.Void v = voids.get(h.voidId() - 1000);
                    double ratio = Math.sqrt(Math.pow(px - v.x(), 2) + Math.pow(py - v.y(), 2) + Math.pow(pz - v.z(), 2))
                            / v.rEff();
                    if (ratio < bestRatio || (ratio == bestRatio && h.voidId() < best)) {
                        best = h.voidId();
                        bestRatio = ratio;
                    }
                }
            }
            crowded += in >= 10 ? 1 : 0;
            Placement p = m.placeAt(i, px, py, pz);
            if (best < 0) {
                assertEquals(Environment.WALL, p.environment());
                continue;
            }
            assertEquals(best, p.voidId(), "point " + px + ", " + py + ", " + pz);
            assertEquals(voids.get(best - 1000).edge() != 0 ? Environment.EDGE_VOID : Environment.VOID, p.environment());
            assertEquals(bestRatio, p.rOverReff(), 1e-12);
        }
        assertTrue(crowded > 1_000, "galaxies inside ten holes or more: " + crowded);
    }

    @Test
    void v2EffectiveSphereRuleUsesZonesForTracersAndEffectiveSpheresOtherwise() {
        List<V2Membership.Void> voids = List.of(
                new V2Membership.Void(0, 100, 0, 0, 10, 500, 0),      // interior
                new V2Membership.Void(1, 0, 100, 0, 8, 400, 100));    // 25% of its surface on the edge
        Map<Integer, Integer> zoneVoid = Map.of(0, 0, 1, 1, 2, -1);
        Map<Long, Integer> tracers = Map.of(1001L, 0, 1002L, 1, 1003L, 2);
        V2Membership m = V2Membership.effectiveSphere(COSMO, Volume.UNBOUNDED, voids, zoneVoid, tracers);
        double[] s = sky(150, 0, 0);   // far from both spheres, but tracer 1001's zone is in void 0
        Placement p = m.place(1001, s[0], s[1], s[2]);
        assertEquals(Environment.VOID, p.environment());
        assertEquals(0, p.voidId());
        assertEquals(50, p.distanceMpcPerH(), 1e-4);
        assertEquals(5.0, p.rOverReff(), 1e-5);
        s = sky(0, 101, 0);
        assertEquals(Environment.EDGE_VOID, m.place(1002, s[0], s[1], s[2]).environment());
        s = sky(100, 1, 0);            // inside void 0's sphere, but tracer 1003's zone has no void
        assertEquals(Environment.WALL, m.place(1003, s[0], s[1], s[2]).environment());
        Placement nonTracer = m.place(5, s[0], s[1], s[2]);   // not a tracer: effective sphere of void 0
        assertEquals(0, nonTracer.voidId());
        assertEquals(0.1, nonTracer.rOverReff(), 1e-5);
        s = sky(45, 50, 0);            // in no sphere; void 1's centre (0, 100, 0) is the nearer
        Placement wall = m.place(6, s[0], s[1], s[2]);
        assertEquals(Environment.WALL, wall.environment());
        assertEquals(1, wall.voidId());
        assertEquals(Math.sqrt(45 * 45 + 50 * 50), wall.distanceMpcPerH(), 1e-4);
        assertEquals(Math.sqrt(45 * 45 + 50 * 50) / 8, wall.rOverReff(), 1e-5);
    }
}

package org.desi.catalogs.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.core.match.VoidMembership.Environment;
import org.desi.catalogs.core.match.VoidMembership.Placement;
import org.desi.catalogs.core.match.VoidMembership.Volume;
import org.desi.catalogs.core.sample.SampleV2Catalog;
import org.junit.jupiter.api.Test;

/** V2 membership by VAST's rule (nearest tracer in comoving space) against {@link V2BruteForce}. */
class V2MembershipTest {

    static final Cosmology COSMO = new Cosmology(SampleV2Catalog.OMEGA_M);

    static V2Membership engine(SampleV2Catalog s, V2Membership.Rule rule) {
        return s.membership(rule);
    }

    @Test
    void nearestTracerPlacementEqualsBruteForce() {
        SampleV2Catalog s = SampleV2Catalog.generate(20261130L, 6_000, 4_000);
        V2Membership m = engine(s, V2Membership.Rule.NEAREST_TRACER);
        Map<Environment, Integer> seen = new EnumMap<>(Environment.class);
        int nonTracersInVoids = 0;
        for (SampleV2Catalog.Galaxy g : s.galaxies()) {
            Placement expected = V2BruteForce.place(s, g);
            Placement got = m.place(g.targetId(), g.raDeg(), g.decDeg(), g.z());
            String what = "galaxy " + g.targetId() + " at " + g.raDeg() + ", " + g.decDeg() + ", z " + g.z();
            assertEquals(expected.environment(), got.environment(), what);
            assertEquals(expected.voidId(), got.voidId(), what);
            if (expected.voidId() >= 0) {
                assertEquals(expected.distanceMpcPerH(), got.distanceMpcPerH(), 1e-9, what);
                assertEquals(expected.rOverReff(), got.rOverReff(), 1e-9, what);
            }
            seen.merge(got.environment(), 1, Integer::sum);
            if (g.targetId() >= SampleV2Catalog.FIRST_OTHER_TARGETID && got.inVoid()) {
                nonTracersInVoids++;
            }
        }
        // the sample exercises every outcome, non-tracers included
        for (Environment e : Environment.values()) {
            assertTrue(seen.getOrDefault(e, 0) > 10, "too few " + e + ": " + seen);
        }
        assertTrue(nonTracersInVoids > 100, "non-tracers in voids: " + nonTracersInVoids);
    }

    @Test
    void theEffectiveSphereRuleIsADifferentAnswerAndOnlyOnRequest() {
        SampleV2Catalog s = SampleV2Catalog.generate(7L, 3_000, 3_000);
        V2Membership vast = engine(s, V2Membership.Rule.NEAREST_TRACER);
        V2Membership sphere = engine(s, V2Membership.Rule.EFFECTIVE_SPHERE);
        int differ = 0;
        for (SampleV2Catalog.Galaxy g : s.galaxies()) {
            Placement a = vast.place(g.targetId(), g.raDeg(), g.decDeg(), g.z());
            Placement b = sphere.place(g.targetId(), g.raDeg(), g.decDeg(), g.z());
            if (g.targetId() < SampleV2Catalog.FIRST_OTHER_TARGETID) {
                assertEquals(a, b, "tracers are placed by their own zone under both rules");
            } else if (a.inVoid() != b.inVoid()) {
                differ++;
            }
        }
        assertTrue(differ > 50, "the rules should disagree on non-tracers of this sample: " + differ);
        assertEquals(V2Membership.Rule.NEAREST_TRACER, V2Membership.Rule.parse(null));
        assertEquals(V2Membership.Rule.EFFECTIVE_SPHERE, V2Membership.Rule.parse(" Effective-Sphere "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> V2Membership.Rule.parse("sphere"));
        assertTrue(e.getMessage().contains("'nearest-tracer'"), e.getMessage());
    }

    @Test
    void handWorkedTracerFlags() {
        // void 7 centred at (200, 0, 0), R_eff 10; zone 0 -> void 7, zone 1 -> none
        List<V2Membership.Void> voids = List.of(new V2Membership.Void(7, 200, 0, 0, 10, 100, 0));
        Map<Integer, Integer> zoneVoid = Map.of(0, 7, 1, -1);
        V2Membership.Tracers t = new V2Membership.Tracers(new long[] {1, 2, 3, 4},
                new double[] {200, 230, 260, 170}, new double[4], new double[4], new int[] {0, 1, 1, -1},
                new boolean[] {false, false, true, false}, new boolean[] {false, false, false, true});
        V2Membership m = new V2Membership(COSMO, Volume.UNBOUNDED, voids, zoneVoid, t, V2Membership.Rule.NEAREST_TRACER);
        // a non-tracer at x = 212: nearest tracer is 1 (12 away; tracer 2 is 18 away) -> void 7, 12 / 10
        Placement p = at(m, 99, 212);
        assertEquals(new Placement(Environment.VOID, 7, 12, 1.2).toString(), round(p).toString());
        // x = 216: nearest is tracer 2 (zone 1, no void) -> wall, nearest void 7 at 16
        assertEquals(new Placement(Environment.WALL, 7, 16, 1.6).toString(), round(at(m, 99, 216)).toString());
        // x = 250: tracer 3, EDGE -> edge (undetermined), still with its nearest void
        assertEquals(Environment.EDGE, at(m, 99, 250).environment());
        // x = 180: tracer 4 is OUT -> outside, whatever its zone says
        assertEquals(Placement.OUTSIDE, at(m, 99, 180));
        // tracer 2 itself at x = 200 (inside void 7's sphere): its own zone decides -> wall
        assertEquals(Environment.WALL, at(m, 2, 200).environment());
        // a file with the VOIDS column EDGE instead of the areas: EDGE = 1 makes an edge void
        V2Membership flagged = new V2Membership(COSMO, Volume.UNBOUNDED,
                List.of(new V2Membership.Void(7, 200, 0, 0, 10, Double.NaN, Double.NaN, 1)), zoneVoid, t,
                V2Membership.Rule.NEAREST_TRACER);
        assertEquals(Environment.EDGE_VOID, at(flagged, 99, 212).environment());
    }

    private static Placement at(V2Membership m, long targetId, double x) {
        return m.place(targetId, 0.0, 0.0, COSMO.redshiftAt(x));
    }

    private static Placement round(Placement p) {
        return new Placement(p.environment(), p.voidId(), Math.round(p.distanceMpcPerH() * 1e6) / 1e6,
                Math.round(p.rOverReff() * 1e6) / 1e6);
    }
}

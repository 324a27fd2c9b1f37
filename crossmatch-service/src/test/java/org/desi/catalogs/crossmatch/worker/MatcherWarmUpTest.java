package org.desi.catalogs.crossmatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.core.match.VoidFinderMembership;
import org.desi.catalogs.core.match.VoidMembership;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/** The warm-up's position read and galaxy placement, and the reader they warm, against PostgreSQL's own rows. */
class MatcherWarmUpTest {

    @Test
    void theWarmUpReadsEveryComputedPosition() throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.READER)) {
            assertEquals((long) MatcherWarmUp.READ_PASSES * MatcherWarmUp.READ_ROWS, MatcherWarmUp.readPositions(c));
        }
    }

    @Test
    void theWarmUpPlacesEveryComputedGalaxy() throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.READER)) {
            assertEquals((long) MatcherWarmUp.READ_PASSES * MatcherWarmUp.READ_ROWS, MatcherWarmUp.placeGalaxies(c));
        }
    }

    /**
     * The warm-up must take every branch a real catalog does, or C2 compiles the branch it never took as a
     * trap and a pod's first job runs interpreted until recompiled: galaxies without a usable redshift,
     * outside the radial limits, in a void, an edge void, a wall, beyond every hole, and in holes of several
     * voids (where the void with the smaller R/R_eff wins).
     */
    @Test
    void theWarmUpsGalaxiesTakeEveryPlacementBranch() throws Exception {
        VoidMembership engine = MatcherWarmUp.placementEngine();
        Cosmology cosmology = new Cosmology(0.315);
        for (VoidFinderMembership.Hole h : MatcherWarmUp.placementCatalog().holes()) {
            assertTrue(h.x() - h.radius() > -100, "a hole reaches x < -100: " + h);   // see beyondEveryHole
        }
        Map<String, Integer> seen = new TreeMap<>();
        List<double[]> seenPositions = new ArrayList<>();   // comoving, of band galaxies in the volume
        try (Connection c = TestDatabase.connect(TestDatabase.READER)) {
            PositionReader.read(c, MatcherWarmUp.PLACEMENT_GALAXIES_SQL, true, (id, ra, dec, z) -> {
                String branch;
                if (!(z >= 0 && z <= 10)) {
                    branch = "no usable z";
                } else {
                    VoidMembership.Placement p = engine.place(id, ra, dec, z);
                    double d = cosmology.comovingDistanceMpcPerH(z);
                    if (id % 4 == 0 && p.environment() != VoidMembership.Environment.OUTSIDE) {
                        double cosDec = Math.cos(Math.toRadians(dec));
                        seenPositions.add(new double[] {d * cosDec * Math.cos(Math.toRadians(ra)),
                                d * cosDec * Math.sin(Math.toRadians(ra)), d * Math.sin(Math.toRadians(dec))});
                    }
                    branch = p.environment() == VoidMembership.Environment.OUTSIDE ? "outside the radial limits"
                            : p.environment() == VoidMembership.Environment.WALL
                            ? (beyondEveryHole(ra, dec, d) ? "wall beyond every hole" : "wall among holes")
                            : p.environment().name();
                }
                seen.merge(branch, 1, Integer::sum);
            });
        }
        for (String branch : List.of("no usable z", "outside the radial limits", "VOID", "EDGE_VOID",
                "wall beyond every hole", "wall among holes")) {
            assertTrue(seen.getOrDefault(branch, 0) >= 1_000, branch + ": " + seen);
        }
        assertTrue(galaxiesInHolesOfSeveralVoids(seenPositions) >= 100, "galaxies in holes of several voids");
    }

    /** No hole of the warm-up's reaches x < -100 Mpc/h (checked above): a galaxy there is beyond every hole. */
    private static boolean beyondEveryHole(double raDeg, double decDeg, double dMpcPerH) {
        return dMpcPerH * Math.cos(Math.toRadians(decDeg)) * Math.cos(Math.toRadians(raDeg)) < -100;
    }

    /** Of the first 2,000 band galaxies placed, those inside holes of two or more voids, by brute force over every hole. */
    private static int galaxiesInHolesOfSeveralVoids(List<double[]> xyz) {
        List<VoidFinderMembership.Hole> holes = MatcherWarmUp.placementCatalog().holes();
        int several = 0;
        for (double[] p : xyz.subList(0, Math.min(2_000, xyz.size()))) {
            java.util.Set<Integer> voids = new java.util.HashSet<>();
            for (VoidFinderMembership.Hole h : holes) {
                double dx = p[0] - h.x();
                double dy = p[1] - h.y();
                double dz = p[2] - h.z();
                if (dx * dx + dy * dy + dz * dz <= h.radius() * h.radius()) {
                    voids.add(h.voidId());
                }
            }
            several += voids.size() >= 2 ? 1 : 0;
        }
        return several;
    }

    @Test
    void positionsArriveAsWrittenAndRowsWithoutIdOrPositionAreSkipped() throws Exception {
        record Row(long id, double ra, double dec, double z) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = TestDatabase.connect(TestDatabase.READER)) {
            PositionReader.read(c, "COPY (VALUES (1::bigint, 0.0::float8, -90.0::float8, 0.1::float8),"
                    + " (2, 359.999999, 90.0, NULL), (NULL, 1.0, 1.0, 1.0), (4, 'NaN', 1.0, 1.0), (5, 10.5, NULL, 0.2))"
                    + " TO STDOUT (FORMAT binary)", true, (id, ra, dec, z) -> rows.add(new Row(id, ra, dec, z)));
        }
        assertEquals(List.of(new Row(1, 0.0, -90.0, 0.1), new Row(2, 359.999999, 90.0, Double.NaN)), rows);
    }
}

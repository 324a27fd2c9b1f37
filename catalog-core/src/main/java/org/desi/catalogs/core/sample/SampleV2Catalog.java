package org.desi.catalogs.core.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.core.match.NearestPointIndex;
import org.desi.catalogs.core.match.V2Membership;
import org.desi.catalogs.core.match.VoidMembership;

/**
 * A seeded V2 void catalog with everything VAST's membership rule has to get right: tracers spread
 * through a survey volume (RA 140-200 deg, Dec -5 to 40 deg, which holds two of the fields of
 * {@link SampleFastSpecFitCatalog}; {@link #D_MIN_MPC_PER_H} to {@link #D_MAX_MPC_PER_H}), voids filling
 * about a fifth of it, zones that are Voronoi-like groups of tracers (so voids have irregular
 * shapes, not their effective spheres), tracers flagged EDGE near the boundary and OUT just outside
 * it, one edge void, one void without zones; and galaxies to place: every tracer, non-tracers inside
 * the volume, beyond its radial limits, and far outside the footprint but inside the limits.
 * Positions in Mpc/h (h = 1), Omega_m = 0.315.
 *
 * <p>Command line: {@code SampleV2Catalog <out.fits> [tracers] [seed]} writes the catalog as a DESIVAST
 * V2 (REVOLVER) file with the radial limits in its PRIMARY header.
 *
 * @param galaxies the catalog to place: all tracers first (their TARGETIDs), then the others
 */
public record SampleV2Catalog(List<VoidCatalogFiles.V2Void> voids, List<VoidCatalogFiles.V2Zone> zones,
                              List<VoidCatalogFiles.V2Galaxy> tracers, List<Galaxy> galaxies) {

    public static final double OMEGA_M = 0.315;
    public static final double D_MIN_MPC_PER_H = 100;
    public static final double D_MAX_MPC_PER_H = 350;
    public static final long FIRST_TRACER_TARGETID = 1_000_000;
    public static final long FIRST_OTHER_TARGETID = 5_000_000;
    static final double RA_MIN = 140;
    static final double RA_MAX = 200;
    static final double DEC_MIN = -5;
    static final double DEC_MAX = 40;

    /** A galaxy of the catalog to place: TARGETID, sky position [deg] and redshift. */
    public record Galaxy(long targetId, double raDeg, double decDeg, double z) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SampleV2Catalog <out.fits> [tracers] [seed]");
            System.exit(2);
        }
        int tracers = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
        SampleV2Catalog c = generate(seed, tracers, 0);
        c.write(Path.of(args[0]));
        System.out.println("wrote " + c.voids().size() + " voids, " + c.zones().size() + " zones, " + tracers
                + " tracers to " + args[0]);
    }

    /** The membership engine of this catalog under {@code rule}, as a voids job would build it from the file. */
    public V2Membership membership(V2Membership.Rule rule) {
        List<V2Membership.Void> v2 = new ArrayList<>();
        for (VoidCatalogFiles.V2Void v : voids) {
            v2.add(new V2Membership.Void(v.voidId(), v.x(), v.y(), v.z(), v.radius(), v.totArea(), v.edgeArea()));
        }
        Map<Integer, Integer> zoneVoid = new HashMap<>();
        zones.forEach(z -> zoneVoid.put(z.zone(), z.void0()));
        int n = tracers.size();
        long[] ids = new long[n];
        double[][] xyz = new double[3][n];
        int[] zone = new int[n];
        boolean[] edge = new boolean[n];
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            VoidCatalogFiles.V2Galaxy t = tracers.get(i);
            ids[i] = t.targetId();
            xyz[0][i] = t.x();
            xyz[1][i] = t.y();
            xyz[2][i] = t.z();
            zone[i] = t.zone();
            edge[i] = t.edge() == 1;
            out[i] = t.out() == 1;
        }
        return new V2Membership(new Cosmology(OMEGA_M), new VoidMembership.Volume(D_MIN_MPC_PER_H, D_MAX_MPC_PER_H), v2,
                zoneVoid, new V2Membership.Tracers(ids, xyz[0], xyz[1], xyz[2], zone, edge, out), rule);
    }

    /** Writes the void catalog (not the galaxies) as a V2 file, METHOD = REVOLVER. */
    public void write(Path out) throws IOException {
        Cosmology c = new Cosmology(OMEGA_M);
        VoidCatalogFiles.writeV2(out, new FitsTableWriter().primary("OMEGAM", OMEGA_M).primary("HP", 1.0)
                .primary("METHOD", "REVOLVER").primary("DLIML", D_MIN_MPC_PER_H).primary("DLIMU", D_MAX_MPC_PER_H)
                .primary("ZLIML", c.redshiftAt(D_MIN_MPC_PER_H)).primary("ZLIMU", c.redshiftAt(D_MAX_MPC_PER_H))
                .primary("MAGLIM", -20.0), voids, zones, tracers);
    }

    /** {@code tracers} tracer galaxies (a few percent of them OUT) and {@code others} non-tracers. */
    public static SampleV2Catalog generate(long seed, int tracers, int others) {
        Random rnd = new Random(seed);
        Cosmology cosmology = new Cosmology(OMEGA_M);
        List<double[]> points = new ArrayList<>();
        List<int[]> flags = new ArrayList<>();   // {edge, out}
        for (int i = 0; i < tracers; i++) {
            boolean out = rnd.nextDouble() < 0.03;
            double ra = out ? (rnd.nextBoolean() ? RA_MIN - 3 * rnd.nextDouble() : RA_MAX + 3 * rnd.nextDouble())
                    : RA_MIN + (RA_MAX - RA_MIN) * rnd.nextDouble();
            double dec = decInFootprint(rnd);
            double d = inVolume(rnd);
            points.add(xyz(ra, dec, d));
            boolean edge = !out && (ra - RA_MIN < 1.5 || RA_MAX - ra < 1.5 || dec - DEC_MIN < 1.5 || DEC_MAX - dec < 1.5
                    || d - D_MIN_MPC_PER_H < 5 || D_MAX_MPC_PER_H - d < 5);
            flags.add(new int[] {edge ? 1 : 0, out ? 1 : 0});
        }
        // zone seeds: every 15th tracer inside the mask; a tracer's zone is its nearest seed's
        List<double[]> seeds = new ArrayList<>();
        for (int i = 0; i < tracers; i += 15) {
            if (flags.get(i)[1] == 0) {
                seeds.add(points.get(i));
            }
        }
        // voids (about one per 1,500 tracers, as in DESIVAST): spheres around random tracers; the last
        // one is given a centre where no seed lies
        int nVoids = Math.max(12, tracers / 1500);
        List<VoidCatalogFiles.V2Void> voids = new ArrayList<>();
        double[] trueRadius = new double[nVoids];
        // 12 voids of 20-35 Mpc/h fill about a fifth of the volume; more voids are smaller, not denser
        double shrink = Math.cbrt(12.0 / nVoids);
        for (int v = 0; v < nVoids; v++) {
            double[] c = v == nVoids - 1 ? xyz(175, 15, 2000) : points.get(rnd.nextInt(tracers));
            trueRadius[v] = (20 + 15 * rnd.nextDouble()) * shrink;
            double tot = 4 * Math.PI * trueRadius[v] * trueRadius[v];
            double edgeArea = v == 0 ? 0.3 * tot : 0.02 * tot;
            // the catalog's effective radius is smaller than the zones' reach: the two rules differ
            voids.add(new VoidCatalogFiles.V2Void(100 + v, c[0], c[1], c[2], 0.8 * trueRadius[v], tot, edgeArea));
        }
        List<VoidCatalogFiles.V2Zone> zones = new ArrayList<>();
        for (int s = 0; s < seeds.size(); s++) {
            double[] p = seeds.get(s);
            int smallest = -1;
            int largest = -1;
            for (int v = 0; v < nVoids; v++) {
                VoidCatalogFiles.V2Void vd = voids.get(v);
                if (distance(p, vd.x(), vd.y(), vd.z()) <= trueRadius[v]) {
                    if (smallest < 0 || trueRadius[v] < trueRadius[smallest - 100]) {
                        smallest = 100 + v;
                    }
                    if (largest < 0 || trueRadius[v] > trueRadius[largest - 100]) {
                        largest = 100 + v;
                    }
                }
            }
            zones.add(new VoidCatalogFiles.V2Zone(s, smallest, largest));
        }
        NearestPointIndex seedIndex = new NearestPointIndex(seeds.stream().mapToDouble(p -> p[0]).toArray(),
                seeds.stream().mapToDouble(p -> p[1]).toArray(), seeds.stream().mapToDouble(p -> p[2]).toArray());
        List<VoidCatalogFiles.V2Galaxy> galzone = new ArrayList<>();
        List<Galaxy> galaxies = new ArrayList<>();
        for (int i = 0; i < tracers; i++) {
            double[] p = points.get(i);
            int zone = flags.get(i)[1] == 0 ? seedIndex.nearest(p[0], p[1], p[2]) : -1;
            long target = FIRST_TRACER_TARGETID + i;
            galzone.add(new VoidCatalogFiles.V2Galaxy(i, target, p[0], p[1], p[2], zone, flags.get(i)[0], flags.get(i)[1]));
            galaxies.add(sky(target, p, cosmology));
        }
        for (int i = 0; i < others; i++) {
            double u = rnd.nextDouble();
            double ra;
            double d;
            if (u < 0.8) {          // inside the survey volume
                ra = RA_MIN + (RA_MAX - RA_MIN) * rnd.nextDouble();
                d = inVolume(rnd);
            } else if (u < 0.9) {   // beyond the radial limits
                ra = RA_MIN + (RA_MAX - RA_MIN) * rnd.nextDouble();
                d = rnd.nextBoolean() ? D_MIN_MPC_PER_H * rnd.nextDouble() * 0.95 : D_MAX_MPC_PER_H + 1 + 50 * rnd.nextDouble();
            } else {                // far outside the footprint, inside the limits
                ra = 300 + 30 * rnd.nextDouble();
                d = inVolume(rnd);
            }
            double dec = decInFootprint(rnd);
            galaxies.add(sky(FIRST_OTHER_TARGETID + i, xyz(ra, dec, Math.max(1, d)), cosmology));
        }
        return new SampleV2Catalog(voids, zones, galzone, galaxies);
    }

    /** A declination uniform on the sphere between DEC_MIN and DEC_MAX [deg]. */
    private static double decInFootprint(Random rnd) {
        double lo = Math.sin(Math.toRadians(DEC_MIN));
        double hi = Math.sin(Math.toRadians(DEC_MAX));
        return Math.toDegrees(Math.asin(lo + rnd.nextDouble() * (hi - lo)));
    }

    private static double inVolume(Random rnd) {
        double lo = Math.pow(D_MIN_MPC_PER_H, 3);
        double hi = Math.pow(D_MAX_MPC_PER_H, 3);
        return Math.cbrt(lo + rnd.nextDouble() * (hi - lo));
    }

    static double[] xyz(double raDeg, double decDeg, double d) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        return new double[] {d * Math.cos(dec) * Math.cos(ra), d * Math.cos(dec) * Math.sin(ra), d * Math.sin(dec)};
    }

    private static Galaxy sky(long target, double[] p, Cosmology cosmology) {
        double d = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        double ra = (Math.toDegrees(Math.atan2(p[1], p[0])) + 360) % 360;
        double dec = Math.toDegrees(Math.asin(p[2] / d));
        return new Galaxy(target, ra, dec, cosmology.redshiftAt(d));
    }

    private static double distance(double[] p, double x, double y, double z) {
        double dx = p[0] - x;
        double dy = p[1] - y;
        double dz = p[2] - z;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}

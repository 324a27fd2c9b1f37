package org.desi.catalogs.core.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.core.match.SkyMatcher;
import org.desi.catalogs.core.match.SkyPositions;
import org.desi.catalogs.core.match.V2Membership;
import org.desi.catalogs.core.match.VoidFinderMembership;
import org.desi.catalogs.core.match.VoidMembership;
import org.desi.catalogs.core.sample.SampleMatchCatalogs;
import org.desi.catalogs.core.sample.SampleV2Catalog;

/**
 * In-memory speed of the match engines (no database): the sky matcher on two seeded catalogs of
 * {@code rows} objects at 1 arcsec, and VoidFinder membership of {@code rows} galaxies against
 * 10,000 holes, and V2 membership of {@code rows} galaxies with 600,000 tracers under both V2 rules.
 * Best of three runs after a warm-up. {@code EngineBenchmark [rows]}.
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        SkyPositions[] p = SampleMatchCatalogs.generate(rows, 42, 0.7);
        SkyMatcher matcher = new SkyMatcher(1.0, SkyMatcher.Mode.ALL);
        int cores = Runtime.getRuntime().availableProcessors();
        double best = Double.MAX_VALUE;
        for (int threads : new int[] {1, cores}) {
            long[] pairs = new long[1];
            best = Double.MAX_VALUE;
            for (int run = 0; run < 4; run++) {
                long t0 = System.nanoTime();
                pairs[0] = matcher.match(p[0], p[1], threads, t -> (l, r, s) -> { });
                double s = (System.nanoTime() - t0) / 1e9;
                if (run > 0) {
                    best = Math.min(best, s);
                }
            }
            System.out.printf("sky matcher, %d thread(s): %,d x %,d rows at 1 arcsec -> %,d pairs in %.3f s ="
                    + " %.2f M input rows/s (issue C target >= 5 M/s)%n", threads, rows, rows, pairs[0], best,
                    2.0 * rows / best / 1e6);
        }

        // void membership: 10k holes grouped in 1,000 voids inside a 700 Mpc/h sphere, galaxies within it
        Random rnd = new Random(7);
        List<VoidFinderMembership.Void> voids = new ArrayList<>();
        List<VoidFinderMembership.Hole> holes = new ArrayList<>();
        for (int v = 0; v < 1000; v++) {
            double[] c = point(rnd, 650);
            voids.add(new VoidFinderMembership.Void(v, c[0], c[1], c[2], 15, v % 10 == 0 ? 1 : 0));
            for (int h = 0; h < 10; h++) {
                holes.add(new VoidFinderMembership.Hole(c[0] + rnd.nextGaussian() * 5, c[1] + rnd.nextGaussian() * 5,
                        c[2] + rnd.nextGaussian() * 5, 5 + rnd.nextDouble() * 10, v));
            }
        }
        Cosmology cosmology = new Cosmology(0.315);
        VoidMembership m = new VoidFinderMembership(cosmology, VoidMembership.Volume.UNBOUNDED, voids, holes);
        double[] z = new double[rows];
        for (int i = 0; i < rows; i++) {
            z[i] = rnd.nextDouble() * 0.24;
        }
        best = Double.MAX_VALUE;
        long inVoid = 0;
        for (int run = 0; run < 4; run++) {
            long t0 = System.nanoTime();
            inVoid = 0;
            for (int i = 0; i < rows; i++) {
                if (m.place(i, p[0].raDeg(i), p[0].decDeg(i), z[i]).inVoid()) {
                    inVoid++;
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (run > 0) {
                best = Math.min(best, s);
            }
        }
        System.out.printf("void membership: %,d galaxies x %,d holes -> %,d in voids in %.3f s = %.2f M galaxies/s%n",
                rows, holes.size(), inVoid, best, rows / best / 1e6);
        v2(rows);
    }

    /**
     * V2 membership of {@code rows} galaxies (plus 600,000 tracers, as in a DESIVAST NGC file) by VAST's
     * nearest-tracer rule and by the effective-sphere approximation it replaced, one thread each.
     */
    static void v2(int rows) {
        SampleV2Catalog s = SampleV2Catalog.generate(42, 600_000, rows);
        List<SampleV2Catalog.Galaxy> galaxies = s.galaxies();
        double[] rate = new double[2];
        for (V2Membership.Rule rule : V2Membership.Rule.values()) {
            long t0 = System.nanoTime();
            V2Membership m = s.membership(rule);
            double build = (System.nanoTime() - t0) / 1e9;
            double best = Double.MAX_VALUE;
            long inVoid = 0;
            for (int run = 0; run < 4; run++) {
                long t1 = System.nanoTime();
                inVoid = 0;
                for (SampleV2Catalog.Galaxy g : galaxies) {
                    inVoid += m.place(g.targetId(), g.raDeg(), g.decDeg(), g.z()).inVoid() ? 1 : 0;
                }
                double sec = (System.nanoTime() - t1) / 1e9;
                if (run > 0) {
                    best = Math.min(best, sec);
                }
            }
            rate[rule.ordinal()] = galaxies.size() / best;
            System.out.printf("V2 membership (%s): %,d galaxies (%,d tracers, %,d voids) -> %,d in voids in %.3f s ="
                    + " %.2f M galaxies/s on one thread (engine built in %.2f s)%n", rule.apiName(), galaxies.size(),
                    s.tracers().size(), s.voids().size(), inVoid, best, galaxies.size() / best / 1e6, build);
        }
        System.out.printf("V2 nearest-tracer / effective-sphere speed: %.2fx%n", rate[0] / rate[1]);
    }

    private static double[] point(Random rnd, double maxR) {
        while (true) {
            double x = (rnd.nextDouble() * 2 - 1) * maxR;
            double y = (rnd.nextDouble() * 2 - 1) * maxR;
            double zz = (rnd.nextDouble() * 2 - 1) * maxR;
            if (x * x + y * y + zz * zz < maxR * maxR) {
                return new double[] {x, y, zz};
            }
        }
    }
}

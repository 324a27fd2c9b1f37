package org.desi.catalogs.core.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.match.SkyPositions;

/**
 * Two seeded catalogs for cross-match tests and benchmarks: {@code n} objects each, spread uniformly
 * over the sphere between Dec -30 and +85 deg; {@code matchFraction} of the right objects lie within
 * 0.5 arcsec of their left counterpart (random direction), the rest are independent.
 *
 * <p>Command line: {@code SampleMatchCatalogs <left.fits> <right.fits> [rows] [seed]} (columns ID,
 * RA, DEC).
 */
public final class SampleMatchCatalogs {

    private SampleMatchCatalogs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SampleMatchCatalogs <left.fits> <right.fits> [rows] [seed]");
            System.exit(2);
        }
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42L;
        SkyPositions[] p = generate(rows, seed, 0.7);
        write(Path.of(args[0]), p[0]);
        write(Path.of(args[1]), p[1]);
        System.out.println("wrote " + rows + " + " + rows + " rows");
    }

    /** {left, right}; left ids 1..n, right ids 10^9 + 1..n. */
    public static SkyPositions[] generate(int n, long seed, double matchFraction) {
        Random rnd = new Random(seed);
        SkyPositions left = new SkyPositions(n);
        SkyPositions right = new SkyPositions(n);
        double sinMin = Math.sin(Math.toRadians(-30));
        double sinMax = Math.sin(Math.toRadians(85));
        for (int i = 0; i < n; i++) {
            double ra = rnd.nextDouble() * 360;
            double dec = Math.toDegrees(Math.asin(sinMin + rnd.nextDouble() * (sinMax - sinMin)));
            left.add(i + 1, ra, dec);
            double rra;
            double rdec;
            if (rnd.nextDouble() < matchFraction) {
                double sepDeg = rnd.nextDouble() * 0.5 / 3600;
                double angle = rnd.nextDouble() * 2 * Math.PI;
                rdec = Math.max(-90, Math.min(90, dec + sepDeg * Math.sin(angle)));
                rra = ((ra + sepDeg * Math.cos(angle) / Math.cos(Math.toRadians(dec))) % 360 + 360) % 360;
            } else {
                rra = rnd.nextDouble() * 360;
                rdec = Math.toDegrees(Math.asin(sinMin + rnd.nextDouble() * (sinMax - sinMin)));
            }
            right.add(1_000_000_000L + i + 1, rra, rdec);
        }
        return new SkyPositions[] {left, right};
    }

    static void write(Path out, SkyPositions p) throws IOException {
        long[] id = new long[p.size()];
        double[] ra = new double[p.size()];
        double[] dec = new double[p.size()];
        for (int i = 0; i < p.size(); i++) {
            id[i] = p.id(i);
            ra[i] = p.raDeg(i);
            dec[i] = p.decDeg(i);
        }
        FitsTableWriter w = new FitsTableWriter();
        w.table("OBJECTS").column("ID", id).column("RA", ra, "deg").column("DEC", dec, "deg");
        w.write(out);
    }
}

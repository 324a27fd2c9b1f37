package org.desi.catalogs.core.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.sky.HealpixNested;

/**
 * A seeded catalog split as DESI splits FastSpecFit iron: one file per HEALPix nside-1 pixel
 * ({@code <prefix>-hp00.fits} .. {@code hp11}), each holding the objects that fall in its base cell.
 * Positions are uniform on the sphere between Dec -25 and +80 deg (where {@code bench/cone.lua} draws its
 * cone centres); columns ID (1..rows), RA, DEC, Z, LOGMSTAR.
 *
 * <p>Command line: {@code SampleHealpixFiles <directory> <prefix> [rows] [seed]}.
 */
public final class SampleHealpixFiles {

    private SampleHealpixFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SampleHealpixFiles <directory> <prefix> [rows] [seed]");
            System.exit(2);
        }
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1_200_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 5L;
        int[] perFile = write(Path.of(args[0]), args[1], rows, seed);
        System.out.println("wrote " + rows + " rows as 12 files: " + java.util.Arrays.toString(perFile));
    }

    /** Writes the 12 files; returns how many rows each holds. */
    public static int[] write(Path directory, String prefix, int rows, long seed) throws IOException {
        Random rnd = new Random(seed);
        double sinMin = Math.sin(Math.toRadians(-25));
        double sinMax = Math.sin(Math.toRadians(80));
        double[] ra = new double[rows];
        double[] dec = new double[rows];
        int[] cell = new int[rows];
        int[] count = new int[12];
        for (int i = 0; i < rows; i++) {
            ra[i] = rnd.nextDouble() * 360;
            dec[i] = Math.toDegrees(Math.asin(sinMin + rnd.nextDouble() * (sinMax - sinMin)));
            cell[i] = (int) HealpixNested.cell(0, ra[i], dec[i]);
            count[cell[i]]++;
        }
        for (int f = 0; f < 12; f++) {
            long[] id = new long[count[f]];
            double[] fra = new double[count[f]];
            double[] fdec = new double[count[f]];
            double[] z = new double[count[f]];
            float[] mass = new float[count[f]];
            int k = 0;
            for (int i = 0; i < rows; i++) {
                if (cell[i] == f) {
                    id[k] = i + 1;
                    fra[k] = ra[i];
                    fdec[k] = dec[i];
                    z[k] = 0.02 + 0.4 * rnd.nextDouble();
                    mass[k] = (float) (9 + 3 * rnd.nextDouble());
                    k++;
                }
            }
            FitsTableWriter w = new FitsTableWriter();
            w.table("OBJECTS").column("ID", id).column("RA", fra, "deg").column("DEC", fdec, "deg").column("Z", z)
                    .column("LOGMSTAR", mass, "log10(Msun)");
            w.write(directory.resolve(String.format("%s-hp%02d.fits", prefix, f)));
        }
        return count;
    }
}

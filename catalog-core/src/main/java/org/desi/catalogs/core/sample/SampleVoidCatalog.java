package org.desi.catalogs.core.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.desi.catalogs.core.match.Cosmology;

/**
 * A seeded VoidFinder file (DESIVAST layout, Omega_m = 0.315, 0 &lt; z &lt;= 0.24) whose voids lie
 * along the lines of sight of {@link SampleFastSpecFitCatalog}'s fields, so that a voids cross-match
 * of the sample galaxies finds void, wall and outside galaxies. Each void is 2-4 overlapping holes.
 *
 * <p>Command line: {@code SampleVoidCatalog <out.fits> [seed] [voidsPerField]} (default 10 per field).
 */
public final class SampleVoidCatalog {

    private SampleVoidCatalog() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SampleVoidCatalog <out.fits> [seed] [voidsPerField]");
            System.exit(2);
        }
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        int perField = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int voids = write(Path.of(args[0]), seed, perField);
        System.out.println("wrote " + voids + " voids to " + args[0]);
    }

    /** Writes the file with {@code perField} voids along each field; returns the number of voids. */
    public static int write(Path out, long seed, int perField) throws IOException {
        Random rnd = new Random(seed);
        double dMax = new Cosmology(0.315).comovingDistanceMpcPerH(0.24);
        List<VoidCatalogFiles.Maximal> maximals = new ArrayList<>();
        List<VoidCatalogFiles.Hole> holes = new ArrayList<>();
        int id = 0;
        for (double[] field : SampleFastSpecFitCatalog.CENTRES) {
            for (int k = 0; k < perField; k++) {
                double d = 60 + rnd.nextDouble() * (dMax - 90);
                double ra = Math.toRadians(field[0] + rnd.nextGaussian() * 0.3);
                double dec = Math.toRadians(field[1] + rnd.nextGaussian() * 0.3);
                double x = d * Math.cos(dec) * Math.cos(ra);
                double y = d * Math.cos(dec) * Math.sin(ra);
                double z = d * Math.sin(dec);
                double radius = 6 + rnd.nextDouble() * 8;
                int edge = rnd.nextDouble() < 0.2 ? 1 : 0;
                maximals.add(new VoidCatalogFiles.Maximal(x, y, z, radius, id, edge));
                holes.add(new VoidCatalogFiles.Hole(x, y, z, radius, id));
                int extra = 1 + rnd.nextInt(3);
                for (int h = 0; h < extra; h++) {
                    double r = radius * (0.5 + 0.4 * rnd.nextDouble());
                    holes.add(new VoidCatalogFiles.Hole(x + rnd.nextGaussian() * radius * 0.5,
                            y + rnd.nextGaussian() * radius * 0.5, z + rnd.nextGaussian() * radius * 0.5, r, id));
                }
                id++;
            }
        }
        VoidCatalogFiles.writeVoidFinder(out, 0.315, maximals, holes);
        return id;
    }
}

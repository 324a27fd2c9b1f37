package org.desi.catalogs.core.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.desi.catalogs.core.fits.FitsTableWriter;

/**
 * Writes a small, seeded FastSpecFit-shaped file (PRIMARY + METADATA + SPECPHOT + FASTSPEC, rows
 * aligned by TARGETID) with the columns the fastspecfit profile loads. Galaxies cluster around a few
 * centres in a DESI-like footprint, with BGS-like redshifts, masses and Dn4000.
 *
 * <p>Command line: {@code SampleFastSpecFitCatalog <out.fits> [rows] [seed]}.
 */
public final class SampleFastSpecFitCatalog {

    /** Field centres (RA, Dec) [deg]; one sits across RA 0/360 on purpose. */
    static final double[][] CENTRES = {{150.1, 2.2}, {185.0, 30.0}, {0.05, 5.0}, {240.5, 43.0}};

    /** The ZWARN value of the rows with a high warning bit (bit 40 and bit 2). */
    public static final long HIGH_BIT_ZWARN = (1L << 40) | 4;

    private SampleFastSpecFitCatalog() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SampleFastSpecFitCatalog <out.fits> [rows] [seed]");
            System.exit(2);
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
        write(Path.of(args[0]), rows, seed, 0);
        System.out.println("wrote " + rows + " rows to " + args[0]);
    }

    /** Writes {@code rows} galaxies; TARGETIDs start after {@code firstTargetId}. */
    public static void write(Path out, int rows, long seed, long firstTargetId) throws IOException {
        Random rnd = new Random(seed);
        long[] targetid = new long[rows];
        String[] survey = new String[rows];
        String[] program = new String[rows];
        int[] healpix = new int[rows];
        double[] ra = new double[rows];
        double[] dec = new double[rows];
        double[] z = new double[rows];
        long[] zwarn = new long[rows];
        double[] deltachi2 = new double[rows];
        String[] spectype = new String[rows];
        float[] fluxR = new float[rows];
        float[] logmstar = new float[rows];
        float[] sfr = new float[rows];
        float[] dn4000 = new float[rows];
        float[] dn4000Ivar = new float[rows];
        float[] vdisp = new float[rows];
        float[] vdispIvar = new float[rows];
        float[] age = new float[rows];
        float[] zzsun = new float[rows];
        float[] tauv = new float[rows];
        float[] absmagR = new float[rows];
        float[] haFlux = new float[rows];
        float[] haIvar = new float[rows];
        for (int i = 0; i < rows; i++) {
            double[] c = CENTRES[i % CENTRES.length];
            targetid[i] = 39627000000000000L + firstTargetId + i;
            survey[i] = "main";
            program[i] = "bright";
            dec[i] = Math.max(-90, Math.min(90, c[1] + rnd.nextGaussian() * 0.5));
            double r = c[0] + rnd.nextGaussian() * 0.5 / Math.cos(Math.toRadians(dec[i]));
            ra[i] = ((r % 360) + 360) % 360;
            healpix[i] = (int) (ra[i] / 30);
            z[i] = 0.02 + 0.4 * Math.pow(rnd.nextDouble(), 1.5);
            // ZWARN is a 64-bit bitmask (int64 in DESI's files); a few rows set a bit above 32
            double w = rnd.nextDouble();
            zwarn[i] = w < 0.005 ? HIGH_BIT_ZWARN : w < 0.02 ? 4 : 0;
            deltachi2[i] = 25 + rnd.nextDouble() * 5000;
            spectype[i] = "GALAXY";
            fluxR[i] = (float) (5 + rnd.nextDouble() * 200);
            logmstar[i] = (float) (9.0 + 2.5 * rnd.nextDouble());
            boolean old = rnd.nextDouble() < (logmstar[i] - 9.0) / 2.5 * 0.8;
            sfr[i] = (float) Math.pow(10, old ? -1.5 + rnd.nextGaussian() * 0.4 : 0.3 + rnd.nextGaussian() * 0.4);
            dn4000[i] = (float) (old ? 1.75 + rnd.nextGaussian() * 0.1 : 1.3 + rnd.nextGaussian() * 0.1);
            dn4000Ivar[i] = (float) (100 + rnd.nextDouble() * 400);
            vdisp[i] = (float) (80 + rnd.nextDouble() * 200);
            vdispIvar[i] = rnd.nextDouble() < 0.3 ? 0f : (float) (0.01 + rnd.nextDouble() * 0.05);
            age[i] = (float) (old ? 6 + rnd.nextDouble() * 5 : 1 + rnd.nextDouble() * 4);
            zzsun[i] = (float) (rnd.nextGaussian() * 0.2);
            tauv[i] = (float) (rnd.nextDouble() * 1.5);
            absmagR[i] = (float) (-18 - 4 * rnd.nextDouble());
            haFlux[i] = old ? Float.NaN : (float) (rnd.nextDouble() * 100);
            haIvar[i] = old ? 0f : (float) rnd.nextDouble();
        }
        FitsTableWriter w = new FitsTableWriter().primary("SPECPROD", "iron").primary("VERSION", "sample");
        w.table("METADATA")
                .column("TARGETID", targetid)
                .column("SURVEY", survey)
                .column("PROGRAM", program)
                .column("HEALPIX", healpix)
                .column("RA", ra, "deg")
                .column("DEC", dec, "deg")
                .column("Z", z)
                .column("ZWARN", zwarn)
                .column("DELTACHI2", deltachi2)
                .column("SPECTYPE", spectype)
                .column("FLUX_R", fluxR, "nanomaggies");
        w.table("SPECPHOT")
                .column("TARGETID", targetid)
                .column("LOGMSTAR", logmstar, "Msun")
                .column("SFR", sfr, "Msun/yr")
                .column("DN4000", dn4000)
                .column("DN4000_IVAR", dn4000Ivar)
                .column("VDISP", vdisp, "km/s")
                .column("VDISP_IVAR", vdispIvar, "s2/km2")
                .column("AGE", age, "Gyr")
                .column("ZZSUN", zzsun)
                .column("TAUV", tauv)
                .column("ABSMAG01_SDSS_R", absmagR, "mag");
        w.table("FASTSPEC")
                .column("TARGETID", targetid)
                .column("HALPHA_FLUX", haFlux, "1e-17 erg/(s cm2)")
                .column("HALPHA_FLUX_IVAR", haIvar, "1e+34 s2 cm4 / erg2");
        w.write(out);
    }
}

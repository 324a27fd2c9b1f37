package org.desi.catalogs.core.match;

/**
 * Flat LCDM distances in Mpc/h: {@code D_c(z) = (c / 100 km/s/Mpc) * integral_0^z dz' / E(z')},
 * {@code E(z) = sqrt(Omega_m (1 + z)^3 + 1 - Omega_m)}. Distances in Mpc/h do not depend on h, so
 * only Omega_m matters (the void catalog's own OMEGAM). A table of the integral (step 1e-4 in z,
 * Simpson's rule inside each step) answers a galaxy in a few nanoseconds; linear interpolation in
 * it is accurate to about 1e-5 Mpc/h.
 */
public final class Cosmology {

    /** Hubble distance c / (100 km/s/Mpc) [Mpc/h]. */
    public static final double HUBBLE_DISTANCE_MPC_PER_H = 299_792.458 / 100.0;

    private static final double STEP = 1e-4;
    private static final double TABLE_MAX_Z = 10.0;

    private final double omegaM;
    private final double[] table;

    public Cosmology(double omegaM) {
        if (!(omegaM > 0 && omegaM <= 1)) {
            throw new IllegalArgumentException("Omega_m must be in (0, 1], got " + omegaM);
        }
        this.omegaM = omegaM;
        int n = (int) Math.round(TABLE_MAX_Z / STEP);
        table = new double[n + 1];
        for (int i = 1; i <= n; i++) {
            double a = (i - 1) * STEP;
            double b = i * STEP;
            table[i] = table[i - 1] + STEP / 6 * (invE(a) + 4 * invE((a + b) / 2) + invE(b));
        }
    }

    public double omegaM() {
        return omegaM;
    }

    private double invE(double z) {
        double zp = 1 + z;
        return 1.0 / Math.sqrt(omegaM * zp * zp * zp + 1 - omegaM);
    }

    /** Line-of-sight comoving distance of redshift {@code z} in [0, 10] [Mpc/h]. */
    public double comovingDistanceMpcPerH(double z) {
        if (!(z >= 0 && z <= TABLE_MAX_Z)) {
            throw new IllegalArgumentException("redshift must be in [0, " + TABLE_MAX_Z + "], got " + z);
        }
        double f = z / STEP;
        int i = Math.min((int) f, table.length - 2);
        double t = f - i;
        return HUBBLE_DISTANCE_MPC_PER_H * (table[i] + t * (table[i + 1] - table[i]));
    }

    /** The redshift whose comoving distance is {@code distanceMpcPerH} (inverse of the above). */
    public double redshiftAt(double distanceMpcPerH) {
        double target = distanceMpcPerH / HUBBLE_DISTANCE_MPC_PER_H;
        if (!(target >= 0 && target <= table[table.length - 1])) {
            throw new IllegalArgumentException("distance must be in [0, "
                    + table[table.length - 1] * HUBBLE_DISTANCE_MPC_PER_H + "] Mpc/h, got " + distanceMpcPerH);
        }
        int lo = 0;
        int hi = table.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (table[mid] <= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double t = (target - table[lo]) / (table[hi] - table[lo]);
        return (lo + t) * STEP;
    }

    /**
     * Sky position and comoving distance to Cartesian comoving coordinates [Mpc/h], the VAST
     * convention: x = d cos(dec) cos(ra), y = d cos(dec) sin(ra), z = d sin(dec).
     */
    public static void cartesian(double raDeg, double decDeg, double distanceMpcPerH, double[] xyzOut) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double c = Math.cos(dec);
        xyzOut[0] = distanceMpcPerH * c * Math.cos(ra);
        xyzOut[1] = distanceMpcPerH * c * Math.sin(ra);
        xyzOut[2] = distanceMpcPerH * Math.sin(dec);
    }
}

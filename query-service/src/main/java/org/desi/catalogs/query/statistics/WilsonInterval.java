package org.desi.catalogs.query.statistics;

/**
 * Wilson score interval of a binomial fraction k/n: unlike the normal approximation it stays inside
 * [0, 1] and behaves for small n and fractions near 0 or 1, which mass bins of voids often have.
 */
public record WilsonInterval(double fraction, double low, double high) {

    /** z for a central 68.27% interval (one sigma). */
    public static final double ONE_SIGMA = 1.0;

    /** The interval for {@code k} successes in {@code n} trials; all NaN when n = 0. */
    public static WilsonInterval of(long k, long n, double z) {
        if (n <= 0) {
            return new WilsonInterval(Double.NaN, Double.NaN, Double.NaN);
        }
        double p = (double) k / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new WilsonInterval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}

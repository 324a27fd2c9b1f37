package org.desi.catalogs.query.statistics;

import java.util.List;

/**
 * Quenched fractions of void and wall galaxies compared. Fractions carry 68% Wilson intervals
 * (bounded in [0, 1], sensible for small bins); differences use the normal approximation of the
 * binomial standard error, sqrt(p (1 - p) / n) per sample, added in quadrature; the significance is
 * the difference over that error (null when the error is 0 or a sample is empty).
 */
public final class BinomialComparison {

    /** Quenched galaxies among {@code galaxies}; fraction null and interval [0, 1] when there are none. */
    public record Count(long galaxies, long quenched, Double fraction, double low, double high) {
        static Count of(long quenched, long galaxies) {
            if (galaxies <= 0) {
                return new Count(0, 0, null, 0, 1);
            }
            WilsonInterval w = WilsonInterval.of(quenched, galaxies, WilsonInterval.ONE_SIGMA);
            return new Count(galaxies, quenched, w.fraction(), w.low(), w.high());
        }

        double variance() {
            return fraction * (1 - fraction) / galaxies;
        }
    }

    /** Void minus wall quenched fraction in one bin, its standard error and significance (sigmas). */
    public record Difference(Double voidMinusWall, Double sigma, Double significance) {
        static Difference of(Count voids, Count walls) {
            if (voids.galaxies() == 0 || walls.galaxies() == 0) {
                return new Difference(null, null, null);
            }
            double d = voids.fraction() - walls.fraction();
            double s = Math.sqrt(voids.variance() + walls.variance());
            return new Difference(d, s, s > 0 ? d / s : null);
        }
    }

    /**
     * One number over all mass bins: the wall galaxies' quenched fraction re-weighted to the void
     * galaxies' mass distribution (bin b weighs n_void,b / N_void), minus the void galaxies' fraction.
     * Positive: voids quench less at fixed mass. Bins with void galaxies but no wall galaxies cannot be
     * re-weighted; their void galaxies are left out of both terms and counted.
     */
    public record Overall(String definition, long voidGalaxies, long wallGalaxies, Double voidFraction,
                          Double wallFractionReweighted, Double wallMinusVoid, Double sigma, Double significance,
                          long voidGalaxiesWithoutWalls) {
        static final String DEFINITION = "sum_b (n_void,b / N_void) f_wall,b - f_void over mass bins holding both"
                + " void and wall galaxies; sigma from the binomial errors of every term";

        static Overall of(List<Count> voids, List<Count> walls) {
            long nVoid = 0;
            long kVoid = 0;
            long nWall = 0;
            long without = 0;
            for (int b = 0; b < voids.size(); b++) {
                if (walls.get(b).galaxies() == 0) {
                    without += voids.get(b).galaxies();
                } else if (voids.get(b).galaxies() > 0) {
                    nVoid += voids.get(b).galaxies();
                    kVoid += voids.get(b).quenched();
                    nWall += walls.get(b).galaxies();
                }
            }
            if (nVoid == 0) {
                return new Overall(DEFINITION, 0, nWall, null, null, null, null, null, without);
            }
            double fWall = 0;
            double variance = 0;
            for (int b = 0; b < voids.size(); b++) {
                Count v = voids.get(b);
                Count w = walls.get(b);
                if (v.galaxies() > 0 && w.galaxies() > 0) {
                    double weight = (double) v.galaxies() / nVoid;
                    fWall += weight * w.fraction();
                    variance += weight * weight * w.variance();
                }
            }
            double fVoid = (double) kVoid / nVoid;
            variance += fVoid * (1 - fVoid) / nVoid;
            double d = fWall - fVoid;
            double s = Math.sqrt(variance);
            return new Overall(DEFINITION, nVoid, nWall, fVoid, fWall, d, s, s > 0 ? d / s : null, without);
        }
    }

    private BinomialComparison() {
    }
}

package org.desi.catalogs.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CosmologyTest {

    @Test
    void givesTheDesivastDistanceAtItsRedshiftLimit() {
        // DESIVAST: flat LCDM, Omega_m = 0.315, D_c(0.24) = 677.4 Mpc/h
        assertEquals(677.4, new Cosmology(0.315).comovingDistanceMpcPerH(0.24), 0.1);
    }

    @Test
    void agreesWithDirectIntegrationAndTheLowRedshiftLimit() {
        Cosmology c = new Cosmology(0.3);
        // hand check at low z: D ~ (c/H0) (z - (1 + q0) z^2 / 2), q0 = 1.5 Omega_m - 1
        double z = 0.01;
        double q0 = 1.5 * 0.3 - 1;
        assertEquals(Cosmology.HUBBLE_DISTANCE_MPC_PER_H * (z - (1 + q0) * z * z / 2), c.comovingDistanceMpcPerH(z),
                0.01);
        // fine midpoint integration to z = 1.7
        double sum = 0;
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            double zz = (i + 0.5) * 1.7 / n;
            sum += 1 / Math.sqrt(0.3 * Math.pow(1 + zz, 3) + 0.7) * 1.7 / n;
        }
        assertEquals(Cosmology.HUBBLE_DISTANCE_MPC_PER_H * sum, c.comovingDistanceMpcPerH(1.7), 1e-4);
        assertEquals(0.0, c.comovingDistanceMpcPerH(0), 0.0);
    }

    @Test
    void redshiftAtInvertsTheDistance() {
        Cosmology c = new Cosmology(0.315);
        for (double z : new double[] {0, 0.001, 0.05, 0.1234567, 0.24, 2.5}) {
            assertEquals(z, c.redshiftAt(c.comovingDistanceMpcPerH(z)), 1e-9);
        }
    }

    @Test
    void placesTheSkyOnVastCartesianAxes() {
        double[] xyz = new double[3];
        Cosmology.cartesian(90, 0, 100, xyz);
        assertEquals(0, xyz[0], 1e-12);
        assertEquals(100, xyz[1], 1e-12);
        Cosmology.cartesian(123, 90, 50, xyz);
        assertEquals(50, xyz[2], 1e-12);
    }

    @Test
    void rejectsParametersOutsideTheirRanges() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Cosmology(0)).getMessage().contains("(0, 1]"));
        assertThrows(IllegalArgumentException.class, () -> new Cosmology(0.3).comovingDistanceMpcPerH(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Cosmology(0.3).comovingDistanceMpcPerH(Double.NaN));
    }
}

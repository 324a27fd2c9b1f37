package org.desi.catalogs.core.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AngularDistanceTest {

    @Test
    void knownSeparations() {
        assertEquals(90.0, AngularDistance.haversineDeg(0, 0, 90, 0), 1e-12);
        assertEquals(180.0, AngularDistance.haversineDeg(0, 0, 180, 0), 1e-12);
        assertEquals(90.0, AngularDistance.haversineDeg(0, 0, 17, 90), 1e-12);
        // Along a meridian the separation is the declination difference.
        assertEquals(1.5, AngularDistance.haversineDeg(42, 10, 42, 11.5), 1e-12);
    }

    @Test
    void acrossRaZeroIsShort() {
        assertEquals(0.2, AngularDistance.haversineDeg(359.9, 0, 0.1, 0), 1e-9);
    }

    @Test
    void atThePoleRaDoesNotMatter() {
        assertEquals(0.0, AngularDistance.haversineDeg(0, 90, 180, 90), 1e-12);
        assertEquals(1.0, AngularDistance.haversineDeg(10, 89.5, 190, 89.5), 1e-9);
    }

    @Test
    void keepsMilliarcsecondPrecision() {
        // 1 mas in declination: the law of cosines would return 0 or noise here.
        double mas = 1.0 / 3600_000.0;
        assertEquals(0.001, AngularDistance.haversineArcsec(150, 2, 150, 2 + mas), 1e-9);
    }

    @Test
    void normalisesVoidFinderRa() {
        assertEquals(270.0, SkyRanges.normaliseRa(-90.0), 1e-12);
        assertEquals(0.0, SkyRanges.normaliseRa(360.0), 0);
        assertEquals(12.5, SkyRanges.normaliseRa(12.5), 0);
    }
}

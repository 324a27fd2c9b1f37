package org.desi.catalogs.core.sky;

import java.util.List;

/**
 * The index ranges that contain a cone: declination zones {@code zoneMin..zoneMax} and one or two
 * RA intervals (two when the cone crosses RA 0/360). Every position inside the cone lies in these
 * ranges; the converse is not true, so a search must still apply the exact distance.
 */
public record ConeBounds(int zoneMin, int zoneMax, double decMinDeg, double decMaxDeg, List<RaRange> raRanges) {

    public ConeBounds {
        raRanges = List.copyOf(raRanges);
    }

    /** True when the RA intervals cover the whole circle (a cone over a pole or wider than 180 deg). */
    public boolean coversAllRa() {
        return raRanges.size() == 1 && raRanges.get(0).minDeg() == 0 && raRanges.get(0).maxDeg() == 360;
    }
}

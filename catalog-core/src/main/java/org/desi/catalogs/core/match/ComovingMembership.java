package org.desi.catalogs.core.match;

/**
 * What every void catalog does first with a galaxy: redshift to comoving distance in the catalog's
 * cosmology, outside the catalog's radial volume or not, then sky to Cartesian [Mpc/h] (the VAST
 * convention); the algorithm-specific membership gets the Cartesian point. Keeps no per-call state,
 * so one instance is safe for any number of threads.
 */
abstract class ComovingMembership implements VoidMembership {

    private final Cosmology cosmology;
    private final Volume volume;

    ComovingMembership(Cosmology cosmology, Volume volume) {
        this.cosmology = cosmology;
        this.volume = volume;
    }

    @Override
    public final Placement place(long targetId, double raDeg, double decDeg, double z) {
        double d = cosmology.comovingDistanceMpcPerH(z);
        if (!volume.contains(d)) {
            return Placement.OUTSIDE;
        }
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double c = Math.cos(dec);
        return placeAt(targetId, d * c * Math.cos(ra), d * c * Math.sin(ra), d * Math.sin(dec));
    }

    /** Membership of the galaxy at comoving (px, py, pz) [Mpc/h], inside the catalog's volume. */
    abstract Placement placeAt(long targetId, double px, double py, double pz);

    /** Distance between two comoving points [Mpc/h]. */
    static double distance(double x, double y, double z, double px, double py, double pz) {
        double dx = px - x;
        double dy = py - y;
        double dz = pz - z;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}

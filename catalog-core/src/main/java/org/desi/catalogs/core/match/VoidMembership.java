package org.desi.catalogs.core.match;

/**
 * Places a galaxy (sky position and redshift) in the 3-D environment of one void catalog, in
 * comoving coordinates of the catalog's own cosmology. Implementations: {@link VoidFinderMembership}
 * (a void is the union of its holes) and {@link V2Membership} (zones of the tracer galaxies, else the
 * void's effective sphere).
 */
public interface VoidMembership {

    /** Where a galaxy lives. {@code dbName} is the spelling stored in galaxy_environment. */
    enum Environment {
        VOID("void"), WALL("wall"), EDGE_VOID("edge_void"), OUTSIDE("outside");

        private final String dbName;

        Environment(String dbName) {
            this.dbName = dbName;
        }

        public String dbName() {
            return dbName;
        }
    }

    /**
     * The outcome for one galaxy.
     *
     * @param voidId          the containing void, or -1
     * @param distanceMpcPerH distance from the galaxy to the void centre [Mpc/h], NaN without a void
     * @param rOverReff       that distance over the void's effective radius, NaN without a void
     */
    record Placement(Environment environment, int voidId, double distanceMpcPerH, double rOverReff) {
        static final Placement WALL = new Placement(Environment.WALL, -1, Double.NaN, Double.NaN);
        static final Placement OUTSIDE = new Placement(Environment.OUTSIDE, -1, Double.NaN, Double.NaN);
    }

    /**
     * Radial extent of the void catalog's volume [Mpc/h] (DLIML/DLIMU, or ZLIML/ZLIMU converted);
     * NaN means unbounded on that side. The released DESIVAST files carry no angular mask, so only
     * the radial limits can put a galaxy outside.
     */
    record Volume(double dMinMpcPerH, double dMaxMpcPerH) {
        public static final Volume UNBOUNDED = new Volume(Double.NaN, Double.NaN);

        public boolean contains(double dMpcPerH) {
            return !(dMpcPerH < dMinMpcPerH) && !(dMpcPerH > dMaxMpcPerH);
        }
    }

    /**
     * @param targetId the galaxy's id (TARGETID; V2 uses it to find tracer galaxies)
     * @param z        redshift, in [0, 10]
     */
    Placement place(long targetId, double raDeg, double decDeg, double z);
}

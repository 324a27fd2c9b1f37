package org.desi.catalogs.core.match;

/**
 * Places a galaxy (sky position and redshift) in the 3-D environment of one void catalog, in
 * comoving coordinates [Mpc/h] of the catalog's own cosmology. Implementations:
 * {@link VoidFinderMembership} (a void is the union of its holes) and {@link V2Membership} (the zone
 * of the galaxy's tracer, or of its nearest tracer). Implementations are immutable: one instance
 * serves every worker thread.
 */
public interface VoidMembership {

    /** Where a galaxy lives. {@code dbName} is the spelling stored in galaxy_environment. */
    enum Environment {
        /** Inside a void that is not flagged as touching the survey edge. */
        VOID("void"),
        /** Not in any void, inside the catalog's volume. */
        WALL("wall"),
        /** Inside a void flagged as an edge void (or, for V2, reached through an edge tracer). */
        EDGE_VOID("edge_void"),
        /** V2 only: not in a void, but its tracer's Voronoi cell touches the survey edge (VAST's vflag 2). */
        EDGE("edge"),
        /** Outside the catalog's volume: beyond its radial limits, no usable redshift, or a V2 OUT tracer. */
        OUTSIDE("outside");

        private final String dbName;

        Environment(String dbName) {
            this.dbName = dbName;
        }

        public String dbName() {
            return dbName;
        }
    }

    /**
     * The outcome for one galaxy. For {@code void} and {@code edge_void} the void is the one containing
     * the galaxy; for {@code wall} and {@code edge} it is the void whose centre is nearest (so void-centric
     * profiles can use every galaxy); for {@code outside} there is none.
     *
     * @param voidId          the containing or nearest void, or -1 for none
     * @param distanceMpcPerH distance from the galaxy to that void's centre [Mpc/h], NaN without a void
     * @param rOverReff       that distance over the void's effective radius, NaN without a void
     */
    record Placement(Environment environment, int voidId, double distanceMpcPerH, double rOverReff) {
        public static final Placement OUTSIDE = new Placement(Environment.OUTSIDE, -1, Double.NaN, Double.NaN);

        /** True when the galaxy lies inside its void (void or edge_void). */
        public boolean inVoid() {
            return environment == Environment.VOID || environment == Environment.EDGE_VOID;
        }
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

package org.desi.catalogs.ingest.profile;

import java.util.List;
import java.util.Set;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.sky.SkyRanges;

/** Row checks and registry columns shared by the VoidFinder and V2 profiles. */
final class VoidRows {

    static final List<CatalogRegistry.Column> VOIDFINDER_COLUMNS = List.of(
            new CatalogRegistry.Column("void_id", "integer", null, "VoidFinder VOID"),
            new CatalogRegistry.Column("x", "double precision", "Mpc/h", "maximal sphere centre, comoving x"),
            new CatalogRegistry.Column("y", "double precision", "Mpc/h", "maximal sphere centre, comoving y"),
            new CatalogRegistry.Column("z", "double precision", "Mpc/h", "maximal sphere centre, comoving z"),
            new CatalogRegistry.Column("radius", "double precision", "Mpc/h", "maximal sphere radius"),
            new CatalogRegistry.Column("edge", "smallint", null, "0 interior, 1 edge void, 2 near the mask"),
            new CatalogRegistry.Column("r", "double precision", "Mpc/h", "comoving distance of the centre"),
            new CatalogRegistry.Column("ra", "double precision", "deg", "right ascension of the centre"),
            new CatalogRegistry.Column("dec", "double precision", "deg", "declination of the centre"),
            new CatalogRegistry.Column("r_eff", "double precision", "Mpc/h", "effective radius"),
            new CatalogRegistry.Column("r_eff_uncert", "double precision", "Mpc/h", "uncertainty of r_eff"));

    static final List<CatalogRegistry.Column> V2_COLUMNS = List.of(
            new CatalogRegistry.Column("void_id", "integer", null, "V2 VOID"),
            new CatalogRegistry.Column("x", "double precision", "Mpc/h", "void centre, comoving x"),
            new CatalogRegistry.Column("y", "double precision", "Mpc/h", "void centre, comoving y"),
            new CatalogRegistry.Column("z", "double precision", "Mpc/h", "void centre, comoving z"),
            new CatalogRegistry.Column("redshift", "double precision", null, "redshift of the centre"),
            new CatalogRegistry.Column("ra", "double precision", "deg", "right ascension of the centre"),
            new CatalogRegistry.Column("dec", "double precision", "deg", "declination of the centre"),
            new CatalogRegistry.Column("radius", "double precision", "Mpc/h", "effective radius"),
            new CatalogRegistry.Column("tot_area", "double precision", "(Mpc/h)^2", "total surface area"),
            new CatalogRegistry.Column("edge_area", "double precision", "(Mpc/h)^2", "surface area at the survey edge"),
            new CatalogRegistry.Column("edge", "smallint", null, "VOIDS EDGE flag (1 = edge void) when the file has it"));

    /** A void centre on the sky [deg] and its comoving distance [Mpc/h]. */
    record Centre(double raDeg, double decDeg, double distanceMpcPerH) {
    }

    private VoidRows() {
    }

    /** The centre's RA/DEC from the file when it has them (RA normalised into [0, 360)), else from X, Y, Z. */
    static Centre centre(NumericTable t, FitsColumn ra, FitsColumn dec, double x, double y, double z) {
        double dist = Math.sqrt(x * x + y * y + z * z);
        double raDeg = SkyRanges.normaliseRa(ra == null ? Math.toDegrees(Math.atan2(y, x)) : t.value(ra));
        double decDeg = dec == null ? Math.toDegrees(Math.asin(z / dist)) : t.value(dec);
        return new Centre(raDeg, decDeg, dist);
    }

    /** Why a void row (MAXIMALS or VOIDS) is unusable, or null after recording its id in {@code seen}. */
    static String checkVoid(double x, double y, double z, double radius, Long id, Set<Integer> seen, Centre c) {
        String reason = checkSphere(x, y, z, radius);
        if (reason == null) {
            reason = checkId("VOID", id, seen);
        }
        if (reason == null && !(Double.isFinite(c.raDeg()) && SkyRanges.isValidDec(c.decDeg()))) {
            reason = "RA/DEC of the centre " + c.raDeg() + ", " + c.decDeg() + " outside [0, 360) x [-90, 90] deg";
        }
        return reason;
    }

    /** Why a sphere (centre in Mpc/h, radius in Mpc/h) is unusable, or null when it is fine. */
    static String checkSphere(double x, double y, double z, double radius) {
        if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z))) {
            return "centre X, Y, Z = " + x + ", " + y + ", " + z + " is not finite";
        }
        if (!(radius > 0 && Double.isFinite(radius))) {
            return "RADIUS " + radius + " must be a finite number > 0 Mpc/h";
        }
        return null;
    }

    /** Why an id is unusable (NULL, outside int4, duplicate), or null after adding it to {@code seen}. */
    static String checkId(String column, Long id, Set<Integer> seen) {
        if (id == null) {
            return column + " is null or not a whole number";
        }
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
            return column + " " + id + " outside the 32-bit integer range";
        }
        if (!seen.add(id.intValue())) {
            return "duplicate " + column + " " + id;
        }
        return null;
    }

    /** The row's values as JSON for the rejects table; non-finite numbers become strings. */
    static String json(List<String> names, Long id, double... values) {
        StringBuilder s = new StringBuilder("{\"").append(names.get(0)).append("\":").append(id);
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            s.append(",\"").append(names.get(i + 1)).append("\":")
                    .append(Double.isFinite(v) ? Double.toString(v) : "\"" + v + "\"");
        }
        return s.append('}').toString();
    }
}

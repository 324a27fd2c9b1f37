package org.desi.catalogs.query.statistics;

import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.query.repository.VoidCatalogInfo;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * The galaxy sample of the DESIVAST volume-limited catalog, cut by cut, in this order:
 * <ol>
 *   <li>{@code redshift}: ZLIML &lt;= z &lt;= ZLIMU of the void catalog (from DLIML/DLIMU in its
 *   cosmology when the header has no ZLIM*);</li>
 *   <li>{@code zwarn}: ZWARN == 0 (Redrock raised no warning);</li>
 *   <li>{@code deltachi2}: DELTACHI2 &gt; 40 (the redshift is secure);</li>
 *   <li>{@code magnitude}: ABSMAG01_SDSS_R + 0.97 (z - 0.1) &lt;= MAGLIM (the evolution-corrected limit
 *   of the volume-limited sample; -20 when the void catalog has no MAGLIM).</li>
 * </ol>
 * Every cut is on by default where the galaxy catalog has its columns, and off with a note where it
 * has not; {@code cuts=none} turns them all off; each can be set or turned off on its own
 * ({@code zRange=0.01,0.2|none}, {@code zwarn=0|none}, {@code deltachi2Min=<x>|none},
 * {@code magLimit=<mag>|none}). A cut asked for explicitly on a catalog without its column is a 400
 * naming the column. NULL or NaN in a cut's column fails the cut (never decided by SQL's NaN order).
 */
public final class SampleSelection {

    /** DESIVAST's redshift-quality threshold. */
    public static final double DEFAULT_DELTACHI2_MIN = 40;
    /** DESIVAST's volume-limited magnitude limit when the void catalog records none [mag]. */
    public static final double DEFAULT_MAG_LIMIT = -20;
    /** The evolution correction of the magnitude limit, per unit redshift from z = 0.1 [mag]. */
    public static final double EVOLUTION_MAG_PER_Z = 0.97;

    /** The request's selection parameters as given (null: default). */
    public record Request(String cuts, String zRange, String zwarn, String deltachi2Min, String magLimit) {
    }

    /**
     * One cut as the answer echoes it.
     *
     * @param removed galaxies this cut removed from those that passed the cuts before it
     */
    public record Cut(String name, String rule, boolean applied, String source, long removed) {
    }

    /**
     * How the placed galaxies became the sample: the cuts in order with what each removed, then the
     * galaxies left out for their environment (edge_void, edge, outside: uncertain), for having no
     * stellar mass, for an unmeasured quenching proxy, or for a mass outside the bins; {@code used}
     * is what remains. The numbers add up to {@code placed}.
     */
    public record Summary(long placed, List<Cut> cuts, Map<String, Long> otherEnvironments, long noStellarMass,
                          long proxyNotMeasured, long outsideMassBins, long used) {
    }

    /** The summary of a counted sample; {@code used} are the kept galaxies inside the mass bins. */
    Summary summarize(GalaxySample.Counts c, long outsideMassBins, long used) {
        List<Cut> cuts = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            cuts.add(specs.get(i).counted(c.removedByCut()[i]));
        }
        return new Summary(c.placed(), cuts, c.otherEnvironments(), c.noMass(), c.unmeasured(), outsideMassBins, used);
    }

    /** A cut with its SQL condition (NULL-safe); {@code sql} null when the cut is not applied. */
    record Spec(String name, String rule, boolean applied, String source, String sql) {
        Cut counted(long removed) {
            return new Cut(name, rule, applied, source, removed);
        }
    }

    private final List<Spec> specs;

    private SampleSelection(List<Spec> specs) {
        this.specs = specs;
    }

    List<Spec> specs() {
        return specs;
    }

    /** The cuts for galaxy catalog {@code g} placed in void catalog {@code v}; params bound through {@code sql}. */
    static SampleSelection of(Request r, CatalogInfo g, VoidCatalogInfo v, SqlParams sql) {
        boolean defaults = parseMode(r.cuts());
        List<Spec> specs = new ArrayList<>();
        specs.add(redshift(r.zRange(), defaults, g, v, sql));
        specs.add(zwarn(r.zwarn(), defaults, g));
        specs.add(deltachi2(r.deltachi2Min(), defaults, g, sql));
        specs.add(magnitude(r.magLimit(), defaults, g, v, sql));
        return new SampleSelection(specs);
    }

    private static boolean parseMode(String cuts) {
        if (cuts == null || cuts.isBlank() || cuts.trim().equalsIgnoreCase("default")) {
            return true;
        }
        if (cuts.trim().equalsIgnoreCase("none")) {
            return false;
        }
        throw ApiProblemException.badRequest("cuts must be 'default' (the DESIVAST sample: redshift inside the void"
                + " catalog's limits, ZWARN == 0, DELTACHI2 > 40, the MAGLIM magnitude limit) or 'none', got '" + cuts + "'");
    }

    private static boolean off(String value) {
        return value != null && value.trim().equalsIgnoreCase("none");
    }

    /** The catalog's column for {@code name} (lower case), or null. */
    private static String column(CatalogInfo g, String name) {
        return g.column(name) != null ? name : null;
    }

    private static Spec skipped(String name, String rule, String why) {
        return new Spec(name, rule, false, why, null);
    }

    private static ApiProblemException missing(CatalogInfo g, String column, String cut, String parameter) {
        return ApiProblemException.badRequest("catalog '" + g.name() + "' has no " + column + " column, which the "
                + cut + " cut needs; drop " + parameter + " (or give " + parameter + "=none, or cuts=none)");
    }

    private static Spec redshift(String value, boolean defaults, CatalogInfo g, VoidCatalogInfo v, SqlParams sql) {
        String name = "redshift";
        if (off(value) || (value == null && !defaults)) {
            return skipped(name, "none", value == null ? "cuts=none" : "zRange=none");
        }
        String z = g.zColumn();
        double lo;
        double hi;
        String source;
        if (value != null) {
            String[] parts = value.split(",");
            if (parts.length != 2) {
                throw ApiProblemException.badRequest("zRange must be 'zmin,zmax' (0 <= zmin < zmax <= 10) or 'none',"
                        + " got '" + value + "'");
            }
            lo = number("zRange", parts[0], 0, 10);
            hi = number("zRange", parts[1], 0, 10);
            if (!(lo < hi)) {
                throw ApiProblemException.badRequest("zRange must have zmin < zmax, got '" + value + "'");
            }
            if (z == null) {
                throw missing(g, "redshift", name, "zRange");
            }
            source = "zRange";
        } else {
            Cosmology c = new Cosmology(v.omegaM());
            lo = Double.isFinite(v.zMin()) ? v.zMin() : Double.isFinite(v.dMinMpcPerH()) ? c.redshiftAt(v.dMinMpcPerH()) : Double.NaN;
            hi = Double.isFinite(v.zMax()) ? v.zMax() : Double.isFinite(v.dMaxMpcPerH()) ? c.redshiftAt(v.dMaxMpcPerH()) : Double.NaN;
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                return skipped(name, "none", "void catalog '" + v.name() + "' records no ZLIML/ZLIMU or DLIML/DLIMU");
            }
            if (z == null) {
                return skipped(name, "none", "catalog '" + g.name() + "' has no redshift column");
            }
            source = Double.isFinite(v.zMin()) && Double.isFinite(v.zMax()) ? "ZLIML/ZLIMU of " + v.name()
                    : "DLIML/DLIMU of " + v.name() + " in its cosmology";
        }
        String col = "g." + quote(z);
        return new Spec(name, String.format(Locale.ROOT, "%s <= z <= %s", fmt(lo), fmt(hi)), true, source,
                "coalesce(" + col + " >= " + sql.add(lo) + " AND " + col + " <= " + sql.add(hi) + ", false)");
    }

    private static Spec zwarn(String value, boolean defaults, CatalogInfo g) {
        String name = "zwarn";
        String rule = "ZWARN == 0";
        if (off(value) || (value == null && !defaults)) {
            return skipped(name, "none", value == null ? "cuts=none" : "zwarn=none");
        }
        if (value != null && !value.trim().equals("0")) {
            throw ApiProblemException.badRequest("zwarn must be '0' (keep ZWARN == 0) or 'none', got '" + value + "'");
        }
        if (column(g, "zwarn") == null) {
            if (value != null) {
                throw missing(g, "zwarn", name, "zwarn");
            }
            return skipped(name, rule, "catalog '" + g.name() + "' has no zwarn column");
        }
        return new Spec(name, rule, true, value == null ? "DESIVAST default" : "zwarn", "coalesce(g." + quote("zwarn") + " = 0, false)");
    }

    private static Spec deltachi2(String value, boolean defaults, CatalogInfo g, SqlParams sql) {
        String name = "deltachi2";
        if (off(value) || (value == null && !defaults)) {
            return skipped(name, "none", value == null ? "cuts=none" : "deltachi2Min=none");
        }
        double min = value == null ? DEFAULT_DELTACHI2_MIN : number("deltachi2Min", value, 0, 1e9);
        String rule = "DELTACHI2 > " + fmt(min);
        if (column(g, "deltachi2") == null) {
            if (value != null) {
                throw missing(g, "deltachi2", name, "deltachi2Min");
            }
            return skipped(name, rule, "catalog '" + g.name() + "' has no deltachi2 column");
        }
        return new Spec(name, rule, true, value == null ? "DESIVAST default" : "deltachi2Min",
                "coalesce(g." + quote("deltachi2") + " > " + sql.add(min) + " AND g." + quote("deltachi2")
                        + " <> 'NaN', false)");
    }

    private static Spec magnitude(String value, boolean defaults, CatalogInfo g, VoidCatalogInfo v, SqlParams sql) {
        String name = "magnitude";
        if (off(value) || (value == null && !defaults)) {
            return skipped(name, "none", value == null ? "cuts=none" : "magLimit=none");
        }
        double limit;
        String source;
        if (value != null) {
            limit = number("magLimit", value, -30, -5);
            source = "magLimit";
        } else if (Double.isFinite(v.magLimit())) {
            limit = v.magLimit();
            source = "MAGLIM of " + v.name();
        } else {
            limit = DEFAULT_MAG_LIMIT;
            source = "DESIVAST default (" + v.name() + " records no MAGLIM)";
        }
        String rule = "ABSMAG01_SDSS_R + " + EVOLUTION_MAG_PER_Z + " (z - 0.1) <= " + fmt(limit);
        String z = g.zColumn();
        if (column(g, "absmag01_sdss_r") == null || z == null) {
            String col = z == null ? "redshift" : "absmag01_sdss_r";
            if (value != null) {
                throw missing(g, col, name, "magLimit");
            }
            return skipped(name, rule, "catalog '" + g.name() + "' has no " + col + " column");
        }
        String zc = "g." + quote(z);
        // NaN in either column fails: NaN <= x is false in PostgreSQL
        return new Spec(name, rule, true, source, "coalesce(g." + quote("absmag01_sdss_r") + " + " + EVOLUTION_MAG_PER_Z + " * (" + zc
                + " - 0.1) <= " + sql.add(limit) + ", false)");
    }

    static double number(String parameter, String text, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw ApiProblemException.badRequest(parameter + " must be a number in [" + fmt(min) + ", " + fmt(max)
                    + "] or 'none', got '" + text.trim() + "'");
        }
        if (!(v >= min && v <= max)) {
            throw ApiProblemException.badRequest(parameter + " must be in [" + fmt(min) + ", " + fmt(max) + "], got "
                    + text.trim());
        }
        return v;
    }

    /** A number for a rule's text: 6 significant digits, no trailing zeros (the SQL uses the exact value). */
    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}

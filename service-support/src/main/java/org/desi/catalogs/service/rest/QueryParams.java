package org.desi.catalogs.service.rest;

import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * Parses query parameters with messages that name the parameter and its valid range. JAX-RS would
 * answer a bad number with a bare 404; astronomers get a 400 that says what to send instead.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A finite number in [min, max] (or [min, max) when {@code maxExclusive}); {@code unit} goes into messages. */
    public static double number(String name, String value, double min, double max, boolean maxExclusive, String unit) {
        String range = "[" + fmt(min) + ", " + fmt(max) + (maxExclusive ? ")" : "]") + (unit == null ? "" : " " + unit);
        if (value == null || value.isBlank()) {
            throw ApiProblemException.badRequest(name + " is required: a number in " + range);
        }
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw ApiProblemException.badRequest(name + " must be a number in " + range + ", got '" + value + "'");
        }
        if (!Double.isFinite(v) || v < min || v > max || (maxExclusive && v == max)) {
            throw ApiProblemException.badRequest(name + " must be in " + range + ", got " + value);
        }
        return v;
    }

    /** A non-negative id (job or run number), parsed as a long. */
    public static long id(String name, String value) {
        try {
            long v = Long.parseLong(value == null ? "" : value.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiProblemException.badRequest(name + " must be a non-negative integer, got '" + value + "'");
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    public static int integer(String name, String value, int min, int max, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiProblemException.badRequest(name + " must be an integer in [" + min + ", " + max + "], got '" + value + "'");
    }

    /** A bound as people write it: 10 rather than 10.0. */
    /** What the registry admits as a catalog name (the CHECK on {@code desi.catalog.name}). */
    private static final java.util.regex.Pattern CATALOG_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** A catalog name, as the schema admits it: a 400 naming the form otherwise. */
    public static String catalogName(String name, String value) {
        if (value == null || !CATALOG_NAME.matcher(value).matches()) {
            throw ApiProblemException.badRequest(name + " must match [a-z][a-z0-9_]{0,62} (lower case, starting with"
                    + " a letter, at most 63 characters), got '" + value + "'");
        }
        return value;
    }

    public static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

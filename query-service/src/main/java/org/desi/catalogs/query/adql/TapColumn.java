package org.desi.catalogs.query.adql;

import org.desi.catalogs.query.format.TableColumn;

/**
 * A column as TAP_SCHEMA.columns describes it.
 *
 * @param datatype  VOTable datatype (char, short, int, long, float, double, boolean)
 * @param arraysize VOTable arraysize ("*" for strings and arrays) or null
 */
public record TapColumn(String name, String datatype, String arraysize, String unit, String ucd, String description,
                        boolean principal, boolean indexed) {

    /**
     * Reserved ADQL words among the column names TAP_SCHEMA lists delimited (V11: TAP_SCHEMA.columns."size";
     * ingest renames catalog columns that would collide with the service's own).
     */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("SIZE");

    /** The name as an ADQL query must write it ("size" for size). */
    public String adqlName() {
        return RESERVED.contains(name.toUpperCase(java.util.Locale.ROOT)) ? '"' + name + '"' : name;
    }

    /** As a result column of the VOTable/CSV writers (which speak PostgreSQL type names). */
    public TableColumn asResultColumn(String outputName) {
        return new TableColumn(outputName, sqlType(datatype, arraysize), unit, ucd, description);
    }

    static String sqlType(String datatype, String arraysize) {
        String base = switch (datatype) {
            case "short" -> "smallint";
            case "int" -> "integer";
            case "long" -> "bigint";
            case "float" -> "real";
            case "double" -> "double precision";
            case "boolean" -> "boolean";
            default -> "text";
        };
        return !base.equals("text") && arraysize != null ? base + "[]" : base;
    }
}

package org.desi.catalogs.query.adql;

import org.desi.catalogs.query.format.TableColumn;

/**
 * A column as TAP_SCHEMA.columns describes it.
 *
 * @param datatype  VOTable datatype (char, short, int, long, float, double, boolean)
 * @param arraysize VOTable arraysize ("*" for strings and arrays) or null
 * @param name      the column's name (as PostgreSQL and the result tables have it)
 * @param adqlName  the name as TAP_SCHEMA lists it and ADQL must write it: delimited ("size") when it is a
 *                  reserved word or not a regular identifier
 * @param xtype     VOTable xtype or null (a table uploaded with a query keeps its columns' xtypes)
 */
public record TapColumn(String name, String datatype, String arraysize, String unit, String ucd, String description,
                        boolean principal, boolean indexed, String adqlName, String xtype) {

    /** A column without an xtype. */
    public TapColumn(String name, String datatype, String arraysize, String unit, String ucd, String description,
                     boolean principal, boolean indexed, String adqlName) {
        this(name, datatype, arraysize, unit, ucd, description, principal, indexed, adqlName, null);
    }

    /** As a result column of the VOTable/CSV writers (which speak PostgreSQL type names). */
    public TableColumn asResultColumn(String outputName) {
        return new TableColumn(outputName, sqlType(datatype, arraysize), unit, ucd, description, xtype);
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

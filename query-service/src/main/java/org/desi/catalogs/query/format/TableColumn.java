package org.desi.catalogs.query.format;

/**
 * A column of a result table with what VOTable and CSV readers need.
 *
 * @param sqlType PostgreSQL type as registered ("double precision", "bigint", "real[]", "text", ...)
 * @param ucd     UCD (IVOA Unified Content Descriptor) or null
 * @param xtype   VOTable xtype (e.g. {@code timestamp} for an ISO-8601 string) or null
 */
public record TableColumn(String name, String sqlType, String unit, String ucd, String description, String xtype) {

    /** A column without an xtype (every column of the catalogs). */
    public TableColumn(String name, String sqlType, String unit, String ucd, String description) {
        this(name, sqlType, unit, ucd, description, null);
    }
}

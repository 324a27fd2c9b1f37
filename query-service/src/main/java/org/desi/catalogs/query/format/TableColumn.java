package org.desi.catalogs.query.format;

/**
 * A column of a result table with what VOTable and CSV readers need.
 *
 * @param sqlType PostgreSQL type as registered ("double precision", "bigint", "real[]", "text", ...)
 * @param ucd     UCD (IVOA Unified Content Descriptor) or null
 */
public record TableColumn(String name, String sqlType, String unit, String ucd, String description) {
}

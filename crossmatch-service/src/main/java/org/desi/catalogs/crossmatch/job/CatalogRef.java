package org.desi.catalogs.crossmatch.job;

import org.desi.catalogs.service.sql.SqlIdentifiers;

/**
 * A registered catalog as the workers read it: its table, the id/position/redshift columns, and
 * whether the table is shared between catalogs (then rows are filtered by catalog_id).
 */
public record CatalogRef(int id, String name, String kind, String table, String idColumn, String raColumn,
                         String decColumn, String zColumn, double zoneHeightDeg) {

    /** Tables in the desi schema (fastspecfit_galaxy, voidfinder_void, ...) hold several catalogs. */
    public boolean shared() {
        return table.startsWith("desi.");
    }

    public boolean hasPositions() {
        return raColumn != null && decColumn != null;
    }

    public boolean isVoidCatalog() {
        return kind.equals("voidfinder") || kind.equals("v2");
    }

    /** {@code FROM ... WHERE} prefix selecting this catalog's rows; one parameter (catalog_id) when shared. */
    public String fromWhere() {
        return " FROM " + table + " WHERE " + (shared() ? "catalog_id = ? AND " : "");
    }

    public String col(String column) {
        return SqlIdentifiers.quote(column);
    }
}

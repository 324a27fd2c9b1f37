package org.desi.catalogs.query.adql;

import java.util.List;
import java.util.Locale;

/**
 * A table ADQL can name, as TAP_SCHEMA describes it, and where its rows physically are.
 *
 * @param adqlName      qualified name in ADQL ({@code catalogs.sample_bgs}, {@code TAP_SCHEMA.columns})
 * @param fromSql       the SQL that yields its rows (a table, or a sub-select of a shared table)
 * @param raColumn      column holding RA [deg] (null when the table has no positions)
 * @param decColumn     column holding Dec [deg]
 * @param zoneColumn    SQL name of the declination-zone column the (zone, ra) index starts with, or null
 * @param zoneHeightDeg height of those zones [deg]
 * @param filesOutsideCone the source files a constant cone on the table's own positions can leave out (their
 *                      partitions, keyed by {@code source_file_id}), or {@link FilesOutsideCone#NONE}
 * @param rowCount      rows, as the catalog registry counts them; -1 when unknown (which side of a positional join
 *                      between two indexed tables is probed: the larger)
 */
public record TapTable(String adqlName, String fromSql, List<TapColumn> columns, String raColumn, String decColumn,
                       String zoneColumn, double zoneHeightDeg, FilesOutsideCone filesOutsideCone, long rowCount) {

    /** A table whose rows are not partitioned by source file (no file is left out), of unknown size. */
    public TapTable(String adqlName, String fromSql, List<TapColumn> columns, String raColumn, String decColumn,
                    String zoneColumn, double zoneHeightDeg) {
        this(adqlName, fromSql, columns, raColumn, decColumn, zoneColumn, zoneHeightDeg, FilesOutsideCone.NONE, -1);
    }

    /** The ids of the source files none of whose rows can lie within {@code radiusDeg} of (raDeg, decDeg). */
    @FunctionalInterface
    public interface FilesOutsideCone {
        FilesOutsideCone NONE = (raDeg, decDeg, radiusDeg) -> new int[0];

        int[] of(double raDeg, double decDeg, double radiusDeg);
    }

    /** The part after the schema: {@code sample_bgs} of {@code catalogs.sample_bgs}. */
    public String unqualifiedName() {
        int dot = adqlName.indexOf('.');
        return dot < 0 ? adqlName : adqlName.substring(dot + 1);
    }

    public String schemaName() {
        int dot = adqlName.indexOf('.');
        return dot < 0 ? "" : adqlName.substring(0, dot);
    }

    /** The column named {@code name}: exactly when the ADQL identifier was delimited, else ignoring case. */
    public TapColumn column(String name, boolean delimited) {
        for (TapColumn c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        if (!delimited) {
            for (TapColumn c : columns) {
                if (c.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
        }
        return null;
    }
}

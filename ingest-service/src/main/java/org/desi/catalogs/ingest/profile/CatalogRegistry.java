package org.desi.catalogs.ingest.profile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.desi.catalogs.core.fits.FitsFormatException;
import org.desi.catalogs.core.sky.SkyCoverage;

/**
 * The catalog registry and per-file provenance, written inside a load transaction. Locking the
 * catalog row serialises loads into one catalog, so row counts and duplicate checks stay exact.
 */
public final class CatalogRegistry {

    /** A registered column: name, SQL type, unit, description. */
    public record Column(String name, String sqlType, String unit, String description) {
    }

    private CatalogRegistry() {
    }

    /** The catalog's id, creating it if new; locked for the rest of the transaction. */
    public static int lockOrCreate(Connection tx, String name, String kind, String table, String idColumn,
                                   String raColumn, String decColumn, String zColumn) throws SQLException {
        try (PreparedStatement ins = tx.prepareStatement("INSERT INTO catalog (name, kind, table_name, id_column,"
                + " ra_column, dec_column, z_column) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ins.setString(1, name);
            ins.setString(2, kind);
            ins.setString(3, table);
            ins.setString(4, idColumn);
            ins.setString(5, raColumn);
            ins.setString(6, decColumn);
            ins.setString(7, zColumn);
            ins.executeUpdate();
        }
        try (PreparedStatement sel = tx.prepareStatement(
                "SELECT catalog_id, kind, id_column, ra_column, dec_column FROM catalog WHERE name = ? FOR UPDATE")) {
            sel.setString(1, name);
            try (ResultSet rs = sel.executeQuery()) {
                rs.next();
                if (!kind.equals(rs.getString(2))) {
                    throw new FitsFormatException("catalog " + name + " holds " + rs.getString(2)
                            + " data; it cannot take a " + kind + " file (choose another catalog name)");
                }
                if (!idColumn.equals(rs.getString(3)) || !java.util.Objects.equals(raColumn, rs.getString(4))
                        || !java.util.Objects.equals(decColumn, rs.getString(5))) {
                    throw new FitsFormatException("catalog " + name + " was loaded with id/ra/dec columns "
                            + rs.getString(3) + "/" + rs.getString(4) + "/" + rs.getString(5) + "; this load names "
                            + idColumn + "/" + raColumn + "/" + decColumn);
                }
                return rs.getInt(1);
            }
        }
    }

    /**
     * Records the file as a source of the catalog, replacing an earlier version of the same file name
     * (its rows go with it, by cascade or by {@code deleteRowsSql}); returns the new file id.
     */
    /** The file id of {@code fileName} in the catalog, or -1 when the catalog has no such file. */
    public static int sourceFileId(Connection tx, int catalogId, String fileName) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "SELECT file_id FROM catalog_source_file WHERE catalog_id = ? AND file_name = ?")) {
            s.setInt(1, catalogId);
            s.setString(2, fileName);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    /** Whether the catalog holds a file other than {@code fileId} and the version it replaces ({@code oldFileId}). */
    public static boolean hasOtherFiles(Connection tx, int catalogId, int fileId, int oldFileId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("SELECT EXISTS (SELECT 1 FROM catalog_source_file"
                + " WHERE catalog_id = ? AND file_id <> ? AND file_id <> ?)")) {
            s.setInt(1, catalogId);
            s.setInt(2, fileId);
            s.setInt(3, oldFileId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public static int replaceSourceFile(Connection tx, int catalogId, String fileName, String sha256, long size,
                                        long runId, String deleteRowsSql) throws SQLException {
        try (PreparedStatement old = tx.prepareStatement(
                "SELECT file_id FROM catalog_source_file WHERE catalog_id = ? AND file_name = ?")) {
            old.setInt(1, catalogId);
            old.setString(2, fileName);
            try (ResultSet rs = old.executeQuery()) {
                if (rs.next()) {
                    int oldId = rs.getInt(1);
                    if (deleteRowsSql != null) {
                        try (PreparedStatement del = tx.prepareStatement(deleteRowsSql)) {
                            del.setInt(1, oldId);
                            del.executeUpdate();
                        }
                    }
                    try (PreparedStatement del = tx.prepareStatement("DELETE FROM catalog_source_file WHERE file_id = ?")) {
                        del.setInt(1, oldId);
                        del.executeUpdate();
                    }
                }
            }
        }
        try (PreparedStatement ins = tx.prepareStatement("INSERT INTO catalog_source_file (catalog_id, file_name,"
                + " sha256, size_bytes, row_count, run_id) VALUES (?, ?, ?, ?, 0, ?) RETURNING file_id")) {
            ins.setInt(1, catalogId);
            ins.setString(2, fileName);
            ins.setString(3, sha256);
            ins.setLong(4, size);
            ins.setLong(5, runId);
            try (ResultSet rs = ins.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Records the sky coverage of a loaded file (replacing any earlier record of that file id). */
    public static void storeCoverage(Connection tx, int fileId, SkyCoverage coverage) throws SQLException {
        storeCoverage(tx, fileId, coverage, coverage.toBytes());
    }

    /** Stores {@code coverage} as {@code encoded}, its {@link SkyCoverage#toBytes()} made beforehand. */
    public static void storeCoverage(Connection tx, int fileId, SkyCoverage coverage, byte[] encoded)
            throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO source_file_coverage (file_id, moc_order,"
                + " cell_count, cells) VALUES (?, ?, ?, ?) ON CONFLICT (file_id) DO UPDATE SET moc_order ="
                + " excluded.moc_order, cell_count = excluded.cell_count, cells = excluded.cells")) {
            s.setInt(1, fileId);
            s.setInt(2, coverage.order());
            s.setLong(3, coverage.cellCount());
            s.setBytes(4, encoded);
            s.executeUpdate();
        }
    }

    /**
     * The coverage of rows already in the database ({@code positionsSql} selects RA, Dec in degrees with
     * {@code fileId} as its one parameter): used when rows seen while loading were dropped afterwards
     * (duplicate ids), so the recorded coverage is exactly that of the rows kept.
     */
    public static SkyCoverage coverageOf(Connection tx, int order, String positionsSql, int fileId) throws SQLException {
        SkyCoverage coverage = new SkyCoverage(order);
        try (PreparedStatement s = tx.prepareStatement(positionsSql)) {
            s.setFetchSize(100_000);   // streamed through a cursor (autocommit is off), not held at once
            s.setInt(1, fileId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    coverage.add(rs.getDouble(1), rs.getDouble(2));
                }
            }
        }
        return coverage;
    }

    /** Sets the file's and the catalog's row counts after a load. */
    public static void finish(Connection tx, int catalogId, int fileId, long rowsLoaded) throws SQLException {
        try (PreparedStatement f = tx.prepareStatement("UPDATE catalog_source_file SET row_count = ? WHERE file_id = ?")) {
            f.setLong(1, rowsLoaded);
            f.setInt(2, fileId);
            f.executeUpdate();
        }
        try (PreparedStatement c = tx.prepareStatement("UPDATE catalog SET row_count = (SELECT coalesce(sum(row_count), 0)"
                + " FROM catalog_source_file WHERE catalog_id = ?), updated_at = now() WHERE catalog_id = ?")) {
            c.setInt(1, catalogId);
            c.setInt(2, catalogId);
            c.executeUpdate();
        }
    }

    /** Registers (or refreshes) the catalog's columns, in order. */
    public static void registerColumns(Connection tx, int catalogId, List<Column> columns) throws SQLException {
        try (PreparedStatement del = tx.prepareStatement("DELETE FROM catalog_column WHERE catalog_id = ?")) {
            del.setInt(1, catalogId);
            del.executeUpdate();
        }
        try (PreparedStatement ins = tx.prepareStatement("INSERT INTO catalog_column (catalog_id, ordinal, name,"
                + " sql_type, unit, description) VALUES (?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            for (Column c : columns) {
                ins.setInt(1, catalogId);
                ins.setInt(2, i++);
                ins.setString(3, c.name());
                ins.setString(4, c.sqlType());
                ins.setString(5, c.unit());
                ins.setString(6, c.description());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }
}

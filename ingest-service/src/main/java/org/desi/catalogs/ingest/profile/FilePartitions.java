package org.desi.catalogs.ingest.profile;

import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A generic catalog's table partitioned by source file (LIST on {@code source_file_id}): each file's
 * rows are copied into a fresh table without indexes, indexed once they are all there (PostgreSQL
 * builds a B-tree from sorted data several times faster than it maintains one row by row), and
 * attached as a partition in the load's transaction, so readers see the whole file or none of it. A
 * changed file's old partition is dropped in the same transaction, just before the commit (the only
 * moment the catalog's readers wait for a lock).
 */
final class FilePartitions {

    private FilePartitions() {
    }

    /** True when {@code table} is a partitioned table (catalogs created before partitioning are not). */
    static boolean isPartitioned(Connection tx, String table) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("SELECT relkind = 'p' FROM pg_class WHERE oid = ?::regclass")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * The partition of {@code fileId}: {@code catalog_data."<catalog>#<fileId>"} ('#' cannot occur in a
     * catalog name, so no catalog's table collides with it), the catalog part cut to fit 63 bytes.
     */
    static String name(String schema, String catalog, int fileId) {
        String suffix = "#" + fileId;
        String prefix = catalog.length() + suffix.length() > 63 ? catalog.substring(0, 63 - suffix.length()) : catalog;
        return schema + "." + quote(prefix + suffix);
    }

    /** Creates the empty, unindexed partition table of {@code fileId}; its CHECK lets ATTACH skip a scan. */
    static void create(Connection tx, String parent, String partition, int fileId) throws SQLException {
        try (Statement s = tx.createStatement()) {
            s.execute("CREATE TABLE " + partition + " (LIKE " + parent + " INCLUDING DEFAULTS INCLUDING GENERATED,"
                    + " CHECK (source_file_id = " + fileId + "))");
        }
    }

    /**
     * Builds the partition's indexes, drops {@code oldPartition} when the file replaces an earlier version,
     * and attaches. The indexes are the parent's own (its primary key, and its zone index when the catalog
     * has positions), read from the catalog: a catalog created by an earlier version keeps the index it was
     * created with, and ATTACH finds each partition index matching the parent's instead of building another.
     */
    static void attach(Connection tx, String parent, String partition, int fileId, String oldPartition)
            throws SQLException {
        List<String> indexes = secondaryIndexColumns(tx, parent);
        try (Statement s = tx.createStatement()) {
            s.execute("ALTER TABLE " + partition + " ADD PRIMARY KEY (source_file_id, row_number)");
            for (String columns : indexes) {
                s.execute("CREATE INDEX ON " + partition + " " + columns);
            }
            if (oldPartition != null) {
                s.execute("DROP TABLE IF EXISTS " + oldPartition);
            }
            s.execute("ALTER TABLE " + parent + " ATTACH PARTITION " + partition + " FOR VALUES IN (" + fileId + ")");
        }
    }

    /**
     * The column lists of {@code parent}'s indexes other than its primary key, each as
     * {@code (key, ...)} or {@code (key, ...) INCLUDE (payload, ...)}, identifiers quoted. The catalog's
     * indexes are plain B-trees on columns (the loads create no other kind); any other is refused rather
     * than copied wrongly.
     */
    static List<String> secondaryIndexColumns(Connection tx, String parent) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement s = tx.prepareStatement("SELECT i.indexrelid::regclass::text, i.indnkeyatts,"
                + " array(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)"
                + " LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord),"
                + " i.indexprs IS NULL AND i.indpred IS NULL AND am.amname = 'btree'"
                + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam"
                + " WHERE i.indrelid = ?::regclass AND NOT i.indisprimary ORDER BY i.indexrelid")) {
            s.setString(1, parent);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String[] columns = (String[]) rs.getArray(3).getArray();
                    if (!rs.getBoolean(4) || Arrays.asList(columns).contains(null)) {
                        throw new IllegalStateException("index " + rs.getString(1) + " of " + parent
                                + " is not a B-tree on plain columns: its partitions' copies cannot be built here");
                    }
                    int keys = rs.getInt(2);
                    StringBuilder sql = new StringBuilder("(");
                    for (int k = 0; k < columns.length; k++) {
                        sql.append(k == 0 ? "" : k == keys ? ") INCLUDE (" : ", ").append(quote(columns[k]));
                    }
                    indexes.add(sql.append(')').toString());
                }
            }
        }
        return indexes;
    }
}

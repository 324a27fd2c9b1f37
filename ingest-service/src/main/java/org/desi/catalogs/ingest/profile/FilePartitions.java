package org.desi.catalogs.ingest.profile;

import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
     * has positions), as the catalog defines them: a catalog created by an earlier version keeps the index
     * it was created with, and ATTACH finds each partition index matching the parent's instead of building
     * another.
     */
    static void attach(Connection tx, String parent, String partition, int fileId, String oldPartition)
            throws SQLException {
        List<String> indexes = secondaryIndexDefinitions(tx, parent);
        try (Statement s = tx.createStatement()) {
            s.execute("ALTER TABLE " + partition + " ADD PRIMARY KEY (source_file_id, row_number)");
            for (String definition : indexes) {
                s.execute("CREATE INDEX ON " + partition + " USING " + definition);
            }
            if (oldPartition != null) {
                s.execute("DROP TABLE IF EXISTS " + oldPartition);
            }
            s.execute("ALTER TABLE " + parent + " ATTACH PARTITION " + partition + " FOR VALUES IN (" + fileId + ")");
        }
    }

    /**
     * {@code parent}'s indexes that are not unique, each as PostgreSQL prints it after {@code USING}
     * (method, columns or expressions with their order and operator classes, INCLUDE, WHERE): what a
     * partition's index needs to match it. A unique one (the primary key, or a constraint an administrator
     * added) is left out, and so is any whose definition cannot be read this way: ATTACH builds a parent
     * index the partition lacks itself, only while holding the catalog's lock longer.
     */
    static List<String> secondaryIndexDefinitions(Connection tx, String parent) throws SQLException {
        List<String> definitions = new ArrayList<>();
        try (PreparedStatement s = tx.prepareStatement("SELECT pg_get_indexdef(i.indexrelid),"
                + " ' ON ONLY ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' USING '"
                + " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE i.indrelid = ?::regclass AND NOT i.indisunique ORDER BY i.indexrelid")) {
            s.setString(1, parent);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String definition = rs.getString(1);
                    int at = definition.indexOf(rs.getString(2));
                    if (at >= 0) {
                        definitions.add(definition.substring(at + rs.getString(2).length()));
                    }
                }
            }
        }
        return definitions;
    }
}

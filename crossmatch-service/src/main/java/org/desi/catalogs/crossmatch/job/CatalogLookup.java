package org.desi.catalogs.crossmatch.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import org.desi.catalogs.service.problem.ApiProblemException;

/** Finds catalogs in the registry and checks they can take part in a cross-match. */
public final class CatalogLookup {

    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    private CatalogLookup() {
    }

    /**
     * The catalog named {@code name}, or a 400 naming the parameter (an unknown catalog is bad input).
     * Its row stays key-share locked until the caller's transaction ends: a catalog deletion waits for the
     * new job and then sees it (and refuses), or goes first and the job finds no catalog; never a job
     * planned on a catalog deleted under it.
     */
    public static CatalogRef require(Connection c, String parameter, String name) throws SQLException {
        if (name == null || name.isBlank()) {
            throw ApiProblemException.badRequest(parameter + " is required: the name of a registered catalog");
        }
        try (PreparedStatement s = c.prepareStatement("SELECT catalog_id, name, kind, table_name, id_column,"
                + " ra_column, dec_column, z_column, zone_height_deg FROM desi.catalog WHERE name = ? FOR KEY SHARE")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblemException.badRequest(parameter + ": unknown catalog '" + name
                            + "' (GET /api/v1/catalogs on query-service lists them)");
                }
                return new CatalogRef(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getDouble(9));
            }
        }
    }

    /** The catalog with this id (workers: the job names it, so it must exist unless dropped meanwhile). */
    public static CatalogRef byId(Connection c, int catalogId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT catalog_id, name, kind, table_name, id_column,"
                + " ra_column, dec_column, z_column, zone_height_deg FROM desi.catalog WHERE catalog_id = ?")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("catalog " + catalogId + " no longer exists");
                }
                return new CatalogRef(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getDouble(9));
            }
        }
    }

    /** Pair and environment tables key objects by a 64-bit integer id. */
    public static void requireIntegerIds(Connection c, String parameter, CatalogRef ref) throws SQLException {
        if (ref.shared()) {
            return;   // desi.* tables key on targetid/void_id integers
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT sql_type FROM desi.catalog_column WHERE catalog_id = ? AND name = ?")) {
            s.setInt(1, ref.id());
            s.setString(2, ref.idColumn());
            try (ResultSet rs = s.executeQuery()) {
                String type = rs.next() ? rs.getString(1) : null;
                if (type == null || !INTEGER_TYPES.contains(type)) {
                    throw ApiProblemException.badRequest(parameter + ": catalog '" + ref.name() + "' has "
                            + (type == null ? "no registered" : type) + " ids in column " + ref.idColumn()
                            + "; cross-matching needs integer ids (load it with an integer idColumn)");
                }
            }
        }
    }
}

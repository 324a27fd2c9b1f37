package org.desi.catalogs.testsupport;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * Registers catalogs directly in the test database (as the writer role), for services that read
 * catalogs ingest-service would have loaded: a generic positional catalog in {@code catalog_data},
 * and VoidFinder voids/holes. Zones use the default 0.05 deg height, as ingest does.
 */
public final class TestCatalogs {

    private static final double ZONE_HEIGHT_DEG = 0.05;

    private TestCatalogs() {
    }

    /** A generic catalog {@code name} with columns id bigint, ra, dec, z (NaN z -> NULL); returns its catalog_id. */
    public static int createPositional(Connection c, String name, long[] ids, double[] ra, double[] dec, double[] z)
            throws SQLException {
        String table = "catalog_data.\"" + name + "\"";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, ra double precision NOT NULL,"
                    + " dec double precision NOT NULL, z double precision, zone integer NOT NULL)");
            s.execute("CREATE INDEX ON " + table + " (zone, ra)");
            s.execute("GRANT SELECT ON " + table + " TO " + TestDatabase.READER.user());
        }
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            int zone = Math.min((int) Math.floor((dec[i] + 90) / ZONE_HEIGHT_DEG), (int) (180 / ZONE_HEIGHT_DEG) - 1);
            rows.append(ids[i]).append('\t').append(ra[i]).append('\t').append(dec[i]).append('\t')
                    .append(z == null || Double.isNaN(z[i]) ? "\\N" : Double.toString(z[i])).append('\t')
                    .append(zone).append('\n');
        }
        copy(c, "COPY " + table + " (id, ra, dec, z, zone) FROM STDIN", rows);
        int id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.catalog (name, kind, table_name, id_column,"
                + " ra_column, dec_column, z_column, row_count) VALUES (?, 'generic', ?, 'id', 'ra', 'dec', ?, ?)"
                + " RETURNING catalog_id")) {
            s.setString(1, name);
            s.setString(2, table);
            s.setString(3, z == null ? null : "z");
            s.setLong(4, ids.length);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO desi.catalog_column (catalog_id, ordinal, name, sql_type, unit) VALUES ("
                    + id + ", 1, 'id', 'bigint', null), (" + id + ", 2, 'ra', 'double precision', 'deg'), ("
                    + id + ", 3, 'dec', 'double precision', 'deg'), (" + id + ", 4, 'z', 'double precision', null)");
        }
        return id;
    }

    /**
     * A VoidFinder catalog: {@code voids} rows {id, x, y, z, radius, edge}, {@code holes} rows
     * {x, y, z, radius, voidId} [Mpc/h]; cosmology Omega_m and radial limits [Mpc/h] (NaN: none).
     */
    public static int createVoidFinder(Connection c, String name, double omegaM, double dMin, double dMax,
                                       double[][] voids, double[][] holes) throws SQLException {
        int id = registerVoidCatalog(c, name, "voidfinder", "VoidFinder", voids.length, omegaM, dMin, dMax);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.voidfinder_void (catalog_id, void_id, x, y, z,"
                + " radius, edge, r, ra, dec, zone, r_eff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (double[] v : voids) {
                double r = Math.sqrt(v[1] * v[1] + v[2] * v[2] + v[3] * v[3]);
                double ra = (Math.toDegrees(Math.atan2(v[2], v[1])) + 360) % 360;
                double dec = Math.toDegrees(Math.asin(v[3] / r));
                s.setInt(1, id);
                s.setInt(2, (int) v[0]);
                s.setDouble(3, v[1]);
                s.setDouble(4, v[2]);
                s.setDouble(5, v[3]);
                s.setDouble(6, v[4]);
                s.setInt(7, (int) v[5]);
                s.setDouble(8, r);
                s.setDouble(9, ra);
                s.setDouble(10, dec);
                s.setInt(11, (int) Math.floor((dec + 90) / ZONE_HEIGHT_DEG));
                s.setDouble(12, v[4]);
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.voidfinder_hole (catalog_id, hole_id, void_id,"
                + " x, y, z, radius) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < holes.length; i++) {
                s.setInt(1, id);
                s.setInt(2, i + 1);
                s.setInt(3, (int) holes[i][4]);
                s.setDouble(4, holes[i][0]);
                s.setDouble(5, holes[i][1]);
                s.setDouble(6, holes[i][2]);
                s.setDouble(7, holes[i][3]);
                s.addBatch();
            }
            s.executeBatch();
        }
        return id;
    }

    /**
     * A V2 catalog: {@code voids} rows {id, x, y, z, radius, totArea, edgeArea}, {@code zones} rows
     * {zone, void0, void1}, {@code tracers} rows {gal, targetid, x, y, z, zone, edge, out} [Mpc/h];
     * cosmology Omega_m and radial limits [Mpc/h]. Returns the catalog_id.
     */
    public static int createV2(Connection c, String name, String algorithm, double omegaM, double dMin, double dMax,
                               double[][] voids, int[][] zones, double[][] tracers) throws SQLException {
        int id = registerVoidCatalog(c, name, "v2", algorithm, voids.length, omegaM, dMin, dMax);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.v2_void (catalog_id, void_id, x, y, z, ra, dec,"
                + " zone, radius, tot_area, edge_area) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (double[] v : voids) {
                double r = Math.sqrt(v[1] * v[1] + v[2] * v[2] + v[3] * v[3]);
                double dec = Math.toDegrees(Math.asin(v[3] / r));
                s.setInt(1, id);
                s.setInt(2, (int) v[0]);
                s.setDouble(3, v[1]);
                s.setDouble(4, v[2]);
                s.setDouble(5, v[3]);
                s.setDouble(6, (Math.toDegrees(Math.atan2(v[2], v[1])) + 360) % 360);
                s.setDouble(7, dec);
                s.setInt(8, (int) Math.floor((dec + 90) / ZONE_HEIGHT_DEG));
                s.setDouble(9, v[4]);
                s.setDouble(10, v[5]);
                s.setDouble(11, v[6]);
                s.addBatch();
            }
            s.executeBatch();
        }
        StringBuilder rows = new StringBuilder();
        for (int[] z : zones) {
            rows.append(id).append('\t').append(z[0]).append('\t').append(z[1]).append('\t').append(z[2]).append('\n');
        }
        copy(c, "COPY desi.v2_zone (catalog_id, zone_id, void0, void1) FROM STDIN", rows);
        rows.setLength(0);
        for (double[] t : tracers) {
            rows.append(id).append('\t').append((long) t[0]).append('\t').append((long) t[1]).append('\t').append(t[2])
                    .append('\t').append(t[3]).append('\t').append(t[4]).append('\t').append((int) t[5]).append('\t')
                    .append((int) t[6]).append('\t').append((int) t[7]).append('\n');
        }
        copy(c, "COPY desi.v2_galaxy_zone (catalog_id, gal, targetid, x, y, z, zone_id, edge, out_flag) FROM STDIN", rows);
        return id;
    }

    /**
     * Registers a fastspecfit catalog (rows in the shared desi.fastspecfit_galaxy, filtered by catalog_id)
     * with the given columns, each "name sql_type [unit]", in order; deletes an older one of that name.
     */
    public static int registerFastSpecFit(Connection c, String name, String... columns) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM desi.catalog WHERE name = ?")) {
            d.setString(1, name);
            d.executeUpdate();
        }
        int id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.catalog (name, kind, table_name, id_column,"
                + " ra_column, dec_column, z_column) VALUES (?, 'fastspecfit', 'desi.fastspecfit_galaxy', 'targetid',"
                + " 'ra', 'dec', 'z') RETURNING catalog_id")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.catalog_column (catalog_id, ordinal, name,"
                + " sql_type, unit) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < columns.length; i++) {
                String[] parts = columns[i].split(" ", 3);
                s.setInt(1, id);
                s.setInt(2, i + 1);
                s.setString(3, parts[0]);
                s.setString(4, parts[1].replace('_', ' '));
                s.setString(5, parts.length > 2 ? parts[2] : null);
                s.addBatch();
            }
            s.executeBatch();
        }
        return id;
    }

    /**
     * The source file a test's FastSpecFit rows are inserted under, with its empty, attached partition
     * (schema v17: rows live in one partition per source file), created on first use; returns its file_id,
     * the value of the rows' {@code source_file_id}.
     */
    public static int fastSpecFitFile(Connection c, int catalogId) throws SQLException {
        int fileId;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.catalog_source_file (catalog_id, file_name,"
                + " sha256, size_bytes, row_count) VALUES (?, 'rows inserted by a test', repeat('0', 64), 0, 0)"
                + " ON CONFLICT (catalog_id, file_name) DO UPDATE SET row_count = 0 RETURNING file_id")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                fileId = rs.getInt(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT desi.fastspecfit_partition(?)")) {
            s.setInt(1, fileId);
            s.executeQuery().close();
        }
        return fileId;
    }

    /** The catalog and void_catalog rows of a void catalog (h = 1; NaN limits are NULL); returns the catalog_id. */
    private static int registerVoidCatalog(Connection c, String name, String kind, String algorithm, long rows,
                                           double omegaM, double dMin, double dMax) throws SQLException {
        int id;
        boolean v2 = kind.equals("v2");
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.catalog (name, kind, table_name, id_column,"
                + " ra_column, dec_column, z_column, row_count) VALUES (?, ?, ?, 'void_id', 'ra', 'dec', ?, ?)"
                + " RETURNING catalog_id")) {
            s.setString(1, name);
            s.setString(2, kind);
            s.setString(3, v2 ? "desi.v2_void" : "desi.voidfinder_void");
            s.setString(4, v2 ? "redshift" : null);
            s.setLong(5, rows);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.void_catalog (catalog_id, algorithm, omega_m,"
                + " hubble_h, d_min_mpc_per_h, d_max_mpc_per_h) VALUES (?, ?, ?, 1, ?, ?)")) {
            s.setInt(1, id);
            s.setString(2, algorithm);
            s.setDouble(3, omegaM);
            s.setObject(4, Double.isNaN(dMin) ? null : dMin);
            s.setObject(5, Double.isNaN(dMax) ? null : dMax);
            s.executeUpdate();
        }
        return id;
    }

    /**
     * Creates the (empty, attached) galaxy_environment partition of a pair so that rows can be inserted
     * into it one by one; a voids job makes its own (schema v14).
     */
    public static void environmentPartition(Connection c, int galaxyCatalogId, int voidCatalogId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT desi.galaxy_environment_partition(?, ?)")) {
            s.setInt(1, galaxyCatalogId);
            s.setInt(2, voidCatalogId);
            s.execute();
        }
    }

    private static void copy(Connection c, String sql, CharSequence rows) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
    }
}

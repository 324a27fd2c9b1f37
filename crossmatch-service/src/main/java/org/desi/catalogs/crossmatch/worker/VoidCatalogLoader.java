package org.desi.catalogs.crossmatch.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.core.match.V2Membership;
import org.desi.catalogs.core.match.VoidFinderMembership;
import org.desi.catalogs.core.match.VoidMembership;
import org.desi.catalogs.core.match.VoidMembership.Volume;
import org.postgresql.PGStatement;

/**
 * Reads a void catalog (cosmology, limits, voids, holes or zones and tracers) from the database and
 * builds its {@link VoidMembership} engine. Engines are immutable: one serves every worker thread of
 * a job. Distances in the database are Mpc/h whatever the file used (ingest converts them).
 */
final class VoidCatalogLoader {

    private VoidCatalogLoader() {
    }

    static VoidMembership load(Connection c, int catalogId, V2Membership.Rule v2Rule) throws SQLException {
        String algorithm;
        Cosmology cosmology;
        Volume volume;
        try (PreparedStatement s = c.prepareStatement("SELECT algorithm, omega_m, d_min_mpc_per_h, d_max_mpc_per_h,"
                + " z_min, z_max FROM desi.void_catalog WHERE catalog_id = ?")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("void catalog " + catalogId + " has no void_catalog row (reload it)");
                }
                algorithm = rs.getString(1);
                cosmology = new Cosmology(rs.getDouble(2));
                double dMin = number(rs, 3);
                double dMax = number(rs, 4);
                if (Double.isNaN(dMin) && !Double.isNaN(number(rs, 5))) {
                    dMin = cosmology.comovingDistanceMpcPerH(rs.getDouble(5));
                }
                if (Double.isNaN(dMax) && !Double.isNaN(number(rs, 6))) {
                    dMax = cosmology.comovingDistanceMpcPerH(rs.getDouble(6));
                }
                volume = new Volume(dMin, dMax);
            }
        }
        if (algorithm.equals("VoidFinder")) {
            return new VoidFinderMembership(cosmology, volume, voidFinderVoids(c, catalogId), voidFinderHoles(c, catalogId));
        }
        List<V2Membership.Void> voids = new ArrayList<>();
        try (PreparedStatement s = binary(c, "SELECT void_id, x, y, z, radius, tot_area, edge_area,"
                + " coalesce(edge, -1) FROM desi.v2_void WHERE catalog_id = ? ORDER BY void_id")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    voids.add(new V2Membership.Void(rs.getInt(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), number(rs, 6), number(rs, 7), rs.getInt(8)));
                }
            }
        }
        Map<Integer, Integer> zoneVoid = new HashMap<>();
        try (PreparedStatement s = binary(c, "SELECT zone_id, void0 FROM desi.v2_zone WHERE catalog_id = ?")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    zoneVoid.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return new V2Membership(cosmology, volume, voids, zoneVoid, tracers(c, catalogId), v2Rule);
    }

    /** A VoidFinder catalog's voids: centre [Mpc/h], R_eff (the radius when the file had none) [Mpc/h], edge flag. */
    private static List<VoidFinderMembership.Void> voidFinderVoids(Connection c, int catalogId) throws SQLException {
        List<VoidFinderMembership.Void> voids = new ArrayList<>();
        try (PreparedStatement s = binary(c, "SELECT void_id, x, y, z, coalesce(r_eff, radius), coalesce(edge, 0)"
                + " FROM desi.voidfinder_void WHERE catalog_id = ? ORDER BY void_id")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    voids.add(new VoidFinderMembership.Void(rs.getInt(1), rs.getDouble(2), rs.getDouble(3),
                            rs.getDouble(4), rs.getDouble(5), rs.getInt(6)));
                }
            }
        }
        return voids;
    }

    /** A VoidFinder catalog's holes: centre and radius [Mpc/h], and their void, in file order. */
    private static List<VoidFinderMembership.Hole> voidFinderHoles(Connection c, int catalogId) throws SQLException {
        List<VoidFinderMembership.Hole> holes = new ArrayList<>();
        try (PreparedStatement s = binary(c, "SELECT x, y, z, radius, void_id FROM desi.voidfinder_hole"
                + " WHERE catalog_id = ? ORDER BY hole_id")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    holes.add(new VoidFinderMembership.Hole(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3),
                            rs.getDouble(4), rs.getInt(5)));
                }
            }
        }
        return holes;
    }

    /** GALZONE rows in GAL order (V2 numbers its galaxies in file order), so ties go to the earlier row. */
    private static V2Membership.Tracers tracers(Connection c, int catalogId) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        // one snapshot for the count and the rows; the driver streams with a fetch size only inside a transaction
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            return readTracers(c, catalogId);
        } finally {
            c.commit();
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(autoCommit);
        }
    }

    private static V2Membership.Tracers readTracers(Connection c, int catalogId) throws SQLException {
        int n;
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM desi.v2_galaxy_zone WHERE catalog_id = ?"
                + " AND x IS NOT NULL AND y IS NOT NULL AND z IS NOT NULL")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                n = Math.toIntExact(rs.getLong(1));
            }
        }
        long[] ids = new long[n];
        double[] x = new double[n];
        double[] y = new double[n];
        double[] z = new double[n];
        int[] zone = new int[n];
        boolean[] edge = new boolean[n];
        boolean[] out = new boolean[n];
        try (PreparedStatement s = binary(c, "SELECT targetid, x, y, z, zone_id, coalesce(edge, 0),"
                + " coalesce(out_flag, 0) FROM desi.v2_galaxy_zone WHERE catalog_id = ? AND x IS NOT NULL"
                + " AND y IS NOT NULL AND z IS NOT NULL ORDER BY gal")) {
            s.setFetchSize(50_000);
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                int i = 0;
                while (rs.next() && i < n) {
                    long t = rs.getLong(1);
                    ids[i] = rs.wasNull() ? Long.MIN_VALUE : t;
                    x[i] = rs.getDouble(2);
                    y[i] = rs.getDouble(3);
                    z[i] = rs.getDouble(4);
                    zone[i] = rs.getInt(5);
                    edge[i] = rs.getInt(6) == 1;
                    out[i] = rs.getInt(7) == 1;
                    i++;
                }
            }
        }
        return new V2Membership.Tracers(ids, x, y, z, zone, edge, out);
    }

    /**
     * A statement whose results arrive in binary from its first run: the driver otherwise asks for text
     * until a statement has run five times, and parsing a void catalog's doubles from text (the tens of
     * thousands of a VoidFinder catalog's holes, the 600,000 tracers of a V2 one) was a pod's first job's
     * work, and its JIT compiler's.
     */
    private static PreparedStatement binary(Connection c, String sql) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            s.unwrap(PGStatement.class).setPrepareThreshold(-1);   // negative: binary transfer forced
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static double number(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? Double.NaN : v;
    }
}

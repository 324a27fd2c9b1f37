package org.desi.catalogs.crossmatch.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.core.match.V2Membership;
import org.desi.catalogs.core.match.VoidFinderMembership;
import org.desi.catalogs.core.match.VoidMembership;
import org.desi.catalogs.core.match.VoidMembership.Volume;

/**
 * Reads a void catalog (cosmology, limits, voids, holes or zones) from the database and returns a
 * factory of {@link VoidMembership} engines: the data are read once, each worker thread gets its own
 * engine (engines reuse buffers and are not thread-safe).
 */
final class VoidCatalogLoader {

    private VoidCatalogLoader() {
    }

    static Supplier<VoidMembership> load(Connection c, int catalogId) throws SQLException {
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
            List<VoidFinderMembership.Void> voids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT void_id, x, y, z, coalesce(r_eff, radius),"
                    + " coalesce(edge, 0) FROM desi.voidfinder_void WHERE catalog_id = ?")) {
                s.setInt(1, catalogId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        voids.add(new VoidFinderMembership.Void(rs.getInt(1), rs.getDouble(2), rs.getDouble(3),
                                rs.getDouble(4), rs.getDouble(5), rs.getInt(6)));
                    }
                }
            }
            List<VoidFinderMembership.Hole> holes = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT x, y, z, radius, void_id FROM desi.voidfinder_hole WHERE catalog_id = ?")) {
                s.setInt(1, catalogId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        holes.add(new VoidFinderMembership.Hole(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3),
                                rs.getDouble(4), rs.getInt(5)));
                    }
                }
            }
            Cosmology cz = cosmology;
            Volume vol = volume;
            return () -> new VoidFinderMembership(cz, vol, voids, holes);
        }
        List<V2Membership.Void> voids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT void_id, x, y, z, radius, tot_area, edge_area"
                + " FROM desi.v2_void WHERE catalog_id = ?")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    voids.add(new V2Membership.Void(rs.getInt(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), number(rs, 6), number(rs, 7)));
                }
            }
        }
        Map<Integer, Integer> zoneVoid = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT zone_id, void0 FROM desi.v2_zone WHERE catalog_id = ?")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    zoneVoid.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        Map<Long, Integer> tracerZone = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT targetid, zone_id FROM desi.v2_galaxy_zone"
                + " WHERE catalog_id = ? AND targetid IS NOT NULL")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tracerZone.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        Cosmology cz = cosmology;
        Volume vol = volume;
        return () -> new V2Membership(cz, vol, voids, zoneVoid, tracerZone);
    }

    private static double number(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? Double.NaN : v;
    }
}

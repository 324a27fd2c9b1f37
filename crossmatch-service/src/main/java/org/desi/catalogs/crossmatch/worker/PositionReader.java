package org.desi.catalogs.crossmatch.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.desi.catalogs.core.match.SkyPositions;
import org.desi.catalogs.crossmatch.job.CatalogRef;

/** Reads a catalog's id, RA, Dec (and redshift) for a range of declination zones, streamed in batches. */
final class PositionReader {

    private static final int FETCH_ROWS = 50_000;

    private PositionReader() {
    }

    /** Receives one galaxy with its redshift (NaN when NULL). */
    interface GalaxySink {
        void galaxy(long id, double raDeg, double decDeg, double z);
    }

    static SkyPositions positions(Connection c, CatalogRef ref, int zoneMin, int zoneMax) throws SQLException {
        SkyPositions p = new SkyPositions(1024);
        read(c, ref, zoneMin, zoneMax, false, (id, ra, dec, z) -> p.add(id, ra, dec));
        return p;
    }

    static void galaxies(Connection c, CatalogRef ref, int zoneMin, int zoneMax, GalaxySink sink) throws SQLException {
        read(c, ref, zoneMin, zoneMax, true, sink);
    }

    private static void read(Connection c, CatalogRef ref, int zoneMin, int zoneMax, boolean withZ, GalaxySink sink)
            throws SQLException {
        String sql = "SELECT " + ref.col(ref.idColumn()) + ", " + ref.col(ref.raColumn()) + ", "
                + ref.col(ref.decColumn()) + (withZ ? ", " + ref.col(ref.zColumn()) : "")
                + ref.fromWhere() + "zone BETWEEN ? AND ?";
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);   // PgJDBC streams with a fetch size only inside a transaction
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setFetchSize(FETCH_ROWS);
            int i = 1;
            if (ref.shared()) {
                s.setInt(i++, ref.id());
            }
            s.setInt(i++, zoneMin);
            s.setInt(i, zoneMax);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double z = Double.NaN;
                    if (withZ) {
                        z = rs.getDouble(4);
                        if (rs.wasNull()) {
                            z = Double.NaN;
                        }
                    }
                    sink.galaxy(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), z);
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(auto);
        }
    }
}

package org.desi.catalogs.crossmatch.worker;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.desi.catalogs.core.match.SkyPositions;
import org.desi.catalogs.crossmatch.job.CatalogRef;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads a catalog's id, RA, Dec (and redshift) for a range of declination zones with
 * {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)}: no text parsing of doubles, which made a
 * plain ResultSet read about half the speed (bench/crossmatch.sh). Only integers we computed (catalog
 * id, zones) and registry identifiers (quoted) go into the statement.
 */
final class PositionReader {

    private PositionReader() {
    }

    /** Receives one galaxy with its redshift (NaN when NULL). */
    interface GalaxySink {
        void galaxy(long id, double raDeg, double decDeg, double z);
    }

    static SkyPositions positions(Connection c, CatalogRef ref, int zoneMin, int zoneMax) throws SQLException {
        return positions(c, copySql(ref, false, List.of("zone BETWEEN " + zoneMin + " AND " + zoneMax)));
    }

    /** The positions {@code copySql} yields (id, ra, dec): what a sky job reads, and the warm-up through the same code. */
    static SkyPositions positions(Connection c, String copySql) throws SQLException {
        SkyPositions p = new SkyPositions(1024);
        read(c, copySql, false, (id, ra, dec, z) -> p.add(id, ra, dec));
        return p;
    }

    /**
     * The galaxies (with redshift) whose id is in [idMin, idMax] (a null bound: unbounded). A voids job
     * reads id ranges rather than zone bands: rows lie in the table roughly in id (file) order, so a
     * range reads its own pages, while any band of zones has rows on nearly every page of the table.
     */
    static void galaxies(Connection c, CatalogRef ref, Long idMin, Long idMax, GalaxySink sink) throws SQLException {
        String id = ref.col(ref.idColumn());
        List<String> where = new ArrayList<>();
        if (idMin != null) {
            where.add(id + " >= " + idMin);
        }
        if (idMax != null) {
            where.add(id + " <= " + idMax);
        }
        read(c, copySql(ref, true, where), true, sink);
    }

    /** Binary COPY of the catalog's (id, ra, dec[, z]) rows meeting {@code conditions} (and its catalog_id when shared). */
    private static String copySql(CatalogRef ref, boolean withZ, List<String> conditions) {
        List<String> where = new ArrayList<>();
        if (ref.shared()) {
            where.add("catalog_id = " + ref.id());
        }
        where.addAll(conditions);
        return "COPY (SELECT " + ref.col(ref.idColumn()) + "::bigint, " + ref.col(ref.raColumn()) + "::float8, "
                + ref.col(ref.decColumn()) + "::float8" + (withZ ? ", " + ref.col(ref.zColumn()) + "::float8" : "")
                + " FROM " + ref.table() + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + ") TO STDOUT (FORMAT binary)";
    }

    /** Reads the rows of {@code copySql}, a binary COPY TO STDOUT of (bigint, float8, float8[, float8]). */
    static void read(Connection c, String copySql, boolean withZ, GalaxySink sink) throws SQLException {
        CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql);
        try {
            boolean header = true;
            byte[] chunk;
            while ((chunk = out.readFromCopy()) != null) {
                ByteBuffer b = ByteBuffer.wrap(chunk);
                if (header) {
                    b.position(19);   // signature (11), flags (4), header extension length (4, always 0 here)
                    header = false;
                }
                while (b.remaining() >= 2) {
                    short fields = b.getShort();
                    if (fields < 0) {
                        break;   // trailer
                    }
                    long id = b.getInt() < 0 ? Long.MIN_VALUE : b.getLong();
                    double ra = float8(b);
                    double dec = float8(b);
                    double z = withZ ? float8(b) : Double.NaN;
                    if (id != Long.MIN_VALUE && !Double.isNaN(ra) && !Double.isNaN(dec)) {
                        sink.galaxy(id, ra, dec, z);
                    }
                }
            }
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    /** A float8 field; NULL reads as NaN. */
    private static double float8(ByteBuffer b) {
        return b.getInt() < 0 ? Double.NaN : b.getDouble();
    }
}

package org.desi.catalogs.ingest.profile;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.List;
import org.desi.catalogs.core.fits.BinaryTableRows;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.sky.SkyCoverage;
import org.desi.catalogs.core.sky.SkyRanges;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.ingest.copy.CellEncoder;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;

/**
 * One generic table row into one binary COPY tuple: checks the row (position in range, id present),
 * writes (source_file_id, row_number, [zone,] cells...), adds its position to the file's sky coverage
 * and follows whether the ids only grow. The per-row work of {@link GenericProfile}, apart so that
 * {@link LoadWarmUp} runs exactly this code before a pod's first job.
 */
final class GenericRowEncoder {

    private static final ZoneIndex ZONES = ZoneIndex.withDefaultHeight();

    private final int fileId;
    private final List<CellEncoder> encoders;
    private final FitsColumn ra;
    private final FitsColumn dec;
    private final FitsColumn id;
    private final int fields;
    private final SkyCoverage coverage;
    private boolean idsAscending = true;
    private boolean firstId = true;
    private long lastLongId;
    private String lastStringId;

    /** @param ra, dec the position columns (both or neither); id the id column or null */
    GenericRowEncoder(int fileId, List<CellEncoder> encoders, FitsColumn ra, FitsColumn dec, FitsColumn id,
                      int mocOrder) {
        this.fileId = fileId;
        this.encoders = encoders;
        this.ra = ra;
        this.dec = dec;
        this.id = id;
        this.fields = 2 + (ra != null ? 1 : 0) + encoders.size();
        this.coverage = ra != null ? new SkyCoverage(mocOrder) : null;
    }

    /**
     * Writes every row of {@code rows} (the load's one loop, which the warm-up runs too, so the JIT has
     * compiled this very loop); returns how many were rejected.
     */
    long writeAll(BinaryTableRows rows, PgBinaryCopyWriter out, RowListener listener) throws SQLException {
        long read = 0;
        long rejected = 0;
        while (rows.next()) {
            read++;
            String reason = write(out, rows.buffer(), rows.rowOffset(), read);
            if (reason != null) {
                rejected++;
                listener.rejected(read, reason, null);
            }
            if ((read & 1023) == 0) {
                listener.progress(read, rejected, rows.bytesRead());
            }
        }
        return rejected;
    }

    /** Writes row {@code rowNumber} (1-based) at {@code o} of {@code b}; returns why it is rejected, or null. */
    String write(PgBinaryCopyWriter out, ByteBuffer b, int o, long rowNumber) throws SQLException {
        String reason = validate(b, o);
        if (reason != null) {
            return reason;
        }
        if (id != null) {
            followId(b, o);
        }
        out.startRow(fields);
        out.writeInt4(fileId);
        out.writeInt8(rowNumber);
        if (ra != null) {
            double decDeg = dec.doubleValue(b, o, 0);
            out.writeInt4(ZONES.zoneOf(decDeg));
            coverage.add(ra.doubleValue(b, o, 0), decDeg);
        }
        for (CellEncoder e : encoders) {
            e.write(out, b, o);
        }
        return null;
    }

    /** The written rows' sky coverage (null without positions). */
    SkyCoverage coverage() {
        return coverage;
    }

    /** Whether the written rows' ids only ever grew: then none repeats within the file. */
    boolean idsAscending() {
        return idsAscending;
    }

    private void followId(ByteBuffer b, int o) {
        if (!idsAscending) {
            return;
        }
        if (id.type() == 'A') {
            String v = id.stringValue(b, o, 0);
            // PostgreSQL compares text by collation; equality is all that matters, and byte order
            // (String.compareTo on these ASCII/UTF-16 values) only decides whether we may skip the check
            idsAscending = firstId || v.compareTo(lastStringId) > 0;
            lastStringId = v;
        } else {
            long v = id.longValue(b, o, 0);
            idsAscending = firstId || v > lastLongId;
            lastLongId = v;
        }
        firstId = false;
    }

    private String validate(ByteBuffer b, int o) {
        if (ra != null) {
            double raDeg = ra.isNull(b, o, 0) ? Double.NaN : ra.doubleValue(b, o, 0);
            double decDeg = dec.isNull(b, o, 0) ? Double.NaN : dec.doubleValue(b, o, 0);
            if (!SkyRanges.isValidRa(raDeg)) {
                return ra.name() + " " + raDeg + " outside [0, 360) deg";
            }
            if (!SkyRanges.isValidDec(decDeg)) {
                return dec.name() + " " + decDeg + " outside [-90, 90] deg";
            }
        }
        if (id != null) {
            if (id.type() == 'A') {
                if (id.stringValue(b, o, 0).isEmpty()) {
                    return id.name() + " is empty";
                }
            } else if (id.isNull(b, o, 0)) {
                return id.name() + " is null (TNULL)";
            }
        }
        return null;
    }
}

package org.desi.catalogs.ingest.profile;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import org.desi.catalogs.core.fits.BinaryTableLayout;
import org.desi.catalogs.core.fits.BinaryTableRows;
import org.desi.catalogs.core.fits.FileArrival;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.fits.FitsTables;
import org.desi.catalogs.core.fits.FitsFormatException;
import org.desi.catalogs.core.sky.SkyCoverage;
import org.desi.catalogs.core.sky.SkyRanges;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;

/**
 * The FastSpecFit row loop: METADATA and SPECPHOT read side by side, each row checked (TARGETIDs
 * agree, position and science values in range) and the valid ones encoded as binary COPY tuples of
 * {@code fastspecfit_galaxy}. FASTSPEC only contributes its TARGETIDs, to prove the three tables
 * row-aligned: a pass of their own ({@link #readSpec}, beside the COPY) fingerprints them for
 * {@link #requireAligned} to compare with METADATA's, so that an upload's rows can be loaded as soon as
 * METADATA and SPECPHOT have arrived (FASTSPEC, 80% of a file's bytes, comes last). Apart from {@link FastSpecFitProfile}
 * so that {@link LoadWarmUp} runs exactly this code before a pod's first job.
 */
final class FastSpecFitRowEncoder {

    private static final ZoneIndex ZONES = ZoneIndex.withDefaultHeight();
    private static final int FIELDS = 25;

    /** What one pass did: rows read and rejected, bytes read, the written rows' sky and METADATA's TARGETID fingerprint. */
    record Pass(long read, long rejected, long bytesRead, SkyCoverage coverage, long targetIdFingerprint) {
    }

    private final BinaryTableLayout meta;
    private final BinaryTableLayout phot;
    private final FitsColumn tidMeta;
    private final FitsColumn tidPhot;
    private final FitsColumn ra;
    private final FitsColumn dec;
    private final FitsColumn survey;
    private final FitsColumn program;
    private final FitsColumn healpix;
    private final FitsColumn spectype;
    private final FitsColumn[] science;
    private final boolean[] fromPhot;
    private final int catalogId;
    private final int fileId;
    private final int mocOrder;

    /** Finds the columns (FitsFormatException naming a missing or unusable one). */
    FastSpecFitRowEncoder(BinaryTableLayout meta, BinaryTableLayout phot, int catalogId, int fileId, int mocOrder) {
        if (phot.rowCount() != meta.rowCount()) {
            throw new FitsFormatException("METADATA and SPECPHOT must have the same number of rows; they have "
                    + meta.rowCount() + " and " + phot.rowCount());
        }
        this.meta = meta;
        this.phot = phot;
        this.tidMeta = meta.require("TARGETID");
        this.tidPhot = phot.require("TARGETID");
        this.ra = meta.require("RA");
        this.dec = meta.require("DEC");
        this.survey = meta.column("SURVEY").orElse(null);
        this.program = meta.column("PROGRAM").orElse(null);
        this.healpix = meta.column("HEALPIX").orElse(null);
        this.spectype = meta.column("SPECTYPE").orElse(null);
        this.science = new FitsColumn[FastSpecFitProfile.SCIENCE.size()];
        this.fromPhot = new boolean[science.length];
        for (int i = 0; i < science.length; i++) {
            FastSpecFitProfile.Science s = FastSpecFitProfile.SCIENCE.get(i);
            BinaryTableLayout t = s.hdu().equals("METADATA") ? meta : phot;
            fromPhot[i] = t == phot;
            String fitsName = s.column().toUpperCase(Locale.ROOT);
            science[i] = s.required() ? t.require(fitsName) : t.column(fitsName).orElse(null);
            if (science[i] != null && (science[i].elements() != 1 || science[i].type() == 'A')) {
                throw new FitsFormatException(t.hdu().label() + " column " + science[i].label()
                        + " must be a single number");
            }
        }
        this.catalogId = catalogId;
        this.fileId = fileId;
        this.mocOrder = mocOrder;
    }

    /** Reads every row of {@code file} (as far as it has arrived) and writes the valid ones to {@code out}. */
    Pass writeAll(Path file, FileArrival arrival, PgBinaryCopyWriter out, RowListener listener) throws SQLException {
        long read = 0;
        long rejected = 0;
        long fingerprint = 0;
        double[] values = new double[science.length];
        SkyCoverage coverage = new SkyCoverage(mocOrder);
        try (BinaryTableRows m = new BinaryTableRows(file, meta, BinaryTableRows.DEFAULT_BUFFER_BYTES, arrival);
             BinaryTableRows p = new BinaryTableRows(file, phot, BinaryTableRows.DEFAULT_BUFFER_BYTES, arrival)) {
            while (m.next()) {
                p.next();
                read++;
                ByteBuffer mb = m.buffer();
                int mo = m.rowOffset();
                long tid = tidMeta.longValue(mb, mo, 0);
                long tidP = tidPhot.longValue(p.buffer(), p.rowOffset(), 0);
                if (tid != tidP) {
                    throw new FitsFormatException("METADATA and SPECPHOT are not row-aligned: row " + read
                            + " has TARGETID " + tid + " and " + tidP);
                }
                fingerprint = fold(fingerprint, tid);
                String reason = validate(mb, mo, p, values);
                if (reason != null) {
                    rejected++;
                    listener.rejected(read, reason, rejectJson(tid, mb, mo, values));
                } else {
                    writeRow(out, read, tid, mb, mo, values);
                    coverage.add(ra.doubleValue(mb, mo, 0), dec.doubleValue(mb, mo, 0));
                }
                if ((read & 1023) == 0) {
                    listener.progress(read, rejected, m.bytesRead() + p.bytesRead());
                }
            }
            // every row is read: said at once, an upload's FASTSPEC may take a while yet to arrive
            listener.progress(read, rejected, m.bytesRead() + p.bytesRead());
            return new Pass(read, rejected, m.bytesRead() + p.bytesRead(), coverage, fingerprint);
        }
    }

    /** FASTSPEC's TARGETIDs as {@link #readSpec} found them: their fingerprint, and the bytes read. */
    record SpecPass(long targetIdFingerprint, long bytesRead) {
    }

    /**
     * Reads FASTSPEC's TARGETIDs (waiting for an upload's bytes as they arrive) into an order-dependent
     * fingerprint; a FASTSPEC with another row count than METADATA's is refused here. Thread-safe: it
     * opens the file on its own, so it can run beside the COPY.
     */
    static SpecPass readSpec(Path file, FileArrival arrival) {
        FitsTables tables = new FitsTables(file, arrival);
        BinaryTableLayout meta = BinaryTableLayout.of(tables.find("METADATA"));
        BinaryTableLayout spec = BinaryTableLayout.of(tables.find("FASTSPEC"));
        if (spec.rowCount() != meta.rowCount()) {
            throw new FitsFormatException("METADATA and FASTSPEC must have the same number of rows; they have "
                    + meta.rowCount() + " and " + spec.rowCount());
        }
        FitsColumn tidSpec = spec.require("TARGETID");
        long fingerprint = 0;
        // FASTSPEC's rows are wide and only their first column is needed: small reads, as they arrive
        try (BinaryTableRows f = new BinaryTableRows(file, spec, 1 << 20, arrival)) {
            while (f.next()) {
                fingerprint = fold(fingerprint, tidSpec.longValue(f.buffer(), f.rowOffset(), 0));
            }
            return new SpecPass(fingerprint, f.bytesRead());
        }
    }

    /** Refuses the file, naming the first row that differs, unless FASTSPEC lists METADATA's TARGETIDs in order. */
    static void requireAligned(Path file, BinaryTableLayout meta, SpecPass spec, long metaFingerprint) {
        if (spec.targetIdFingerprint() != metaFingerprint) {
            BinaryTableLayout specLayout = BinaryTableLayout.of(new FitsTables(file, FileArrival.COMPLETE).find("FASTSPEC"));
            throw firstMisalignedRow(file, meta, specLayout, specLayout.require("TARGETID"));
        }
    }

    /** The file has arrived by now: read both lists side by side to name the first row that differs. */
    private static FitsFormatException firstMisalignedRow(Path file, BinaryTableLayout meta, BinaryTableLayout spec,
                                                          FitsColumn tidSpec) {
        FitsColumn tidMeta = meta.require("TARGETID");
        try (BinaryTableRows m = new BinaryTableRows(file, meta); BinaryTableRows f = new BinaryTableRows(file, spec)) {
            while (m.next() && f.next()) {
                long a = tidMeta.longValue(m.buffer(), m.rowOffset(), 0);
                long c = tidSpec.longValue(f.buffer(), f.rowOffset(), 0);
                if (a != c) {
                    return new FitsFormatException("METADATA and FASTSPEC are not row-aligned: row " + m.rowNumber()
                            + " has TARGETID " + a + " and " + c);
                }
            }
        }
        // a 64-bit fingerprint collision of different lists: report it rather than load them
        return new FitsFormatException("METADATA and FASTSPEC list different TARGETIDs");
    }

    /** Order-dependent fingerprint of a TARGETID list (a 64-bit mix per id, chained). */
    static long fold(long fingerprint, long targetId) {
        long x = targetId * 0x9E3779B97F4A7C15L;
        x ^= x >>> 32;
        x *= 0xD6E8FEB86659FD93L;
        x ^= x >>> 32;
        return fingerprint * 0xBF58476D1CE4E5B9L + x;
    }

    private String validate(ByteBuffer mb, int mo, BinaryTableRows p, double[] values) {
        for (int i = 0; i < science.length; i++) {
            FitsColumn c = science[i];
            ByteBuffer b = fromPhot[i] ? p.buffer() : mb;
            int o = fromPhot[i] ? p.rowOffset() : mo;
            values[i] = c == null || c.isNull(b, o, 0) ? Double.NaN : c.doubleValue(b, o, 0);
        }
        double raDeg = ra.isNull(mb, mo, 0) ? Double.NaN : ra.doubleValue(mb, mo, 0);
        double decDeg = dec.isNull(mb, mo, 0) ? Double.NaN : dec.doubleValue(mb, mo, 0);
        if (!SkyRanges.isValidRa(raDeg)) {
            return "RA " + raDeg + " outside [0, 360) deg";
        }
        if (!SkyRanges.isValidDec(decDeg)) {
            return "DEC " + decDeg + " outside [-90, 90] deg";
        }
        for (int i = 0; i < science.length; i++) {
            FastSpecFitProfile.Science s = FastSpecFitProfile.SCIENCE.get(i);
            double v = values[i];
            if (Double.isNaN(v)) {
                if (s.required() && s.column().equals("z")) {
                    return "Z is null or NaN";
                }
                continue;
            }
            if (Double.isInfinite(v) || v < s.min() || v > s.max()) {
                return s.column().toUpperCase(Locale.ROOT) + " " + v + " outside [" + s.min() + ", " + s.max() + "]"
                        + (s.unit() != null ? " " + s.unit() : "");
            }
        }
        return null;
    }

    private void writeRow(PgBinaryCopyWriter out, long rowNumber, long tid, ByteBuffer mb, int mo, double[] values)
            throws SQLException {
        double decDeg = dec.doubleValue(mb, mo, 0);
        out.startRow(FIELDS);
        out.writeInt4(catalogId);
        out.writeInt8(tid);
        text(out, survey, mb, mo);
        text(out, program, mb, mo);
        if (healpix == null || healpix.isNull(mb, mo, 0)) {
            out.writeNull();
        } else {
            out.writeInt4((int) healpix.longValue(mb, mo, 0));
        }
        out.writeFloat8(ra.doubleValue(mb, mo, 0));
        out.writeFloat8(decDeg);
        out.writeInt4(ZONES.zoneOf(decDeg));
        for (int i = 0; i < science.length; i++) {
            if (i == 3) {
                text(out, spectype, mb, mo);   // spectype sits between deltachi2 and logmstar
            }
            double v = values[i];
            if (Double.isNaN(v)) {
                out.writeNull();
            } else if (i == FastSpecFitProfile.ZWARN) {
                // a 64-bit bitmask: read as an integer, never through a double or a short
                FitsColumn c = science[i];
                out.writeInt8(c.isInteger() && !c.isScaled() ? c.longValue(mb, mo, 0) : (long) v);
            } else if (FastSpecFitProfile.SCIENCE.get(i).real()) {
                out.writeFloat4((float) v);
            } else {
                out.writeFloat8(v);
            }
        }
        out.writeInt4(fileId);
        out.writeInt8(rowNumber);
    }

    private static void text(PgBinaryCopyWriter out, FitsColumn c, ByteBuffer b, int o) throws SQLException {
        if (c == null) {
            out.writeNull();
        } else {
            out.writeAsciiText(b, c.stringStart(o, 0), c.stringLength(b, o, 0));
        }
    }

    private String rejectJson(long tid, ByteBuffer mb, int mo, double[] values) {
        StringBuilder s = new StringBuilder("{\"TARGETID\":").append(tid);
        s.append(",\"RA\":").append(json(ra.doubleValue(mb, mo, 0)));
        s.append(",\"DEC\":").append(json(dec.doubleValue(mb, mo, 0)));
        for (int i = 0; i < values.length; i++) {
            s.append(",\"").append(FastSpecFitProfile.SCIENCE.get(i).column().toUpperCase(Locale.ROOT)).append("\":")
                    .append(json(values[i]));
        }
        return s.append('}').toString();
    }

    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "\"" + v + "\"";
    }
}

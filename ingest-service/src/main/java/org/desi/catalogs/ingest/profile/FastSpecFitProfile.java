package org.desi.catalogs.ingest.profile;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.desi.catalogs.core.fits.BinaryTableLayout;
import org.desi.catalogs.core.fits.BinaryTableRows;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.fits.FitsFormatException;
import org.desi.catalogs.core.fits.FitsLayout;
import org.desi.catalogs.core.sky.SkyRanges;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.core.util.LongHashSet;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;
import org.desi.catalogs.ingest.job.Profile;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * DESI FastSpecFit (iron): METADATA + SPECPHOT + FASTSPEC, row-aligned. Tables are found by EXTNAME
 * (the HDU order changed between versions) and read side by side; TARGETID must agree row by row or
 * the load fails naming the first bad row. The science columns go into {@code fastspecfit_galaxy};
 * several files (hp00..hp11) accumulate into one catalog with per-file provenance.
 */
@ApplicationScoped
public class FastSpecFitProfile implements IngestProfile {

    /** A science column: where it comes from, its SQL type, unit and the physically sensible range. */
    record Science(String column, String hdu, boolean real, boolean required, double min, double max, String unit) {
    }

    /** Order = the COPY column order after the fixed leading columns. */
    static final List<Science> SCIENCE = List.of(
            new Science("z", "METADATA", false, true, -0.01, 7.0, null),
            new Science("zwarn", "METADATA", false, false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null),
            new Science("deltachi2", "METADATA", false, false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null),
            new Science("logmstar", "SPECPHOT", true, true, 0.0, 14.0, "log10(Msun)"),
            new Science("sfr", "SPECPHOT", true, true, 0.0, 10_000.0, "Msun/yr"),
            new Science("dn4000", "SPECPHOT", true, true, 0.0, 5.0, null),
            new Science("dn4000_ivar", "SPECPHOT", true, false, 0.0, Double.POSITIVE_INFINITY, null),
            new Science("vdisp", "SPECPHOT", true, false, 0.0, 2000.0, "km/s"),
            new Science("vdisp_ivar", "SPECPHOT", true, false, 0.0, Double.POSITIVE_INFINITY, "s2/km2"),
            new Science("age", "SPECPHOT", true, false, 0.0, 20.0, "Gyr"),
            new Science("zzsun", "SPECPHOT", true, false, -5.0, 5.0, null),
            new Science("tauv", "SPECPHOT", true, false, 0.0, 50.0, null),
            new Science("absmag01_sdss_r", "SPECPHOT", true, false, -40.0, 0.0, "mag"),
            new Science("flux_r", "METADATA", true, false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                    "nanomaggies"));

    private static final String COPY_SQL = "COPY fastspecfit_galaxy (catalog_id, targetid, survey, program, healpix,"
            + " ra, dec, zone, z, zwarn, deltachi2, spectype, logmstar, sfr, dn4000, dn4000_ivar, vdisp, vdisp_ivar,"
            + " age, zzsun, tauv, absmag01_sdss_r, flux_r, source_file_id, source_row) FROM STDIN (FORMAT binary)";
    private static final int FIELDS = 25;

    private final ZoneIndex zones = ZoneIndex.withDefaultHeight();

    @Override
    public Profile profile() {
        return Profile.FASTSPECFIT;
    }

    @Override
    public LoadResult load(LoadContext ctx) throws SQLException {
        FitsLayout fits = FitsLayout.scan(ctx.file());
        BinaryTableLayout meta = BinaryTableLayout.of(fits.binaryTable("METADATA"));
        BinaryTableLayout phot = BinaryTableLayout.of(fits.binaryTable("SPECPHOT"));
        BinaryTableLayout spec = BinaryTableLayout.of(fits.binaryTable("FASTSPEC"));
        long rows = meta.rowCount();
        if (phot.rowCount() != rows || spec.rowCount() != rows) {
            throw new FitsFormatException("METADATA, SPECPHOT and FASTSPEC must have the same number of rows; they have "
                    + rows + ", " + phot.rowCount() + " and " + spec.rowCount());
        }
        FitsColumn tidMeta = meta.require("TARGETID");
        FitsColumn tidPhot = phot.require("TARGETID");
        FitsColumn tidSpec = spec.require("TARGETID");
        FitsColumn ra = meta.require("RA");
        FitsColumn dec = meta.require("DEC");
        FitsColumn survey = meta.column("SURVEY").orElse(null);
        FitsColumn program = meta.column("PROGRAM").orElse(null);
        FitsColumn healpix = meta.column("HEALPIX").orElse(null);
        FitsColumn spectype = meta.column("SPECTYPE").orElse(null);
        FitsColumn[] science = new FitsColumn[SCIENCE.size()];
        boolean[] fromPhot = new boolean[SCIENCE.size()];
        for (int i = 0; i < science.length; i++) {
            Science s = SCIENCE.get(i);
            BinaryTableLayout t = s.hdu().equals("METADATA") ? meta : phot;
            fromPhot[i] = t == phot;
            String fitsName = s.column().toUpperCase(Locale.ROOT);
            science[i] = s.required() ? t.require(fitsName) : t.column(fitsName).orElse(null);
            if (science[i] != null && (science[i].elements() != 1 || science[i].type() == 'A')) {
                throw new FitsFormatException(t.hdu().label() + " column " + science[i].label()
                        + " must be a single number");
            }
        }

        int catalogId = CatalogRegistry.lockOrCreate(ctx.tx(), ctx.catalog(), "fastspecfit", "desi.fastspecfit_galaxy",
                "targetid", "ra", "dec", "z");
        int fileId = CatalogRegistry.replaceSourceFile(ctx.tx(), catalogId, ctx.fileName(), ctx.sha256(),
                ctx.sizeBytes(), ctx.runId(), null);
        LongHashSet seen = existingTargetIds(ctx, catalogId, rows);

        long read = 0;
        long rejected = 0;
        double[] values = new double[science.length];
        CopyIn copyIn = ctx.tx().unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL);
        try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(copyIn, ctx.copyBufferBytes());
             BinaryTableRows m = new BinaryTableRows(ctx.file(), meta);
             BinaryTableRows p = new BinaryTableRows(ctx.file(), phot);
             BinaryTableRows f = new BinaryTableRows(ctx.file(), spec, 64 * 1024)) {
            while (m.next()) {
                p.next();
                f.next();
                read++;
                ByteBuffer mb = m.buffer();
                int mo = m.rowOffset();
                long tid = tidMeta.longValue(mb, mo, 0);
                long tidP = tidPhot.longValue(p.buffer(), p.rowOffset(), 0);
                long tidF = tidSpec.longValue(f.buffer(), f.rowOffset(), 0);
                if (tid != tidP || tid != tidF) {
                    throw new FitsFormatException("METADATA, SPECPHOT and FASTSPEC are not row-aligned: row " + read
                            + " has TARGETID " + tid + ", " + tidP + " and " + tidF);
                }
                String reason = validate(mb, mo, ra, dec, tid, seen, science, fromPhot, p, values);
                if (reason != null) {
                    rejected++;
                    ctx.rejects().reject(read, "METADATA", reason, rejectJson(tid, mb, mo, ra, dec, values));
                } else {
                    writeRow(out, catalogId, fileId, read, tid, mb, mo, ra, dec, survey, program, healpix, spectype,
                            science, values);
                }
                if ((read & 1023) == 0) {
                    ctx.progress().report(rows, read, read - rejected, rejected, bytesRead(m, p, f));
                }
            }
            long loaded = out.finish();
            ctx.rejects().copyInto(ctx.tx());
            CatalogRegistry.finish(ctx.tx(), catalogId, fileId, loaded);
            CatalogRegistry.registerColumns(ctx.tx(), catalogId, registeredColumns());
            LoadResult result = new LoadResult(rows, read, loaded, rejected, bytesRead(m, p, f));
            ctx.progress().report(rows, read, loaded, rejected, result.bytesRead());
            return result;
        }
    }

    private static long bytesRead(BinaryTableRows... cursors) {
        long b = 0;
        for (BinaryTableRows c : cursors) {
            b += c.bytesRead();
        }
        return b;
    }

    private String validate(ByteBuffer mb, int mo, FitsColumn ra, FitsColumn dec, long tid, LongHashSet seen,
                            FitsColumn[] science, boolean[] fromPhot, BinaryTableRows p, double[] values) {
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
            Science s = SCIENCE.get(i);
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
        if (!seen.add(tid)) {
            return "duplicate TARGETID " + tid + " in catalog";
        }
        return null;
    }

    private void writeRow(PgBinaryCopyWriter out, int catalogId, int fileId, long rowNumber, long tid, ByteBuffer mb,
                          int mo, FitsColumn ra, FitsColumn dec, FitsColumn survey, FitsColumn program,
                          FitsColumn healpix, FitsColumn spectype, FitsColumn[] science, double[] values)
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
        out.writeInt4(zones.zoneOf(decDeg));
        for (int i = 0; i < science.length; i++) {
            if (i == 3) {
                text(out, spectype, mb, mo);   // spectype sits between deltachi2 and logmstar
            }
            double v = values[i];
            if (Double.isNaN(v)) {
                out.writeNull();
            } else if (SCIENCE.get(i).column().equals("zwarn")) {
                // a 64-bit bitmask: read as an integer, never through a double or a short
                FitsColumn c = science[i];
                out.writeInt8(c.isInteger() && !c.isScaled() ? c.longValue(mb, mo, 0) : (long) v);
            } else if (SCIENCE.get(i).real()) {
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
            out.writeText(c.stringValue(b, o, 0));
        }
    }

    private static String rejectJson(long tid, ByteBuffer mb, int mo, FitsColumn ra, FitsColumn dec, double[] values) {
        StringBuilder s = new StringBuilder("{\"TARGETID\":").append(tid);
        s.append(",\"RA\":").append(json(ra.doubleValue(mb, mo, 0)));
        s.append(",\"DEC\":").append(json(dec.doubleValue(mb, mo, 0)));
        for (int i = 0; i < values.length; i++) {
            s.append(",\"").append(SCIENCE.get(i).column().toUpperCase(Locale.ROOT)).append("\":").append(json(values[i]));
        }
        return s.append('}').toString();
    }

    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "\"" + v + "\"";
    }

    private static LongHashSet existingTargetIds(LoadContext ctx, int catalogId, long expectedNew) throws SQLException {
        long existing;
        try (PreparedStatement c = ctx.tx().prepareStatement("SELECT row_count FROM catalog WHERE catalog_id = ?")) {
            c.setInt(1, catalogId);
            try (ResultSet rs = c.executeQuery()) {
                rs.next();
                existing = rs.getLong(1);
            }
        }
        LongHashSet seen = new LongHashSet((int) Math.min(Integer.MAX_VALUE / 4, existing + expectedNew));
        if (existing > 0) {
            try (PreparedStatement s = ctx.tx().prepareStatement(
                    "SELECT targetid FROM fastspecfit_galaxy WHERE catalog_id = ?")) {
                s.setFetchSize(50_000);
                s.setInt(1, catalogId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        seen.add(rs.getLong(1));
                    }
                }
            }
        }
        return seen;
    }

    /** The columns query-service may filter on, with units. */
    static List<CatalogRegistry.Column> registeredColumns() {
        List<CatalogRegistry.Column> cols = new ArrayList<>(List.of(
                new CatalogRegistry.Column("targetid", "bigint", null, "DESI TARGETID"),
                new CatalogRegistry.Column("survey", "text", null, "DESI survey"),
                new CatalogRegistry.Column("program", "text", null, "DESI program"),
                new CatalogRegistry.Column("healpix", "integer", null, "HEALPix pixel (nside 64, nested)"),
                new CatalogRegistry.Column("ra", "double precision", "deg", "Right ascension (ICRS)"),
                new CatalogRegistry.Column("dec", "double precision", "deg", "Declination (ICRS)"),
                new CatalogRegistry.Column("spectype", "text", null, "Redrock spectral type")));
        for (Science s : SCIENCE) {
            String type = s.column().equals("zwarn") ? "bigint" : s.real() ? "real" : "double precision";
            cols.add(new CatalogRegistry.Column(s.column(), type, s.unit(), null));
        }
        return cols;
    }
}

package org.desi.catalogs.ingest.profile;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.desi.catalogs.core.fits.BinaryTableLayout;
import org.desi.catalogs.core.fits.BinaryTableRows;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.fits.FitsFormatException;
import org.desi.catalogs.core.fits.FitsLayout;
import org.desi.catalogs.core.sky.SkyCoverage;
import org.desi.catalogs.core.sky.SkyRanges;
import org.desi.catalogs.core.sky.ZoneIndex;
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

    private static final String COLUMNS = "catalog_id, targetid, survey, program, healpix,"
            + " ra, dec, zone, z, zwarn, deltachi2, spectype, logmstar, sfr, dn4000, dn4000_ivar, vdisp, vdisp_ivar,"
            + " age, zzsun, tauv, absmag01_sdss_r, flux_r, source_file_id, source_row";
    /** When a file holds duplicates its valid rows land here first, and SQL sorts them out. */
    private static final String STAGE = "pg_temp.fastspecfit_stage";
    private static final String STAGE_COPY_SQL = "COPY " + STAGE + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final String DIRECT_COPY_SQL = "COPY fastspecfit_galaxy (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final String UNIQUE_VIOLATION = "23505";
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
        Columns cols = new Columns(meta, phot, spec, tidMeta, tidPhot, tidSpec, ra, dec, survey, program, healpix,
                spectype, science, fromPhot);

        // Duplicates are rare: copy straight into the table (its primary key catches any) and only when
        // PostgreSQL reports one, redo the file through a temporary table where SQL sorts them out.
        // Either way no id set grows in the heap.
        Pass pass;
        long loaded;
        long duplicates = 0;
        Savepoint direct = ctx.tx().setSavepoint();
        try {
            pass = copy(ctx, cols, catalogId, fileId, DIRECT_COPY_SQL);
            loaded = pass.copied();
            CatalogRegistry.storeCoverage(ctx.tx(), fileId, pass.coverage());
            ctx.tx().releaseSavepoint(direct);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            ctx.tx().rollback(direct);
            ctx.rejects().clear();
            try (Statement st = ctx.tx().createStatement()) {
                st.execute("CREATE TEMP TABLE fastspecfit_stage (LIKE fastspecfit_galaxy) ON COMMIT DROP");
            }
            pass = copy(ctx, cols, catalogId, fileId, STAGE_COPY_SQL);
            duplicates = rejectDuplicates(ctx);
            loaded = insertStaged(ctx);
            // the staged pass saw the duplicates too: the coverage is that of the rows kept
            CatalogRegistry.storeCoverage(ctx.tx(), fileId, CatalogRegistry.coverageOf(ctx.tx(), ctx.mocOrder(),
                    "SELECT ra, dec FROM fastspecfit_galaxy WHERE source_file_id = ?", fileId));
        }
        ctx.rejects().copyInto(ctx.tx());
        long rejected = pass.rejected() + duplicates;
        CatalogRegistry.finish(ctx.tx(), catalogId, fileId, loaded);
        CatalogRegistry.registerColumns(ctx.tx(), catalogId, registeredColumns());
        LoadResult result = new LoadResult(rows, pass.read(), loaded, rejected, pass.bytesRead());
        ctx.progress().report(rows, pass.read(), loaded, rejected, result.bytesRead());
        return result;
    }

    /** The three tables' layouts and the columns read from them. */
    private record Columns(BinaryTableLayout meta, BinaryTableLayout phot, BinaryTableLayout spec,
                           FitsColumn tidMeta, FitsColumn tidPhot, FitsColumn tidSpec, FitsColumn ra, FitsColumn dec,
                           FitsColumn survey, FitsColumn program, FitsColumn healpix, FitsColumn spectype,
                           FitsColumn[] science, boolean[] fromPhot) {
    }

    /** What one pass over the file did: rows read, rejected by validation, handed to COPY. */
    private record Pass(long read, long rejected, long copied, long bytesRead, SkyCoverage coverage) {
    }

    /** Reads the file once, validates every row and copies the valid ones with {@code copySql}. */
    private Pass copy(LoadContext ctx, Columns c, int catalogId, int fileId, String copySql) throws SQLException {
        long rows = c.meta().rowCount();
        long read = 0;
        long rejected = 0;
        double[] values = new double[c.science().length];
        SkyCoverage coverage = new SkyCoverage(ctx.mocOrder());
        CopyIn copyIn = ctx.tx().unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(copyIn, ctx.copyBufferBytes());
             BinaryTableRows m = new BinaryTableRows(ctx.file(), c.meta());
             BinaryTableRows p = new BinaryTableRows(ctx.file(), c.phot());
             BinaryTableRows f = new BinaryTableRows(ctx.file(), c.spec(), 64 * 1024)) {
            while (m.next()) {
                p.next();
                f.next();
                read++;
                ByteBuffer mb = m.buffer();
                int mo = m.rowOffset();
                long tid = c.tidMeta().longValue(mb, mo, 0);
                long tidP = c.tidPhot().longValue(p.buffer(), p.rowOffset(), 0);
                long tidF = c.tidSpec().longValue(f.buffer(), f.rowOffset(), 0);
                if (tid != tidP || tid != tidF) {
                    throw new FitsFormatException("METADATA, SPECPHOT and FASTSPEC are not row-aligned: row " + read
                            + " has TARGETID " + tid + ", " + tidP + " and " + tidF);
                }
                String reason = validate(mb, mo, c.ra(), c.dec(), c.science(), c.fromPhot(), p, values);
                if (reason != null) {
                    rejected++;
                    ctx.rejects().reject(read, "METADATA", reason, rejectJson(tid, mb, mo, c.ra(), c.dec(), values));
                } else {
                    writeRow(out, catalogId, fileId, read, tid, mb, mo, c.ra(), c.dec(), c.survey(), c.program(),
                            c.healpix(), c.spectype(), c.science(), values);
                    coverage.add(c.ra().doubleValue(mb, mo, 0), c.dec().doubleValue(mb, mo, 0));
                }
                if ((read & 1023) == 0) {
                    ctx.progress().report(rows, read, read - rejected, rejected, bytesRead(m, p, f));
                }
            }
            long copied = out.finish();
            return new Pass(read, rejected, copied, bytesRead(m, p, f), coverage);
        }
    }

    private static long bytesRead(BinaryTableRows... cursors) {
        long b = 0;
        for (BinaryTableRows c : cursors) {
            b += c.bytesRead();
        }
        return b;
    }

    /**
     * Keeps every staged row whose TARGETID the catalog already holds (from another file) or an earlier
     * row of this file holds in {@code rejected_row}; returns how many. PostgreSQL sorts or hashes within
     * work_mem and spills beyond it, so the service's memory does not grow with the catalog.
     */
    private static long rejectDuplicates(LoadContext ctx) throws SQLException {
        try (PreparedStatement s = ctx.tx().prepareStatement("INSERT INTO rejected_row (run_id, row_number, hdu,"
                + " reason, raw_values) SELECT ?, d.source_row, 'METADATA', 'duplicate TARGETID ' || d.targetid"
                + " || CASE WHEN d.nth > 1 THEN ' in this file' ELSE ' in catalog (loaded from another file)' END,"
                + " jsonb_build_object('TARGETID', d.targetid, 'RA', d.ra, 'DEC', d.dec, 'Z', d.z,"
                + " 'LOGMSTAR', d.logmstar, 'SFR', d.sfr, 'DN4000', d.dn4000)"
                + " FROM (SELECT s.*, row_number() OVER (PARTITION BY s.targetid ORDER BY s.source_row) AS nth,"
                + " g.targetid IS NOT NULL AS elsewhere FROM " + STAGE + " s LEFT JOIN fastspecfit_galaxy g"
                + " ON g.catalog_id = s.catalog_id AND g.targetid = s.targetid) d WHERE d.nth > 1 OR d.elsewhere")) {
            s.setLong(1, ctx.runId());
            return s.executeUpdate();
        }
    }

    /**
     * Moves the staged rows that are not duplicates into the catalog, in TARGETID order (the primary-key
     * B-tree then grows at its right edge instead of at random); returns how many.
     */
    private static long insertStaged(LoadContext ctx) throws SQLException {
        try (Statement s = ctx.tx().createStatement()) {
            return s.executeUpdate("INSERT INTO fastspecfit_galaxy (" + COLUMNS + ") SELECT DISTINCT ON (s.targetid) "
                    + COLUMNS.replaceAll("(\\w+)", "s.$1") + " FROM " + STAGE + " s WHERE NOT EXISTS (SELECT 1 FROM"
                    + " fastspecfit_galaxy g WHERE g.catalog_id = s.catalog_id AND g.targetid = s.targetid)"
                    + " ORDER BY s.targetid, s.source_row");
        }
    }

    private String validate(ByteBuffer mb, int mo, FitsColumn ra, FitsColumn dec,
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

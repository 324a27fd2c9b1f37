package org.desi.catalogs.ingest.profile;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import org.desi.catalogs.core.fits.BinaryTableLayout;
import org.desi.catalogs.core.fits.FitsTables;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;
import org.desi.catalogs.ingest.job.Profile;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * DESI FastSpecFit (iron): METADATA + SPECPHOT + FASTSPEC, row-aligned. Tables are found by EXTNAME
 * (the HDU order changed between versions); METADATA and SPECPHOT are read side by side and FASTSPEC's
 * TARGETIDs checked against METADATA's after them ({@link FastSpecFitRowEncoder}); any disagreement
 * fails the load naming the first bad row. The science columns go into {@code fastspecfit_galaxy}, each
 * file's rows into a partition of their own (schema v17: copied unindexed, indexed, attached at commit);
 * several files (hp00..hp11) accumulate into one catalog with per-file provenance, a TARGETID once per
 * catalog. An upload is loaded
 * while it arrives: its rows sit in the first fifth of the file.
 */
@ApplicationScoped
public class FastSpecFitProfile implements IngestProfile {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FastSpecFitProfile.class);

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
    private static final String UNIQUE_VIOLATION = "23505";
    /** What a rejected duplicate keeps of its row (as JSON), besides its row number. */
    private static final String RAW_VALUES = "jsonb_build_object('TARGETID', m.targetid, 'RA', m.ra, 'DEC', m.dec,"
            + " 'Z', m.z, 'LOGMSTAR', m.logmstar, 'SFR', m.sfr, 'DN4000', m.dn4000)";
    /** Index of zwarn in {@link #SCIENCE} (a 64-bit bitmask, written as an integer). */
    static final int ZWARN = SCIENCE.stream().map(Science::column).toList().indexOf("zwarn");

    @Override
    public Profile profile() {
        return Profile.FASTSPECFIT;
    }

    @Override
    public LoadResult load(LoadContext ctx) throws SQLException {
        FitsTables tables = new FitsTables(ctx.file(), ctx.arrival());
        BinaryTableLayout meta = BinaryTableLayout.of(tables.find("METADATA"));
        BinaryTableLayout phot = BinaryTableLayout.of(tables.find("SPECPHOT"));
        int catalogId = CatalogRegistry.lockOrCreate(ctx.tx(), ctx.catalog(), "fastspecfit", "desi.fastspecfit_galaxy",
                "targetid", "ra", "dec", "z");
        int oldFileId = CatalogRegistry.sourceFileId(ctx.tx(), catalogId, ctx.fileName());
        // the earlier version's partition is dropped when this transaction commits (schema v17's deferred
        // trigger): readers keep the old rows until the new ones are attached
        int fileId = CatalogRegistry.replaceSourceFile(ctx.tx(), catalogId, ctx.fileName(), ctx.sha256(),
                ctx.sizeBytes(), ctx.runId(), null);
        // the file's rows go into a table of their own, unindexed (PostgreSQL builds a B-tree from sorted data
        // about twice as fast as it maintains one row by row), indexed and attached as the file's partition
        String stage = call(ctx, "SELECT desi.fastspecfit_stage(?)::text", fileId);
        FastSpecFitRowEncoder encoder = new FastSpecFitRowEncoder(meta, phot, catalogId, fileId, ctx.mocOrder());
        long rows = meta.rowCount();

        long t0 = System.nanoTime();
        // FASTSPEC (most of the bytes, last in an upload) only proves the rows aligned: its TARGETIDs are
        // folded by the pass hashing a data-directory file as it reads past them (scanTap), else read on a
        // thread of their own; either way reading it overlaps the COPY instead of following it
        SideTask<FastSpecFitRowEncoder.SpecPass> spec = ctx.tap() instanceof SpecTargetIdTap tap
                ? SideTask.of(tap.result())
                : SideTask.start("fastspec-targetids-" + ctx.runId(),
                        () -> FastSpecFitRowEncoder.readSpec(ctx.file(), ctx.arrival()));
        FastSpecFitRowEncoder.Pass pass;
        long copied;
        // FREEZE (allowed: the table was created in this transaction): the rows are all-visible from the
        // commit on, so schema v18's covering key answers position reads without a VACUUM first, and the
        // first reader does not rewrite every page to set hint bits
        CopyIn copyIn = ctx.tx().unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY " + stage + " (" + COLUMNS + ") FROM STDIN (FORMAT binary, FREEZE)");
        try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(copyIn, ctx.copyBufferBytes())) {
            pass = encoder.writeAll(ctx.file(), ctx.arrival(), out, RowListener.reportingTo(ctx, "METADATA", rows));
            copied = out.finish();
        } catch (SQLException | RuntimeException e) {
            spec.cancel();   // FASTSPEC's TARGETIDs are not needed now: stop reading the file
            throw e;
        }
        long t1 = System.nanoTime();
        // the indexes are built while FASTSPEC is still being read (an upload's last 80% may still be arriving):
        // its TARGETIDs are checked before anything is registered, and a misaligned file rolls all of it back
        long duplicates;
        try {
            duplicates = indexAndAttach(ctx, stage, catalogId, fileId, oldFileId);
        } catch (SQLException | RuntimeException e) {
            spec.cancel();
            throw e;
        }
        long t2 = System.nanoTime();
        FastSpecFitRowEncoder.SpecPass specPass = spec.join();
        FastSpecFitRowEncoder.requireAligned(ctx.file(), meta, specPass, pass.targetIdFingerprint());
        tables.requireSameInWholeFile();
        long t3 = System.nanoTime();
        // with duplicates dropped, the coverage is that of the rows kept
        CatalogRegistry.storeCoverage(ctx.tx(), fileId, duplicates == 0 ? pass.coverage()
                : CatalogRegistry.coverageOf(ctx.tx(), ctx.mocOrder(), "SELECT ra, dec FROM " + stage
                        + " WHERE source_file_id = ?", fileId));
        ctx.rejects().copyInto(ctx.tx());
        long loaded = copied - duplicates;
        long rejected = pass.rejected() + duplicates;
        CatalogRegistry.finish(ctx.tx(), catalogId, fileId, loaded);
        CatalogRegistry.registerColumns(ctx.tx(), catalogId, registeredColumns());
        LOG.infof("ingest run %d: COPY of %d rows %.2f s, then duplicate checks and indexes %.2f s (%d duplicates),"
                + " waiting for FASTSPEC's TARGETIDs %.2f s, coverage, rejects and registry %.2f s", ctx.runId(), copied,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, duplicates, (t3 - t2) / 1e9, (System.nanoTime() - t3) / 1e9);
        LoadResult result = new LoadResult(rows, pass.read(), loaded, rejected, pass.bytesRead() + specPass.bytesRead());
        ctx.progress().report(rows, pass.read(), loaded, rejected, result.bytesRead());
        return result;
    }

    @Override
    public ScanTap scanTap(Path file) {
        return SpecTargetIdTap.of(file);
    }

    /**
     * Drops the staged rows whose TARGETID the catalog holds already (or an earlier row of the file), builds
     * the stage's indexes and attaches it as the file's partition; returns how many rows were dropped.
     */
    private static long indexAndAttach(LoadContext ctx, String stage, int catalogId, int fileId, int oldFileId)
            throws SQLException {
        // Duplicates are rare: the catalog's other files are looked up only when it has any, and the file's
        // own repeats are found by the primary key's build (which then runs a second time)
        long duplicates = CatalogRegistry.hasOtherFiles(ctx.tx(), catalogId, fileId, oldFileId)
                ? rejectDuplicatesOfOtherFiles(ctx, stage, catalogId, fileId, oldFileId) : 0;
        Savepoint beforeIndexes = ctx.tx().setSavepoint();
        try {
            call(ctx, "SELECT desi.fastspecfit_attach(?)::text", fileId);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            ctx.tx().rollback(beforeIndexes);
            duplicates += rejectRepeatsInFile(ctx, stage);
            call(ctx, "SELECT desi.fastspecfit_attach(?)::text", fileId);
        }
        return duplicates;
    }

    /** Runs {@code sql} (one integer parameter) and returns its single text value. */
    private static String call(LoadContext ctx, String sql, int arg) throws SQLException {
        try (PreparedStatement s = ctx.tx().prepareStatement(sql)) {
            s.setInt(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Moves every staged row whose TARGETID another file of the catalog holds (the file's earlier version
     * aside) to {@code rejected_row}; returns how many. A TARGETID's repeats within the file go too, named as
     * such. PostgreSQL joins within work_mem and spills beyond it: the service's memory does not grow with
     * the catalog.
     */
    private static long rejectDuplicatesOfOtherFiles(LoadContext ctx, String stage, int catalogId, int fileId,
                                                     int oldFileId) throws SQLException {
        // a top-level EXISTS is a semi-join PostgreSQL hashes or merges, never a subplan per row
        try (PreparedStatement s = ctx.tx().prepareStatement("WITH m AS (DELETE FROM " + stage + " s WHERE EXISTS"
                + " (SELECT 1 FROM desi.fastspecfit_galaxy g WHERE g.catalog_id = ? AND g.targetid = s.targetid"
                + " AND g.source_file_id <> ? AND g.source_file_id <> ?) RETURNING s.*)"
                + " INSERT INTO rejected_row (run_id, row_number, hdu, reason, raw_values)"
                + " SELECT ?, m.source_row, 'METADATA', 'duplicate TARGETID ' || m.targetid || CASE WHEN row_number()"
                + " OVER (PARTITION BY m.targetid ORDER BY m.source_row) > 1 THEN ' in this file'"
                + " ELSE ' in catalog (loaded from another file)' END, " + RAW_VALUES + " FROM m")) {
            s.setInt(1, catalogId);
            s.setInt(2, fileId);
            s.setInt(3, oldFileId);
            s.setLong(4, ctx.runId());
            return s.executeUpdate();
        }
    }

    /** Moves every staged row whose TARGETID an earlier row of the file holds to {@code rejected_row}. */
    private static long rejectRepeatsInFile(LoadContext ctx, String stage) throws SQLException {
        try (PreparedStatement s = ctx.tx().prepareStatement("WITH m AS (DELETE FROM " + stage + " s USING"
                + " (SELECT source_row FROM (SELECT source_row, row_number() OVER (PARTITION BY targetid"
                + " ORDER BY source_row) AS nth FROM " + stage + ") n WHERE n.nth > 1) d"
                + " WHERE s.source_row = d.source_row RETURNING s.*)"
                + " INSERT INTO rejected_row (run_id, row_number, hdu, reason, raw_values)"
                + " SELECT ?, m.source_row, 'METADATA', 'duplicate TARGETID ' || m.targetid || ' in this file', "
                + RAW_VALUES + " FROM m")) {
            s.setLong(1, ctx.runId());
            return s.executeUpdate();
        }
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

package org.desi.catalogs.ingest.profile;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
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
 * fails the load naming the first bad row. The science columns go into {@code fastspecfit_galaxy};
 * several files (hp00..hp11) accumulate into one catalog with per-file provenance. An upload is loaded
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
    /** When a file holds duplicates its valid rows land here first, and SQL sorts them out. */
    private static final String STAGE = "pg_temp.fastspecfit_stage";
    private static final String STAGE_COPY_SQL = "COPY " + STAGE + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final String DIRECT_COPY_SQL = "COPY fastspecfit_galaxy (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final String UNIQUE_VIOLATION = "23505";
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
        int fileId = CatalogRegistry.replaceSourceFile(ctx.tx(), catalogId, ctx.fileName(), ctx.sha256(),
                ctx.sizeBytes(), ctx.runId(), null);
        FastSpecFitRowEncoder encoder = new FastSpecFitRowEncoder(meta, phot, catalogId, fileId, ctx.mocOrder());
        long rows = meta.rowCount();

        // Duplicates are rare: copy straight into the table (its primary key catches any) and only when
        // PostgreSQL reports one, redo the file through a temporary table where SQL sorts them out.
        // Either way no id set grows in the heap.
        long t0 = System.nanoTime();
        // FASTSPEC (most of the bytes, last in an upload) only proves the rows aligned: its TARGETIDs are read
        // on a thread of their own while the rows are copied, so that reading it (from disk, or as an upload
        // arrives) overlaps the COPY instead of following it
        SideTask<FastSpecFitRowEncoder.SpecPass> spec = SideTask.start("fastspec-targetids-" + ctx.runId(),
                () -> FastSpecFitRowEncoder.readSpec(ctx.file(), ctx.arrival()));
        Copied pass;
        long loaded;
        long duplicates = 0;
        boolean staged = false;
        try {
            Savepoint direct = ctx.tx().setSavepoint();
            try {
                pass = copy(ctx, encoder, rows, DIRECT_COPY_SQL);
                loaded = pass.copied();
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
                pass = copy(ctx, encoder, rows, STAGE_COPY_SQL);
                duplicates = rejectDuplicates(ctx);
                loaded = insertStaged(ctx);
                staged = true;
            }
        } catch (SQLException | RuntimeException e) {
            spec.cancel();   // FASTSPEC's TARGETIDs are not needed now: stop reading the file
            throw e;
        }
        long t1 = System.nanoTime();
        FastSpecFitRowEncoder.SpecPass specPass = spec.join();
        FastSpecFitRowEncoder.requireAligned(ctx.file(), meta, specPass, pass.rows().targetIdFingerprint());
        long specBytes = specPass.bytesRead();
        tables.requireSameInWholeFile();
        long t2 = System.nanoTime();
        // a staged pass saw the duplicates too: the coverage is that of the rows kept
        CatalogRegistry.storeCoverage(ctx.tx(), fileId, !staged ? pass.rows().coverage()
                : CatalogRegistry.coverageOf(ctx.tx(), ctx.mocOrder(),
                        "SELECT ra, dec FROM fastspecfit_galaxy WHERE source_file_id = ?", fileId));
        ctx.rejects().copyInto(ctx.tx());
        long rejected = pass.rows().rejected() + duplicates;
        CatalogRegistry.finish(ctx.tx(), catalogId, fileId, loaded);
        CatalogRegistry.registerColumns(ctx.tx(), catalogId, registeredColumns());
        LOG.infof("ingest run %d: COPY of %d rows %.2f s%s, then FASTSPEC's TARGETIDs %.2f s, coverage, rejects and"
                + " registry %.2f s", ctx.runId(), loaded, (t1 - t0) / 1e9, staged ? " (staged: duplicates)" : "",
                (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
        LoadResult result = new LoadResult(rows, pass.rows().read(), loaded, rejected, pass.rows().bytesRead() + specBytes);
        ctx.progress().report(rows, pass.rows().read(), loaded, rejected, result.bytesRead());
        return result;
    }

    /** One pass's rows and what PostgreSQL stored of them. */
    private record Copied(FastSpecFitRowEncoder.Pass rows, long copied) {
    }

    /** Reads the file once, validates every row and copies the valid ones with {@code copySql}. */
    private static Copied copy(LoadContext ctx, FastSpecFitRowEncoder encoder, long rows, String copySql)
            throws SQLException {
        CopyIn copyIn = ctx.tx().unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(copyIn, ctx.copyBufferBytes())) {
            FastSpecFitRowEncoder.Pass pass = encoder.writeAll(ctx.file(), ctx.arrival(), out,
                    RowListener.reportingTo(ctx, "METADATA", rows));
            return new Copied(pass, out.finish());
        }
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

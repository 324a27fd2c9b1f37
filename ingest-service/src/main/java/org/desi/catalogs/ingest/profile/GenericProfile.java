package org.desi.catalogs.ingest.profile;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.desi.catalogs.core.fits.BinaryTableLayout;
import org.desi.catalogs.core.fits.BinaryTableRows;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.fits.FitsFormatException;
import org.desi.catalogs.core.fits.FitsTables;
import org.desi.catalogs.core.fits.Hdu;
import org.desi.catalogs.core.sky.SkyCoverage;
import org.desi.catalogs.ingest.copy.CellEncoder;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;
import org.desi.catalogs.ingest.job.Profile;
import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Any BINTABLE becomes a registered catalog with its own table {@code catalog_data.<catalog>}:
 * columns typed from TFORM (arrays as PostgreSQL arrays, TUNIT kept), plus {@code row_number}
 * (1-based within its file), {@code source_file_id}, {@code object_id} (the id when no idColumn is
 * named: source_file_id x 2^40 + row_number, unique across the catalog's files, which row numbers
 * alone are not) and, when raColumn/decColumn are named, the declination {@code zone} with a B-tree
 * on (zone, ra) that carries Dec and the id ({@link #zoneIndexColumns}).
 */
@ApplicationScoped
public class GenericProfile implements IngestProfile {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(GenericProfile.class);

    static final String SCHEMA = "catalog_data";
    private static final Set<String> RESERVED = Set.of("row_number", "source_file_id", "zone", "object_id");
    /** Rows per file an object_id leaves room for (2^40). */
    static final long ROWS_PER_FILE = 1L << 40;

    @Override
    public Profile profile() {
        return Profile.GENERIC;
    }

    /** Lower-case SQL name of a FITS column (letters, digits, underscore), never a reserved one. */
    static String sqlName(String fitsName) {
        String s = fitsName.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "c_" + s;
        }
        if (RESERVED.contains(s)) {
            s = s + "_fits";
        }
        return s.length() > 63 ? s.substring(0, 63) : s;
    }


    /**
     * {@code name}, or, when it is taken (two FITS names equal after lower-casing, replacing
     * non-identifier characters or PostgreSQL's 63-byte limit), name + "_" + the column number, cut so
     * the suffix survives the limit (PostgreSQL would otherwise truncate it away and collide again).
     * The registry's column description keeps the FITS name, so a rename is visible.
     */
    static String uniqueName(String name, int columnNumber, Set<String> used) {
        String candidate = name;
        for (int attempt = 0; !used.add(candidate); attempt++) {
            String suffix = "_" + columnNumber + (attempt == 0 ? "" : "_" + attempt);
            candidate = (name.length() + suffix.length() > 63 ? name.substring(0, 63 - suffix.length()) : name) + suffix;
        }
        return candidate;
    }

    @Override
    public LoadResult load(LoadContext ctx) throws SQLException {
        // an upload still arriving is read as it arrives: the table's rows follow its header
        FitsTables tables = new FitsTables(ctx.file(), ctx.arrival());
        Hdu hdu = tables.find(ctx.option("hdu"));
        BinaryTableLayout table = BinaryTableLayout.of(hdu);
        String hduName = table.hdu().name();
        FitsColumn idCol = optionalColumn(table, ctx.option("idColumn"), "idColumn");
        FitsColumn raCol = optionalColumn(table, ctx.option("raColumn"), "raColumn");
        FitsColumn decCol = optionalColumn(table, ctx.option("decColumn"), "decColumn");
        FitsColumn zCol = optionalColumn(table, ctx.option("zColumn"), "zColumn");
        for (FitsColumn c : new FitsColumn[] {raCol, decCol, zCol}) {
            if (c != null && (!(c.isInteger() || c.isFloat()) || c.elements() != 1)) {
                throw new FitsFormatException(hduName + " column " + c.label() + " must be a single number to serve as"
                        + " a position or redshift");
            }
        }
        if (idCol != null && !((idCol.isInteger() && !idCol.isScaled() && idCol.elements() == 1) || idCol.type() == 'A')) {
            throw new FitsFormatException(hduName + " column " + idCol.label() + " cannot be an id: it must be an integer"
                    + " or a string");
        }
        boolean positions = raCol != null;

        List<CellEncoder> encoders = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>(RESERVED);
        for (FitsColumn c : table.columns()) {
            if (c.repeat() == 0) {
                continue; // zero-width columns hold nothing
            }
            String name = uniqueName(sqlName(c.name()), c.index() + 1, used);
            names.add(name);
            encoders.add(CellEncoder.natural(c));
        }
        String tableName = SCHEMA + "." + quote(ctx.catalog());
        String idName = idCol == null ? "object_id" : names.get(indexOf(encoders, idCol));
        String raName = raCol == null ? null : names.get(indexOf(encoders, raCol));
        String decName = decCol == null ? null : names.get(indexOf(encoders, decCol));
        String zName = zCol == null ? null : names.get(indexOf(encoders, zCol));

        int catalogId = CatalogRegistry.lockOrCreate(ctx.tx(), ctx.catalog(), "generic", tableName, idName, raName,
                decName, zName);
        List<CatalogRegistry.Column> columns = new ArrayList<>();
        columns.add(new CatalogRegistry.Column("row_number", "bigint", null, "1-based row number in the source HDU"));
        columns.add(new CatalogRegistry.Column("object_id", "bigint", null,
                "unique id across the catalog's files: source_file_id x 2^40 + row_number"));
        for (int i = 0; i < encoders.size(); i++) {
            String fitsName = encoders.get(i).column().name();
            boolean renamed = !names.get(i).equals(sqlName(fitsName));
            columns.add(new CatalogRegistry.Column(names.get(i), encoders.get(i).sqlType(),
                    encoders.get(i).column().unit(), "FITS " + hduName + "." + fitsName
                    + (renamed ? " (renamed: its SQL name collides with another column's)" : "")));
        }
        String zoneIndex = positions
                ? zoneIndexColumns(raName, decName, idCol == null || idCol.isInteger() ? idName : null) : null;
        ensureTable(ctx, catalogId, tableName, columns, zoneIndex);
        boolean partitioned = FilePartitions.isPartitioned(ctx.tx(), tableName);
        int oldFileId = CatalogRegistry.sourceFileId(ctx.tx(), catalogId, ctx.fileName());
        // a partitioned catalog keeps the old version's partition readable until the new one is attached
        int fileId = CatalogRegistry.replaceSourceFile(ctx.tx(), catalogId, ctx.fileName(), ctx.sha256(),
                ctx.sizeBytes(), ctx.runId(), partitioned ? null : "DELETE FROM " + tableName + " WHERE source_file_id = ?");
        String target = tableName;
        if (partitioned) {
            target = FilePartitions.name(SCHEMA, ctx.catalog(), fileId);
            FilePartitions.create(ctx.tx(), tableName, target, fileId);
        }

        StringBuilder copySql = new StringBuilder("COPY ").append(target).append(" (source_file_id, row_number");
        if (positions) {
            copySql.append(", zone");
        }
        for (String n : names) {
            copySql.append(", ").append(quote(n));
        }
        // a new partition is a table created in this transaction: its rows can be written frozen (all-visible
        // from the commit on; the first reader does not dirty every page to set hint bits, which with data
        // checksums on also writes a full image of each page to the WAL)
        copySql.append(partitioned ? ") FROM STDIN (FORMAT binary, FREEZE)" : ") FROM STDIN (FORMAT binary)");

        long rows = table.rowCount();
        long t0 = System.nanoTime();
        GenericRowEncoder encoder = new GenericRowEncoder(fileId, encoders, raCol, decCol, idCol, ctx.mocOrder());
        CopyIn copyIn = ctx.tx().unwrap(PGConnection.class).getCopyAPI().copyIn(copySql.toString());
        try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(copyIn, ctx.copyBufferBytes());
             BinaryTableRows r = new BinaryTableRows(ctx.file(), table, BinaryTableRows.DEFAULT_BUFFER_BYTES,
                     ctx.arrival())) {
            long rejected = encoder.writeAll(r, out, RowListener.reportingTo(ctx, hduName, rows));
            long loaded = out.finish();
            // the rows are in; the rest of an arriving file must arrive and be a well-formed FITS file too
            tables.requireSameInWholeFile();
            long t1 = System.nanoTime();
            ctx.rejects().copyInto(ctx.tx());
            SkyCoverage coverage = encoder.coverage();
            if (idCol != null) {
                long duplicates = rejectDuplicateIds(ctx, catalogId, target, tableName, fileId, oldFileId, idName, hduName,
                        idCol.name(), !encoder.idsAscending());
                loaded -= duplicates;
                rejected += duplicates;
                if (duplicates > 0 && positions) {   // the dropped rows' cells may hold no kept row
                    coverage = CatalogRegistry.coverageOf(ctx.tx(), ctx.mocOrder(), "SELECT " + quote(raName) + ", "
                            + quote(decName) + " FROM " + target + " WHERE source_file_id = ?", fileId);
                }
            }
            // encoded while PostgreSQL builds the indexes, stored after them
            SkyCoverage finalCoverage = coverage;
            SideTask<byte[]> encoding = positions ? SideTask.start("coverage-encoding", finalCoverage::toBytes) : null;
            long t2 = System.nanoTime();
            if (partitioned) {
                FilePartitions.attach(ctx.tx(), tableName, target, fileId,
                        oldFileId < 0 ? null : FilePartitions.name(SCHEMA, ctx.catalog(), oldFileId));
            }
            if (positions) {
                CatalogRegistry.storeCoverage(ctx.tx(), fileId, coverage, encoding.join());
            }
            long t3 = System.nanoTime();
            LOG.infof("ingest run %d: COPY of %d rows %.2f s, rejects and duplicate check %.2f s, indexes,"
                    + " attach and coverage %.2f s", ctx.runId(), loaded, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
            CatalogRegistry.finish(ctx.tx(), catalogId, fileId, loaded);
            ctx.progress().report(rows, rows, loaded, rejected, r.bytesRead());   // every row was read
            return new LoadResult(rows, rows, loaded, rejected, r.bytesRead());
        }
    }

    private static int indexOf(List<CellEncoder> encoders, FitsColumn c) {
        for (int i = 0; i < encoders.size(); i++) {
            if (encoders.get(i).column() == c) {
                return i;
            }
        }
        throw new FitsFormatException("column " + c.name() + " has no data (zero width)");
    }

    private static FitsColumn optionalColumn(BinaryTableLayout t, String name, String option) {
        if (name == null) {
            return null;
        }
        return t.column(name).orElseThrow(() -> new FitsFormatException(option + " '" + name + "' is not a column of "
                + t.hdu().label()));
    }

    /**
     * Moves this file's rows whose id another file of the catalog already holds, or an earlier row of
     * this file holds, from the table to {@code rejected_row}, in the load transaction. PostgreSQL does
     * the comparison (sorting or hashing within work_mem, spilling beyond it), so the service's memory
     * does not grow with the catalog; returns how many rows were moved.
     */
    private static long rejectDuplicateIds(LoadContext ctx, int catalogId, String target, String tableName, int fileId,
                                           int oldFileId, String idName, String hduName, String fitsIdName,
                                           boolean checkWithinFile) throws SQLException {
        String id = quote(idName);
        boolean otherFiles = CatalogRegistry.hasOtherFiles(ctx.tx(), catalogId, fileId, oldFileId);
        if (!checkWithinFile && !otherFiles) {
            return 0;   // the catalog's only file, its ids ascending: no id can repeat
        }
        // ids that only ever grew within the file cannot repeat there: the sort that finds repeats is skipped
        String withinFile = checkWithinFile
                ? " SELECT n.row_number FROM (SELECT row_number, row_number() OVER (PARTITION BY " + id
                        + " ORDER BY row_number) AS nth FROM " + target + " WHERE source_file_id = ?) n WHERE n.nth > 1"
                : " SELECT NULL::bigint AS row_number WHERE ? < 0";
        // target: where this file's rows are (its own partition, or the catalog's table); the version of
        // the file it replaces (oldFileId) is not "another file"
        // Two top-level set operations, never "a OR EXISTS (...)": an EXISTS under OR is a correlated
        // subplan run once per row (a sequential scan each: quadratic), while a top-level EXISTS is a
        // semi-join PostgreSQL hashes or merges, spilling to disk beyond work_mem.
        String sql = "WITH dup AS (DELETE FROM " + target + " t USING (" + withinFile
                + " UNION SELECT n.row_number FROM " + target + " n WHERE n.source_file_id = ? AND EXISTS"
                + " (SELECT 1 FROM " + tableName + " o WHERE o." + id + " = n." + id
                + " AND o.source_file_id <> ? AND o.source_file_id <> ?)) d"
                + " WHERE t.source_file_id = ? AND t.row_number = d.row_number RETURNING t.row_number, t." + id + ")"
                + " INSERT INTO rejected_row (run_id, row_number, hdu, reason)"
                + " SELECT ?, row_number, ?, ? || " + id + "::text FROM dup";
        try (PreparedStatement s = ctx.tx().prepareStatement(sql)) {
            s.setInt(1, fileId);
            s.setInt(2, fileId);
            s.setInt(3, fileId);
            s.setInt(4, oldFileId);
            s.setInt(5, fileId);
            s.setLong(6, ctx.runId());
            s.setString(7, hduName);
            s.setString(8, "duplicate " + fitsIdName + " ");
            return s.executeUpdate();
        }
    }

    /**
     * The zone index's key (zone, ra) and its payload: Dec and, when it is an integer, the id. A sky
     * cross-match reads (id, RA, Dec) by bands of zones, and a band's rows lie on nearly every page of a
     * file's partition; carried by the index, a band is an index-only scan of its own index pages (the
     * partitions are written frozen, so all-visible from the load's commit) instead of a bitmap heap scan of
     * the whole table per band. A string id is left out: it can be long, and a sky job refuses it anyway.
     */
    static String zoneIndexColumns(String raName, String decName, String integerIdName) {
        StringBuilder include = new StringBuilder(quote(decName));
        if (integerIdName != null && !integerIdName.equals(raName) && !integerIdName.equals(decName)) {
            include.append(", ").append(quote(integerIdName));
        }
        return "(zone, " + quote(raName) + ") INCLUDE (" + include + ")";
    }

    /** Creates the catalog's partitioned table (with {@code zoneIndex}'s index when not null) unless it exists. */
    private static void ensureTable(LoadContext ctx, int catalogId, String tableName, List<CatalogRegistry.Column> columns,
                                    String zoneIndex) throws SQLException {
        boolean positions = zoneIndex != null;
        List<CatalogRegistry.Column> registered = new ArrayList<>();
        try (PreparedStatement s = ctx.tx().prepareStatement(
                "SELECT name, sql_type FROM catalog_column WHERE catalog_id = ? ORDER BY ordinal")) {
            s.setInt(1, catalogId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    registered.add(new CatalogRegistry.Column(rs.getString(1), rs.getString(2), null, null));
                }
            }
        }
        if (!registered.isEmpty()) {
            List<String> have = registered.stream().map(c -> c.name() + " " + c.sqlType()).toList();
            List<String> want = columns.stream().map(c -> c.name() + " " + c.sqlType()).toList();
            if (!have.equals(want)) {
                throw new FitsFormatException("catalog " + ctx.catalog() + " has columns " + have
                        + "; this file's table has " + want + " (load it into another catalog)");
            }
            return;
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(tableName)
                // no foreign key to catalog_source_file: a per-row key lookup halves the COPY speed; the load
                // deletes a replaced file's rows itself (replaceSourceFile's deleteRowsSql)
                .append(" (source_file_id integer NOT NULL,")
                .append(" row_number bigint NOT NULL");
        if (positions) {
            ddl.append(", zone integer NOT NULL");
        }
        ddl.append(", object_id bigint GENERATED ALWAYS AS (source_file_id::bigint * ").append(ROWS_PER_FILE)
                .append(" + row_number) STORED");
        for (CatalogRegistry.Column c : columns.subList(2, columns.size())) {
            ddl.append(", ").append(quote(c.name())).append(' ').append(c.sqlType());
        }
        // one partition per source file (FilePartitions): rows copied unindexed, indexed, then attached
        ddl.append(", PRIMARY KEY (source_file_id, row_number)) PARTITION BY LIST (source_file_id)");
        try (Statement st = ctx.tx().createStatement()) {
            st.execute(ddl.toString());
            if (positions) {
                st.execute("CREATE INDEX ON " + tableName + " " + zoneIndex);
            }
            for (CatalogRegistry.Column c : columns) {
                if (c.unit() != null || c.description() != null) {
                    String comment = (c.description() == null ? "" : c.description())
                            + (c.unit() == null ? "" : " [" + c.unit() + "]");
                    st.execute("COMMENT ON COLUMN " + tableName + "." + quote(c.name()) + " IS '"
                            + comment.replace("'", "''") + "'");
                }
            }
            st.execute("GRANT SELECT ON " + tableName + " TO " + quote(ctx.readerRole()));
        }
        CatalogRegistry.registerColumns(ctx.tx(), catalogId, columns);
    }
}

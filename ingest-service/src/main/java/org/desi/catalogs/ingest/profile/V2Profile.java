package org.desi.catalogs.ingest.profile;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.fits.FitsFormatException;
import org.desi.catalogs.core.fits.FitsLayout;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.core.util.LongHashSet;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;
import org.desi.catalogs.ingest.job.Profile;
import org.postgresql.PGConnection;

/**
 * DESIVAST / VAST V2 (REVOLVER, VIDE, ZOBOV): PRIMARY + VOIDS + ZONEVOID + GALZONE. The visualisation
 * HDUs (TRIANGLE, GALVIZ) are skipped unread. The algorithm comes from {@code options.algorithm}, the
 * PRIMARY keyword ALGORITHM/METHOD, or the file name (DESIVAST names carry it), in that order.
 * A zone pointing at an unknown void, or a galaxy in an unknown zone, is rejected with its row.
 */
@ApplicationScoped
public class V2Profile implements IngestProfile {

    static final List<String> ALGORITHMS = List.of("REVOLVER", "VIDE", "ZOBOV");
    private static final int FLOAT8_OID = 701;
    private static final String[] AXES = {"X1", "Y1", "Z1", "X2", "Y2", "Z2", "X3", "Y3", "Z3"};

    private final ZoneIndex zones = ZoneIndex.withDefaultHeight();

    @Override
    public Profile profile() {
        return Profile.V2;
    }

    static String algorithm(LoadContext ctx, VoidCatalogFile header) {
        for (String candidate : new String[] {ctx.option("algorithm"), header.keyword("METHOD")}) {
            if (candidate != null) {
                String a = candidate.trim().toUpperCase(Locale.ROOT);
                if (!ALGORITHMS.contains(a)) {
                    throw new FitsFormatException("V2 algorithm '" + candidate + "' is not one of " + ALGORITHMS);
                }
                return a;
            }
        }
        String name = ctx.fileName().toUpperCase(Locale.ROOT);
        for (String a : ALGORITHMS) {
            if (name.contains("_" + a + "_") || name.contains("_" + a + ".")) {
                return a;
            }
        }
        throw new FitsFormatException("cannot tell which V2 algorithm made " + ctx.fileName() + ": give options."
                + "algorithm (one of " + ALGORITHMS + ") or the PRIMARY keyword METHOD");
    }

    @Override
    public LoadResult load(LoadContext ctx) throws SQLException {
        FitsLayout fits = FitsLayout.scan(ctx.file());
        VoidCatalogFile header = new VoidCatalogFile(fits);
        String algorithm = algorithm(ctx, header);
        try (NumericTable voidsT = new NumericTable(fits, "VOIDS");
             NumericTable zoneT = new NumericTable(fits, "ZONEVOID");
             NumericTable galT = new NumericTable(fits, "GALZONE")) {
            FitsColumn vId = voidsT.require("VOID");
            FitsColumn vx = voidsT.require("X");
            FitsColumn vy = voidsT.require("Y");
            FitsColumn vz = voidsT.require("Z");
            FitsColumn vRadius = voidsT.require("RADIUS");
            FitsColumn vRedshift = voidsT.optional("REDSHIFT");
            FitsColumn vRa = voidsT.optional("RA");
            FitsColumn vDec = voidsT.optional("DEC");
            FitsColumn vTot = voidsT.optional("TOT_AREA");
            FitsColumn vEdge = voidsT.optional("EDGE_AREA");
            FitsColumn vEdgeFlag = voidsT.optional("EDGE");
            FitsColumn[] axes = new FitsColumn[AXES.length];
            for (int i = 0; i < AXES.length; i++) {
                axes[i] = voidsT.optional(AXES[i]);
            }
            FitsColumn zZone = zoneT.require("ZONE");
            FitsColumn zVoid0 = zoneT.require("VOID0");
            FitsColumn zVoid1 = zoneT.require("VOID1");
            FitsColumn gGal = galT.require("GAL");
            FitsColumn gTarget = galT.optional("TARGET");
            // tracer positions are what the nearest-tracer rule measures from: required
            FitsColumn gx = galT.require("X");
            FitsColumn gy = galT.require("Y");
            FitsColumn gz = galT.require("Z");
            FitsColumn gZone = galT.require("ZONE");
            FitsColumn gDepth = galT.optional("DEPTH");
            FitsColumn gEdge = galT.optional("EDGE");
            FitsColumn gOut = galT.optional("OUT");

            int catalogId = CatalogRegistry.lockOrCreate(ctx.tx(), ctx.catalog(), "v2", "desi.v2_void", "void_id",
                    "ra", "dec", "redshift");
            int fileId = VoidCatalogFile.replace(ctx, catalogId);
            header.record(ctx.tx(), catalogId, algorithm);
            long total = voidsT.rowCount() + zoneT.rowCount() + galT.rowCount();
            long read = 0;
            long rejected = 0;
            long loaded = 0;
            PGConnection pg = ctx.tx().unwrap(PGConnection.class);

            Set<Integer> voids = new HashSet<>();
            long voidsLoaded;
            ByteBuffer axesBuf = ByteBuffer.allocate(AXES.length * 12);
            try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(pg.getCopyAPI().copyIn("COPY v2_void (catalog_id,"
                    + " void_id, x, y, z, redshift, ra, dec, zone, radius, axes, tot_area, edge_area, edge)"
                    + " FROM STDIN (FORMAT binary)"), ctx.copyBufferBytes())) {
                while (voidsT.next()) {
                    read++;
                    double x = header.mpcPerH(voidsT.value(vx));
                    double y = header.mpcPerH(voidsT.value(vy));
                    double z = header.mpcPerH(voidsT.value(vz));
                    double radius = header.mpcPerH(voidsT.value(vRadius));
                    Long id = voidsT.integer(vId);
                    VoidRows.Centre c = VoidRows.centre(voidsT, vRa, vDec, x, y, z);
                    String reason = VoidRows.checkVoid(x, y, z, radius, id, voids, c);
                    if (reason != null) {
                        rejected++;
                        ctx.rejects().reject(voidsT.rowNumber(), voidsT.name(), reason,
                                VoidRows.json(List.of("VOID", "X", "Y", "Z", "RADIUS"), id, x, y, z, radius));
                        continue;
                    }
                    out.startRow(14);
                    out.writeInt4(catalogId);
                    out.writeInt4(id.intValue());
                    out.writeFloat8(x);
                    out.writeFloat8(y);
                    out.writeFloat8(z);
                    out.writeFloat8OrNull(voidsT.value(vRedshift));
                    out.writeFloat8(c.raDeg());
                    out.writeFloat8(c.decDeg());
                    out.writeInt4(zones.zoneOf(c.decDeg()));
                    out.writeFloat8(radius);
                    writeAxes(out, voidsT, axes, axesBuf, header);
                    out.writeFloat8OrNull(header.mpcPerH2(voidsT.value(vTot)));
                    out.writeFloat8OrNull(header.mpcPerH2(voidsT.value(vEdge)));
                    writeShortOrNull(out, voidsT.integer(vEdgeFlag));
                }
                voidsLoaded = out.finish();
            }
            loaded += voidsLoaded;

            Set<Integer> zonesSeen = new HashSet<>();
            try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(pg.getCopyAPI().copyIn("COPY v2_zone (catalog_id,"
                    + " zone_id, void0, void1) FROM STDIN (FORMAT binary)"), ctx.copyBufferBytes())) {
                while (zoneT.next()) {
                    read++;
                    Long zone = zoneT.integer(zZone);
                    Long void0 = zoneT.integer(zVoid0);
                    Long void1 = zoneT.integer(zVoid1);
                    String reason = VoidRows.checkId("ZONE", zone, zonesSeen);
                    if (reason == null) {
                        reason = checkVoidRef("VOID0", void0, voids);
                    }
                    if (reason == null) {
                        reason = checkVoidRef("VOID1", void1, voids);
                    }
                    if (reason != null) {
                        rejected++;
                        ctx.rejects().reject(zoneT.rowNumber(), zoneT.name(), reason,
                                "{\"ZONE\":" + zone + ",\"VOID0\":" + void0 + ",\"VOID1\":" + void1 + "}");
                        continue;
                    }
                    out.startRow(4);
                    out.writeInt4(catalogId);
                    out.writeInt4(zone.intValue());
                    out.writeInt4(void0.intValue());
                    out.writeInt4(void1.intValue());
                }
                loaded += out.finish();
            }

            LongHashSet gals = new LongHashSet(1024);
            try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(pg.getCopyAPI().copyIn("COPY v2_galaxy_zone"
                    + " (catalog_id, gal, targetid, x, y, z, zone_id, depth, edge, out_flag) FROM STDIN (FORMAT binary)"),
                    ctx.copyBufferBytes())) {
                while (galT.next()) {
                    read++;
                    Long gal = galT.integer(gGal);
                    Long zone = galT.integer(gZone);
                    double x = header.mpcPerH(galT.value(gx));
                    double y = header.mpcPerH(galT.value(gy));
                    double z = header.mpcPerH(galT.value(gz));
                    String reason = null;
                    if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z))) {
                        reason = "tracer position X, Y, Z = " + x + ", " + y + ", " + z + " is not finite";
                    } else if (gal == null) {
                        reason = "GAL is null or not a whole number";
                    } else if (!gals.add(gal)) {
                        reason = "duplicate GAL " + gal;
                    } else if (zone == null || (zone != -1 && !zonesSeen.contains(zone.intValue()))) {
                        reason = "ZONE " + zone + " is neither -1 nor a (valid) zone of ZONEVOID";
                    }
                    if (reason != null) {
                        rejected++;
                        ctx.rejects().reject(galT.rowNumber(), galT.name(), reason,
                                "{\"GAL\":" + gal + ",\"ZONE\":" + zone + "}");
                    } else {
                        out.startRow(10);
                        out.writeInt4(catalogId);
                        out.writeInt8(gal);
                        writeLongOrNull(out, galT.integer(gTarget));
                        out.writeFloat8(x);
                        out.writeFloat8(y);
                        out.writeFloat8(z);
                        out.writeInt4(zone.intValue());
                        Long depth = galT.integer(gDepth);
                        if (depth == null) {
                            out.writeNull();
                        } else {
                            out.writeInt4(depth.intValue());
                        }
                        writeShortOrNull(out, galT.integer(gEdge));
                        writeShortOrNull(out, galT.integer(gOut));
                    }
                    if ((read & 1023) == 0) {
                        ctx.progress().report(total, read, read - rejected, rejected,
                                voidsT.bytesRead() + zoneT.bytesRead() + galT.bytesRead());
                    }
                }
                loaded += out.finish();
            }
            ctx.rejects().copyInto(ctx.tx());
            CatalogRegistry.finish(ctx.tx(), catalogId, fileId, voidsLoaded);
            CatalogRegistry.registerColumns(ctx.tx(), catalogId, VoidRows.V2_COLUMNS);
            long bytes = voidsT.bytesRead() + zoneT.bytesRead() + galT.bytesRead();
            ctx.progress().report(total, read, loaded, rejected, bytes);
            return new LoadResult(total, read, loaded, rejected, bytes);
        }
    }

    private static String checkVoidRef(String column, Long v, Set<Integer> voids) {
        if (v == null) {
            return column + " is null";
        }
        return v == -1 || (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE && voids.contains(v.intValue())) ? null
                : column + " " + v + " is neither -1 nor a (valid) void of VOIDS";
    }

    private static void writeAxes(PgBinaryCopyWriter out, NumericTable t, FitsColumn[] axes, ByteBuffer buf,
                                  VoidCatalogFile header) throws SQLException {
        buf.clear();
        for (FitsColumn c : axes) {
            double v = header.mpcPerH(t.value(c));
            if (!Double.isFinite(v)) {
                out.writeNull();
                return;
            }
            buf.putInt(8).putDouble(v);
        }
        out.writeArray(FLOAT8_OID, axes.length, false, buf.array(), buf.position());
    }

    private static void writeLongOrNull(PgBinaryCopyWriter out, Long v) throws SQLException {
        if (v == null) {
            out.writeNull();
        } else {
            out.writeInt8(v);
        }
    }

    private static void writeShortOrNull(PgBinaryCopyWriter out, Long v) throws SQLException {
        if (v == null) {
            out.writeNull();
        } else {
            out.writeInt2(v.shortValue());
        }
    }
}

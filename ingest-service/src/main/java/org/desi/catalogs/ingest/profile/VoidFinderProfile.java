package org.desi.catalogs.ingest.profile;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.fits.FitsLayout;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;
import org.desi.catalogs.ingest.job.Profile;
import org.postgresql.PGConnection;

/**
 * DESIVAST / VAST VoidFinder: PRIMARY (OMEGAM, HP, limits) + MAXIMALS (one row per void) + HOLES (a
 * void is the union of its holes). RA is normalised into [0, 360) (VoidFinder writes about
 * [-90, 270)); a hole whose void is not in MAXIMALS is rejected, as is any non-finite position or a
 * radius that is not positive.
 */
@ApplicationScoped
public class VoidFinderProfile implements IngestProfile {

    private final ZoneIndex zones = ZoneIndex.withDefaultHeight();

    @Override
    public Profile profile() {
        return Profile.VOIDFINDER;
    }

    @Override
    public LoadResult load(LoadContext ctx) throws SQLException {
        FitsLayout fits = FitsLayout.scan(ctx.file());
        VoidCatalogFile header = new VoidCatalogFile(fits);
        try (NumericTable maximals = new NumericTable(fits, "MAXIMALS");
             NumericTable holes = new NumericTable(fits, "HOLES")) {
            FitsColumn mx = maximals.require("X");
            FitsColumn my = maximals.require("Y");
            FitsColumn mz = maximals.require("Z");
            FitsColumn mRadius = maximals.require("RADIUS");
            FitsColumn mVoid = maximals.require("VOID");
            FitsColumn mEdge = maximals.optional("EDGE");
            FitsColumn mR = maximals.optional("R");
            FitsColumn mRa = maximals.optional("RA");
            FitsColumn mDec = maximals.optional("DEC");
            FitsColumn mReff = maximals.optional("R_EFF");
            FitsColumn mReffErr = maximals.optional("R_EFF_UNCERT");
            FitsColumn hx = holes.require("X");
            FitsColumn hy = holes.require("Y");
            FitsColumn hz = holes.require("Z");
            FitsColumn hRadius = holes.require("RADIUS");
            FitsColumn hVoid = holes.require("VOID");

            int catalogId = CatalogRegistry.lockOrCreate(ctx.tx(), ctx.catalog(), "voidfinder", "desi.voidfinder_void",
                    "void_id", "ra", "dec", null);
            int fileId = VoidCatalogFile.replace(ctx, catalogId);
            header.record(ctx.tx(), catalogId, "VoidFinder");
            long total = maximals.rowCount() + holes.rowCount();
            long read = 0;
            long rejected = 0;

            Set<Integer> voids = new HashSet<>();
            PGConnection pg = ctx.tx().unwrap(PGConnection.class);
            long voidsLoaded;
            try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(pg.getCopyAPI().copyIn("COPY voidfinder_void"
                    + " (catalog_id, void_id, x, y, z, radius, edge, r, ra, dec, zone, r_eff, r_eff_uncert)"
                    + " FROM STDIN (FORMAT binary)"), ctx.copyBufferBytes())) {
                while (maximals.next()) {
                    read++;
                    double x = header.mpcPerH(maximals.value(mx));
                    double y = header.mpcPerH(maximals.value(my));
                    double z = header.mpcPerH(maximals.value(mz));
                    double radius = header.mpcPerH(maximals.value(mRadius));
                    Long voidId = maximals.integer(mVoid);
                    VoidRows.Centre c = VoidRows.centre(maximals, mRa, mDec, x, y, z);
                    String reason = VoidRows.checkVoid(x, y, z, radius, voidId, voids, c);
                    if (reason != null) {
                        rejected++;
                        ctx.rejects().reject(maximals.rowNumber(), maximals.name(), reason,
                                VoidRows.json(List.of("VOID", "X", "Y", "Z", "RADIUS"), voidId, x, y, z, radius));
                        continue;
                    }
                    Long edge = maximals.integer(mEdge);
                    out.startRow(13);
                    out.writeInt4(catalogId);
                    out.writeInt4(voidId.intValue());
                    out.writeFloat8(x);
                    out.writeFloat8(y);
                    out.writeFloat8(z);
                    out.writeFloat8(radius);
                    if (edge == null) {
                        out.writeNull();
                    } else {
                        out.writeInt2(edge.shortValue());
                    }
                    out.writeFloat8(mR == null ? c.distanceMpcPerH() : header.mpcPerH(maximals.value(mR)));
                    out.writeFloat8(c.raDeg());
                    out.writeFloat8(c.decDeg());
                    out.writeInt4(zones.zoneOf(c.decDeg()));
                    out.writeFloat8OrNull(header.mpcPerH(maximals.value(mReff)));
                    out.writeFloat8OrNull(header.mpcPerH(maximals.value(mReffErr)));
                }
                voidsLoaded = out.finish();
            }
            ctx.progress().report(total, read, read - rejected, rejected, maximals.bytesRead());

            long holesLoaded;
            try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(pg.getCopyAPI().copyIn("COPY voidfinder_hole"
                    + " (catalog_id, hole_id, void_id, x, y, z, radius) FROM STDIN (FORMAT binary)"),
                    ctx.copyBufferBytes())) {
                while (holes.next()) {
                    read++;
                    double x = header.mpcPerH(holes.value(hx));
                    double y = header.mpcPerH(holes.value(hy));
                    double z = header.mpcPerH(holes.value(hz));
                    double radius = header.mpcPerH(holes.value(hRadius));
                    Long voidId = holes.integer(hVoid);
                    String reason = VoidRows.checkSphere(x, y, z, radius);
                    if (reason == null && (voidId == null || !voids.contains(voidId.intValue()))) {
                        reason = "hole of VOID " + voidId + ", which is not a (valid) void of MAXIMALS";
                    }
                    if (reason != null) {
                        rejected++;
                        ctx.rejects().reject(holes.rowNumber(), holes.name(), reason,
                                VoidRows.json(List.of("VOID", "X", "Y", "Z", "RADIUS"), voidId, x, y, z, radius));
                    } else {
                        out.startRow(7);
                        out.writeInt4(catalogId);
                        out.writeInt4((int) holes.rowNumber());
                        out.writeInt4(voidId.intValue());
                        out.writeFloat8(x);
                        out.writeFloat8(y);
                        out.writeFloat8(z);
                        out.writeFloat8(radius);
                    }
                    if ((read & 1023) == 0) {
                        ctx.progress().report(total, read, read - rejected, rejected,
                                maximals.bytesRead() + holes.bytesRead());
                    }
                }
                holesLoaded = out.finish();
            }
            ctx.rejects().copyInto(ctx.tx());
            CatalogRegistry.finish(ctx.tx(), catalogId, fileId, voidsLoaded);
            CatalogRegistry.registerColumns(ctx.tx(), catalogId, VoidRows.VOIDFINDER_COLUMNS);
            long bytes = maximals.bytesRead() + holes.bytesRead();
            ctx.progress().report(total, read, voidsLoaded + holesLoaded, rejected, bytes);
            return new LoadResult(total, read, voidsLoaded + holesLoaded, rejected, bytes);
        }
    }
}

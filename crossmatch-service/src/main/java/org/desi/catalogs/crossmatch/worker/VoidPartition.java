package org.desi.catalogs.crossmatch.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.desi.catalogs.core.match.VoidMembership;
import org.desi.catalogs.core.match.VoidMembership.Placement;
import org.desi.catalogs.crossmatch.job.CatalogRef;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;
import org.postgresql.PGConnection;

/**
 * One partition of a void-membership job: every galaxy of its zones gets one environment row.
 * A galaxy without a usable redshift (NULL, NaN, negative or above 10) cannot be placed in 3-D and
 * is recorded as {@code outside}.
 */
final class VoidPartition {

    private VoidPartition() {
    }

    static PartitionResult compute(Connection c, long jobId, CatalogRef galaxies, int voidCatalogId,
                                   VoidMembership engine, int zoneMin, int zoneMax) throws SQLException {
        Rows rows = new Rows(jobId, galaxies.id(), voidCatalogId);
        PositionReader.galaxies(c, galaxies, zoneMin, zoneMax, (id, ra, dec, z) -> {
            Placement p = z >= 0 && z <= 10 ? engine.place(id, ra, dec, z)
                    : Placement.OUTSIDE;
            rows.add(id, p);
        });
        return rows;
    }

    private static final class Rows implements PartitionResult {
        private final long jobId;
        private final int galaxyCatalogId;
        private final int voidCatalogId;
        private long[] ids = new long[1024];
        private final List<Placement> placements = new ArrayList<>();

        Rows(long jobId, int galaxyCatalogId, int voidCatalogId) {
            this.jobId = jobId;
            this.galaxyCatalogId = galaxyCatalogId;
            this.voidCatalogId = voidCatalogId;
        }

        void add(long id, Placement p) {
            if (placements.size() == ids.length) {
                ids = java.util.Arrays.copyOf(ids, ids.length * 2);
            }
            ids[placements.size()] = id;
            placements.add(p);
        }

        @Override
        public long rows() {
            return placements.size();
        }

        @Override
        public long rowsProcessed() {
            return placements.size();
        }

        @Override
        public void copyInto(Connection tx) throws SQLException {
            if (placements.isEmpty()) {
                return;
            }
            try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(tx.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY desi.galaxy_environment (galaxy_catalog_id, object_id, void_catalog_id, job_id, environment,"
                            + " void_id, distance_mpc_per_h, r_over_reff) FROM STDIN (FORMAT binary)"), 1 << 20)) {
                // in object-id order: the primary-key B-tree then grows at few places, not at random
                int n = placements.size();
                Integer[] byId = new Integer[n];
                for (int i = 0; i < n; i++) {
                    byId[i] = i;
                }
                java.util.Arrays.sort(byId, (a, b) -> Long.compare(ids[a], ids[b]));
                for (int i : byId) {
                    Placement p = placements.get(i);
                    out.startRow(8);
                    out.writeInt4(galaxyCatalogId);
                    out.writeInt8(ids[i]);
                    out.writeInt4(voidCatalogId);
                    out.writeInt8(jobId);
                    out.writeText(p.environment().dbName());
                    if (p.voidId() < 0) {
                        out.writeNull();
                    } else {
                        out.writeInt4(p.voidId());
                    }
                    out.writeFloat8OrNull(p.distanceMpcPerH());
                    out.writeFloat8OrNull(p.rOverReff());
                }
                out.finish();
            }
        }
    }
}

package org.desi.catalogs.crossmatch.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.desi.catalogs.core.match.VoidMembership;
import org.desi.catalogs.core.match.VoidMembership.Placement;
import org.desi.catalogs.crossmatch.job.CatalogRef;
import org.desi.catalogs.service.copy.CopyRowSpool;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;
import org.postgresql.PGConnection;

/**
 * One partition of a void-membership job: every galaxy of its zones gets one environment row, written
 * into the job's unindexed stage table, which the job's publishing step ({@link EnvironmentPublishing})
 * indexes and attaches to {@code galaxy_environment} (schema v14): a job's rows become visible at once.
 * A galaxy without a usable redshift (NULL, NaN, negative or above 10) cannot be placed in 3-D and
 * is recorded as {@code outside}.
 */
final class VoidPartition {

    private VoidPartition() {
    }

    static PartitionResult compute(Connection c, long jobId, CatalogRef galaxies, int voidCatalogId,
                                   VoidMembership engine, Long idMin, Long idMax, ResultSpooling spooling)
            throws SQLException {
        Rows rows = new Rows(jobId, galaxies.id(), voidCatalogId, spooling.newSpool());
        try {
            PositionReader.galaxies(c, galaxies, idMin, idMax, placer(engine, rows));
            rows.drain();
            return rows;
        } catch (SQLException | RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    /**
     * The warm-up's pass through a job's own path: galaxies computed by {@code copySql} (id, ra, dec,
     * z) read, placed and encoded as environment rows into a spool, which is discarded; returns the rows.
     */
    static long warmUp(Connection c, String copySql, VoidMembership engine, ResultSpooling spooling)
            throws SQLException {
        try (Rows rows = new Rows(0, 0, 0, spooling.newSpool())) {
            PositionReader.read(c, copySql, true, placer(engine, rows));
            rows.drain();
            return rows.rows();
        }
    }

    /**
     * The sink that places each galaxy read: one lambda for jobs and the warm-up alike, so the reader's
     * compiled call to it, profiled by the warm-up, still holds for a job (a second kind of sink there
     * sent a pod's first job back to the interpreter).
     */
    private static PositionReader.GalaxySink placer(VoidMembership engine, Rows rows) {
        return (id, ra, dec, z) -> place(engine, rows, id, ra, dec, z);
    }

    private static void place(VoidMembership engine, Rows rows, long id, double ra, double dec, double z) {
        rows.add(id, z >= 0 && z <= 10 ? engine.place(id, ra, dec, z) : Placement.OUTSIDE);
    }

    /**
     * Placements collected up to {@link #CHUNK} galaxies, then sorted by object id and encoded into a
     * spool that spills to disk: a partition of any size needs a bounded heap.
     */
    private static final class Rows implements PartitionResult {
        /** Placements sorted and encoded at a time (2 MiB: id + reference). */
        static final int CHUNK = 1 << 16;

        private final long jobId;
        private final int galaxyCatalogId;
        private final int voidCatalogId;
        private final CopyRowSpool spool;
        private long[] ids = new long[1024];
        private Placement[] placements = new Placement[1024];
        private int n;

        Rows(long jobId, int galaxyCatalogId, int voidCatalogId, CopyRowSpool spool) {
            this.jobId = jobId;
            this.galaxyCatalogId = galaxyCatalogId;
            this.voidCatalogId = voidCatalogId;
            this.spool = spool;
        }

        void add(long id, Placement p) {
            if (n == CHUNK) {
                try {
                    drain();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, Math.min(CHUNK, n * 2));
                placements = Arrays.copyOf(placements, ids.length);
            }
            ids[n] = id;
            placements[n] = p;
            n++;
        }

        /** Encodes the collected placements in object-id order: the primary-key B-tree then grows at few places. */
        void drain() throws SQLException {
            Integer[] byId = new Integer[n];
            for (int i = 0; i < n; i++) {
                byId[i] = i;
            }
            Arrays.sort(byId, (a, b) -> Long.compare(ids[a], ids[b]));
            PgBinaryCopyWriter out = spool.writer();
            for (int i : byId) {
                Placement p = placements[i];
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
                spool.rowWritten();
            }
            Arrays.fill(placements, 0, n, null);
            n = 0;
        }

        @Override
        public long rows() {
            return spool.rows();
        }

        @Override
        public long rowsProcessed() {
            return spool.rows();
        }

        @Override
        public void copyInto(Connection tx) throws SQLException {
            if (spool.rows() == 0) {
                return;
            }
            try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(tx.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY desi.galaxy_environment_job_" + jobId + " (galaxy_catalog_id, object_id, void_catalog_id,"
                            + " job_id, environment,"
                            + " void_id, distance_mpc_per_h, r_over_reff) FROM STDIN (FORMAT binary)"), 1 << 20)) {
                spool.replayInto(out);
                out.finish();
            }
        }

        @Override
        public void close() {
            spool.close();
        }
    }
}

package org.desi.catalogs.crossmatch.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.desi.catalogs.core.match.SkyMatcher;
import org.desi.catalogs.core.match.SkyPositions;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.crossmatch.job.CatalogRef;
import org.desi.catalogs.service.copy.CopyRowSpool;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;
import org.postgresql.PGConnection;

/**
 * One sky partition: the left rows of its zones against the right rows of the same declination band
 * widened by the radius, so objects near a partition border still find their matches. A pair belongs
 * to the partition of its left object, so no pair is reported twice.
 */
final class SkyPartition {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SkyPartition.class);

    private SkyPartition() {
    }

    static PartitionResult compute(Connection c, long jobId, CatalogRef left, CatalogRef right, double radiusArcsec,
                                   SkyMatcher.Mode mode, int zoneMin, int zoneMax, int threads,
                                   ResultSpooling spooling) throws SQLException {
        long t0 = System.nanoTime();
        SkyPositions l = PositionReader.positions(c, left, zoneMin, zoneMax);
        double h = left.zoneHeightDeg();
        double r = radiusArcsec / 3600.0;
        ZoneIndex rightZones = new ZoneIndex(right.zoneHeightDeg());
        double decLow = Math.max(-90, zoneMin * h - 90 - r);
        double decHigh = Math.min(90, (zoneMax + 1) * h - 90 + r);
        SkyPositions rt = l.size() == 0 ? new SkyPositions(0)
                : PositionReader.positions(c, right, rightZones.zoneOf(decLow), rightZones.zoneOf(decHigh));
        long t1 = System.nanoTime();
        Pairs[] perThread = new Pairs[Math.max(1, threads)];
        try {
            for (int t = 0; t < perThread.length; t++) {
                perThread[t] = new Pairs(jobId, spooling.newSpool());
            }
            new SkyMatcher(radiusArcsec, mode).match(l, rt, perThread.length, t -> perThread[t]::add);
            for (Pairs p : perThread) {
                p.drain();
            }
        } catch (SQLException | RuntimeException e) {
            closeAll(perThread);
            throw e;
        }
        long processed = l.size();
        LOG.debugf("job %d zones %d..%d: read %d + %d rows in %.2f s, matched in %.2f s", jobId, zoneMin, zoneMax,
                l.size(), rt.size(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        return new PartitionResult() {
            @Override
            public long rows() {
                long n = 0;
                for (Pairs p : perThread) {
                    n += p.spool.rows();
                }
                return n;
            }

            @Override
            public long rowsProcessed() {
                return processed;
            }

            @Override
            public void copyInto(Connection tx) throws SQLException {
                if (rows() == 0) {
                    return;
                }
                try (PgBinaryCopyWriter out = new PgBinaryCopyWriter(tx.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY desi.crossmatch_pair (job_id, left_id, right_id, separation_arcsec) FROM STDIN"
                                + " (FORMAT binary)"), 1 << 20)) {
                    for (Pairs p : perThread) {
                        p.spool.replayInto(out);
                    }
                    out.finish();
                }
            }

            @Override
            public void close() {
                closeAll(perThread);
            }
        };
    }

    private static void closeAll(Pairs[] pairs) {
        for (Pairs p : pairs) {
            if (p != null) {
                p.spool.close();
            }
        }
    }

    /**
     * One matcher thread's pairs: collected in primitive columns (24 bytes a pair, no object per pair)
     * up to {@link #CHUNK} pairs, then sorted and encoded into a spool that spills to disk, so a
     * partition with any number of pairs needs a bounded heap.
     */
    static final class Pairs {
        /** Pairs sorted and encoded at a time: 1.5 MiB of columns. */
        static final int CHUNK = 1 << 16;

        private final long jobId;
        private final CopyRowSpool spool;
        private long[] leftIds = new long[1024];
        private long[] rightIds = new long[1024];
        private double[] sep = new double[1024];
        private int n;

        Pairs(long jobId, CopyRowSpool spool) {
            this.jobId = jobId;
            this.spool = spool;
        }

        void add(long leftId, long rightId, double separationArcsec) {
            if (n == CHUNK) {
                drainUnchecked();
            }
            if (n == leftIds.length) {
                int size = Math.min(CHUNK, n * 2);
                leftIds = Arrays.copyOf(leftIds, size);
                rightIds = Arrays.copyOf(rightIds, size);
                sep = Arrays.copyOf(sep, size);
            }
            leftIds[n] = leftId;
            rightIds[n] = rightId;
            sep[n] = separationArcsec;
            n++;
        }

        private void drainUnchecked() {
            try {
                drain();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Encodes the collected pairs in (left id, right id) order: each run then extends the primary-key
         * B-tree at few places, not at random.
         */
        void drain() throws SQLException {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> leftIds[a] != leftIds[b] ? Long.compare(leftIds[a], leftIds[b])
                    : Long.compare(rightIds[a], rightIds[b]));
            PgBinaryCopyWriter out = spool.writer();
            for (int i : order) {
                out.startRow(4);
                out.writeInt8(jobId);
                out.writeInt8(leftIds[i]);
                out.writeInt8(rightIds[i]);
                out.writeFloat8(sep[i]);
                spool.rowWritten();
            }
            n = 0;
        }
    }
}

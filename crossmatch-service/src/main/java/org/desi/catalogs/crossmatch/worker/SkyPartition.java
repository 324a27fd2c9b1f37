package org.desi.catalogs.crossmatch.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.desi.catalogs.core.match.SkyMatcher;
import org.desi.catalogs.core.match.SkyPositions;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.crossmatch.job.CatalogRef;
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
                                   SkyMatcher.Mode mode, int zoneMin, int zoneMax, int threads) throws SQLException {
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
        for (int t = 0; t < perThread.length; t++) {
            perThread[t] = new Pairs(jobId);
        }
        new SkyMatcher(radiusArcsec, mode).match(l, rt, perThread.length, t -> perThread[t]::add);
        long processed = l.size();
        LOG.debugf("job %d zones %d..%d: read %d + %d rows in %.2f s, matched in %.2f s", jobId, zoneMin, zoneMax,
                l.size(), rt.size(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        return new PartitionResult() {
            @Override
            public long rows() {
                long n = 0;
                for (Pairs p : perThread) {
                    n += p.n;
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
                        p.writeTo(out);
                    }
                    out.finish();
                }
            }
        };
    }

    /** Pairs in primitive columns: 24 bytes a pair, no object per pair. */
    private static final class Pairs {
        private final long jobId;
        private long[] leftIds = new long[1024];
        private long[] rightIds = new long[1024];
        private double[] sep = new double[1024];
        private int n;

        Pairs(long jobId) {
            this.jobId = jobId;
        }

        void add(long leftId, long rightId, double separationArcsec) {
            if (n == leftIds.length) {
                leftIds = Arrays.copyOf(leftIds, n * 2);
                rightIds = Arrays.copyOf(rightIds, n * 2);
                sep = Arrays.copyOf(sep, n * 2);
            }
            leftIds[n] = leftId;
            rightIds[n] = rightId;
            sep[n] = separationArcsec;
            n++;
        }

        /** Writes in (left id, right id) order: the primary-key B-tree then grows at few places, not at random. */
        void writeTo(PgBinaryCopyWriter out) throws SQLException {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> leftIds[a] != leftIds[b] ? Long.compare(leftIds[a], leftIds[b])
                    : Long.compare(rightIds[a], rightIds[b]));
            for (int i : order) {
                out.startRow(4);
                out.writeInt8(jobId);
                out.writeInt8(leftIds[i]);
                out.writeInt8(rightIds[i]);
                out.writeFloat8(sep[i]);
            }
        }
    }
}

package org.desi.catalogs.crossmatch.worker;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.desi.catalogs.core.match.Cosmology;
import org.desi.catalogs.core.match.SkyMatcher;
import org.desi.catalogs.core.match.SkyPositions;
import org.desi.catalogs.core.match.VoidFinderMembership;
import org.desi.catalogs.core.match.VoidMembership;
import org.desi.catalogs.crossmatch.CrossmatchSettings;
import org.desi.catalogs.service.warmup.SelfRequests;
import org.desi.catalogs.service.warmup.TlsCipherWarmUp;
import org.desi.catalogs.service.warmup.WarmUps;
import org.jboss.logging.Logger;

/**
 * Matches two synthetic catalogs at startup, on a low-priority background thread, so the JIT has
 * compiled the sky matcher before a user's first job: a pod's first job is the common case, and on a
 * cold JVM it ran 1.5-1.7x slower than the same job a second time (bench/crossmatch.sh); then the
 * AES-GCM cipher that encrypts the pairs' COPY over TLS ({@link TlsCipherWarmUp}); then it reads
 * computed positions from PostgreSQL the way a job reads a catalog (binary COPY through the driver
 * and, in the lab, TLS: {@link #readPositions}) and places computed galaxies in synthetic voids the
 * way a voids job does ({@link #placeGalaxies}; nothing is read from or written to a table); then a
 * few requests to itself ({@link SelfRequests}); then 128 MiB sent to the database as parameters of
 * {@code SELECT length(?)}, through the JDK's TLS record layer as a job's COPY goes
 * ({@link TlsCipherWarmUp#sendThroughPool}). The pod reports ready once it is done ({@link WarmUps});
 * {@code DESI_CROSSMATCH_WARM_UP=false} turns it off.
 */
@Singleton
class MatcherWarmUp {

    private static final Logger LOG = Logger.getLogger(MatcherWarmUp.class);
    private static final int ROWS = 200_000;
    /** Positions read from PostgreSQL per pass (about 11 MB of binary COPY). */
    static final int READ_ROWS = 300_000;
    static final int READ_PASSES = 3;

    void start(@Observes StartupEvent e, CrossmatchSettings settings, WarmUps warmUps, AgroalDataSource db) {
        if (settings.warmUp() && settings.workerEnabled() && WarmUps.worthRunning()) {
            warmUps.start("sky matcher", "crossmatch-warm-up", () -> {
                run();
                try (Connection c = db.getConnection()) {
                    readPositions(c);
                    placeGalaxies(c);
                } catch (SQLException ex) {
                    LOG.infof("warm-up: positions not read (%s); the first job reads them cold", ex.getMessage());
                }
                SelfRequests.send(List.of(SelfRequests.Request.get("/api/v1/crossmatch/jobs?limit=1"),
                        // no job 0: a waiting read of it opens this replica's LISTEN connection (JobFinishedSignals)
                        // now, not during a user's first job, then answers 404
                        SelfRequests.Request.get("/api/v1/crossmatch/jobs/0?waitSeconds=1"),
                        SelfRequests.Request.refusedPost("/api/v1/crossmatch/jobs", "application/json")));
                // a job's COPY of its pairs or placements goes through the JDK's TLS record layer
                TlsCipherWarmUp.sendThroughPool(db);
            });
        }
    }

    /**
     * Reads READ_PASSES x READ_ROWS positions computed by PostgreSQL (generate_series) through {@link
     * PositionReader}'s own path into sky positions, as a sky job reads a catalog; returns how many arrived.
     */
    static long readPositions(Connection c) throws SQLException {
        long rows = 0;
        for (int pass = 0; pass < READ_PASSES; pass++) {
            rows += PositionReader.positions(c, "COPY (SELECT g::bigint, (g % 3600) / 10.0::float8,"
                    + " (g % 1800) / 10.0::float8 - 90 FROM generate_series(1, " + READ_ROWS + ") g)"
                    + " TO STDOUT (FORMAT binary)").size();
        }
        return rows;
    }

    /**
     * Places READ_PASSES x READ_ROWS galaxies computed by PostgreSQL (positions and redshifts out to
     * 0.1, a few NULL, NaN or negative) in a synthetic VoidFinder catalog through a voids job's own path
     * ({@link VoidPartition#warmUp}: binary COPY read, placement, row encoding into a spool); nothing is
     * written. Every branch a real catalog takes is taken here, so that the compiled code a user's first
     * job runs was not built for a narrower case: C2 compiles a branch never taken as a trap back to the
     * interpreter, and a warm-up whose galaxies were never outside the catalog's radial limits, beyond
     * its holes or inside holes of several voids cost the first job about 1 s of recompiling (its first two
     * partitions ended at 1.9 s against 0.8 s on a warm JVM; HotSpot's compilation log: unstable_if traps
     * in Volume.contains and SphereIndex.containing). Returns the rows.
     */
    static long placeGalaxies(Connection c) throws SQLException {
        VoidMembership engine = placementEngine();
        ResultSpooling spooling = new ResultSpooling(8 << 20, Path.of(System.getProperty("java.io.tmpdir")));
        long rows = 0;
        for (int pass = 0; pass < READ_PASSES; pass++) {
            rows += VoidPartition.warmUp(c, PLACEMENT_GALAXIES_SQL, engine, spooling);
        }
        return rows;
    }

    /** The synthetic VoidFinder catalog the warm-up places its galaxies in. */
    static VoidMembership placementEngine() {
        SyntheticVoids s = placementCatalog();
        // radial limits inside the galaxies' range (0 to about 290 Mpc/h): some are outside the volume
        return new VoidFinderMembership(new Cosmology(0.315), new VoidMembership.Volume(20, 260), s.voids(), s.holes());
    }

    /** A synthetic VoidFinder catalog: its voids and their holes [Mpc/h]. */
    record SyntheticVoids(List<VoidFinderMembership.Void> voids, List<VoidFinderMembership.Hole> holes) {
    }

    /** The warm-up's voids (seeded, the same every time): MatcherWarmUpTest checks the branches they give. */
    static SyntheticVoids placementCatalog() {
        Random r = new Random(5);
        List<VoidFinderMembership.Void> voids = new ArrayList<>();
        List<VoidFinderMembership.Hole> holes = new ArrayList<>();
        for (int v = 0; v < 2000; v++) {
            // voids in a region smaller than the galaxies' sphere (galaxies beyond every hole on all
            // sides), a quarter of them crowded in a band, where a galaxy is inside holes of several voids
            boolean crowded = v % 4 == 0;
            double x = crowded ? 60 + r.nextDouble() * 150 : 100 + r.nextGaussian() * 30;
            double y = crowded ? r.nextGaussian() * 3 : r.nextGaussian() * 30;
            double z = crowded ? r.nextGaussian() * 3 : r.nextGaussian() * 30;
            voids.add(new VoidFinderMembership.Void(v, x, y, z, 12, v % 10 == 0 ? 1 : 0));
            for (int h = 0; h < 5; h++) {
                holes.add(new VoidFinderMembership.Hole(x + r.nextGaussian() * 4, y + r.nextGaussian() * 4,
                        z + r.nextGaussian() * 4, 4 + r.nextDouble() * 6, v));
            }
        }
        return new SyntheticVoids(voids, holes);
    }

    /**
     * The warm-up's galaxies (id, ra, dec, z), READ_ROWS of them computed by PostgreSQL: every 4th along
     * the crowded band (RA 0, Dec 0), the rest over the sky; redshifts to 0.1, a few NULL, NaN or negative.
     */
    static final String PLACEMENT_GALAXIES_SQL = "COPY (SELECT g::bigint,"
            + " CASE WHEN g % 4 = 0 THEN (g % 7) / 100.0 ELSE (g % 3600) / 10.0 END::float8,"
            + " CASE WHEN g % 4 = 0 THEN (g % 5) / 100.0 - 0.02 ELSE (g % 1800) / 10.0 - 90 END::float8,"
            + " CASE WHEN g % 97 = 0 THEN NULL WHEN g % 89 = 0 THEN 'NaN' WHEN g % 83 = 0 THEN -0.01"
            + " ELSE (g % 1000) / 10000.0 END::float8 FROM generate_series(1, " + READ_ROWS + ") g)"
            + " TO STDOUT (FORMAT binary)";

    static void run() {
        long t0 = System.nanoTime();
        Random r = new Random(3);
        SkyPositions left = new SkyPositions(ROWS);
        SkyPositions right = new SkyPositions(ROWS);
        for (int i = 0; i < ROWS; i++) {
            double ra = r.nextDouble() * 360;
            double dec = -5 + r.nextDouble() * 10;   // a band as dense as a 1M-row catalog's
            left.add(i, ra, dec);
            right.add(i, ra + r.nextGaussian() * 1e-4, dec + r.nextGaussian() * 1e-4);
        }
        long pairs = 0;
        for (int pass = 0; pass < 3; pass++) {
            // through the partition's own pair buffer and spool (sorted runs, binary COPY encoding), as a job
            try (org.desi.catalogs.service.copy.CopyRowSpool spool = new org.desi.catalogs.service.copy.CopyRowSpool(
                    8 << 20, java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
                SkyPartition.Pairs sink = new SkyPartition.Pairs(0, spool);
                pairs += new SkyMatcher(1.0, pass == 2 ? SkyMatcher.Mode.BEST : SkyMatcher.Mode.ALL)
                        .match(left, right, sink::add);
                sink.drain();
            } catch (java.sql.SQLException ex) {
                return;   // nothing reaches a database here; an encoding error only ends the warm-up
            }
        }
        // pairs go to PostgreSQL through the JDK's TLS when the connection is encrypted
        TlsCipherWarmUp.encrypt(64);
        LOG.infof("warm-up: %s pairs in %.2f s (DESI_CROSSMATCH_WARM_UP)", Long.toString(pairs), (System.nanoTime() - t0) / 1e9);
    }
}

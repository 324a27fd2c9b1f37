package org.desi.catalogs.ingest.job;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.desi.catalogs.core.fits.FileArrival;
import org.desi.catalogs.core.fits.FitsFormatException;
import org.desi.catalogs.core.sky.SkyCoverage;
import org.desi.catalogs.ingest.profile.IngestProfile;
import org.desi.catalogs.ingest.profile.LoadContext;
import org.desi.catalogs.ingest.profile.LoadResult;
import org.desi.catalogs.ingest.profile.ScanTap;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.job.LeaseWorkerPool;
import org.desi.catalogs.service.job.LeasedWork;
import org.desi.catalogs.service.sql.TransactionScope;
import org.jboss.logging.Logger;

/**
 * Runs queued ingest jobs on the shared {@link LeaseWorkerPool}. A job is claimed with
 * {@code FOR UPDATE SKIP LOCKED} (so replicas share the queue), loaded in one transaction that also
 * marks it SUCCEEDED (so a crash at any moment leaves either the whole file or nothing), and kept alive
 * by the pool's heartbeat; a RUNNING job whose heartbeat goes stale is taken over and loaded again from
 * the start.
 */
@ApplicationScoped
public class IngestWorker implements LeasedWork<IngestWorker.Claimed> {

    private static final Logger LOG = Logger.getLogger(IngestWorker.class);

    private static final String CLAIM_SQL = "UPDATE ingest_run SET status = 'RUNNING', worker = ?, heartbeat_at = now(),"
            + " started_at = now(), finished_at = NULL, attempts = attempts + 1, rows_read = 0, rows_loaded = 0,"
            + " rows_rejected = 0, bytes_read = 0, error = NULL"
            + " WHERE run_id = (SELECT run_id FROM ingest_run WHERE status = 'QUEUED'"
            + " OR (status = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => ?))"
            + " ORDER BY run_id LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING run_id, catalog_name, profile, source, file_name, size_bytes, sha256, options::text, attempts";

    private final AgroalDataSource db;
    private final IngestSettings settings;
    private final DataDirectory dataDir;
    private final Map<Profile, IngestProfile> profiles = new EnumMap<>(Profile.class);
    private final MeterRegistry metrics;
    private final String workerId;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<Long, Heartbeat> heartbeats = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService hasher = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ingest-hash");
        t.setDaemon(true);
        return t;
    });
    private LeaseWorkerPool<Claimed> pool;

    public IngestWorker(AgroalDataSource db, IngestSettings settings, Instance<IngestProfile> all, MeterRegistry metrics) {
        this.db = db;
        this.settings = settings;
        if (settings.mocOrder() < 0 || settings.mocOrder() > SkyCoverage.MAX_BITMAP_ORDER) {
            throw new IllegalStateException("DESI_INGEST_MOC_ORDER=" + settings.mocOrder() + " is outside 0.."
                    + SkyCoverage.MAX_BITMAP_ORDER);
        }
        this.dataDir = new DataDirectory(Path.of(settings.dataDir()));
        for (IngestProfile p : all) {
            profiles.put(p.profile(), p);
        }
        this.metrics = metrics;
        this.workerId = ManagementFactory.getRuntimeMXBean().getName();
        io.micrometer.core.instrument.Gauge.builder("desi.ingest.jobs.running", running, AtomicInteger::get)
                .description("Ingest jobs this replica is loading now").strongReference(true).register(metrics);
    }

    /** The profiles this build can load. */
    /** Whether a job is loading on this replica now (background work such as the warm-up yields to it). */
    public boolean busy() {
        return running.get() > 0;
    }

    public boolean supports(Profile p) {
        return profiles.containsKey(p);
    }

    public DataDirectory dataDirectory() {
        return dataDir;
    }

    void start(@Observes StartupEvent e) {
        // heartbeat (progress and lease) every second: the job page shows live progress
        pool = new LeaseWorkerPool<>("ingest", workerId, settings.workers(), settings.pollIntervalMs(), 1000, this);
        pool.start();
    }

    void stop(@Observes ShutdownEvent e) {
        if (pool != null) {
            pool.close();
        }
        hasher.shutdownNow();
    }

    /** Wakes a waiting worker (a job was just submitted). */
    public void wake() {
        if (pool != null) {
            pool.wake();
        }
    }

    /** A claimed ingest job. */
    record Claimed(long runId, String catalog, Profile profile, String source, String fileName, Long size,
                   String sha256, Map<String, String> options, int attempts, ArrivingUpload upload) {
    }

    /**
     * Loads an upload while it is still being received: its job was created RUNNING under this
     * replica ({@link IngestJobs#createReceiving}), so no other worker claims it while it is renewed.
     */
    public void loadWhileArriving(IngestJob job, Map<String, String> options, ArrivingUpload upload) {
        pool.handOver(new Claimed(job.id(), job.catalog(), Profile.parse(job.profile()), job.source(), job.source(),
                null, null, options, job.attempts(), upload));
    }

    /** This replica's worker id (the lease holder recorded in its jobs). */
    public String workerId() {
        return workerId;
    }

    /** Runs one claimed job to its end; its upload is removed unless it is to be retried. */
    @Override
    public void run(Claimed job) {
        running.incrementAndGet();
        Timer.Sample timer = Timer.start(metrics);
        String outcome = "FAILED";
        try {
            outcome = load(job);
        } finally {
            running.decrementAndGet();
            timer.stop(metrics.timer("desi.ingest.job.duration", "profile", job.profile().id(), "status", outcome));
        }
        if (!settings.keepUploads() && (outcome.equals("SUCCEEDED") || outcome.equals("FAILED")
                || outcome.equals("CANCELLED"))) {
            removeUpload(job.source());
        }
    }

    @Override
    public void renew(java.util.Collection<Claimed> jobs, String worker) {
        for (Claimed j : jobs) {
            Heartbeat h = heartbeats.get(j.runId());
            // a handed-over upload's job waiting for a free worker has no load (nor progress) yet
            (h != null ? h : new Heartbeat(db, j.runId(), workerId)).beat();
        }
    }

    /** Deletes an uploaded file (never a file the admins placed under the data directory). */
    public void removeUpload(String source) {
        if (source == null || !source.startsWith("uploads/")) {
            return;
        }
        try {
            java.nio.file.Files.deleteIfExists(dataDirectory().root().resolve(source));
        } catch (java.io.IOException e) {
            LOG.warnf("could not delete the upload %s: %s", source, e.getMessage());
        }
    }

    @Override
    public Claimed claim(String worker) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(CLAIM_SQL)) {
            s.setString(1, worker);
            s.setInt(2, settings.staleAfterSeconds());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Claimed(rs.getLong(1), rs.getString(2), Profile.parse(rs.getString(3)), rs.getString(4),
                        rs.getString(5), rs.getObject(6) == null ? null : rs.getLong(6), rs.getString(7),
                        JobOptions.parse(rs.getString(8)), rs.getInt(9), null);
            }
        }
    }

    private String load(Claimed job) {
        if (job.attempts() > settings.maxAttempts()) {
            fail(job.runId(), "gave up after " + (job.attempts() - 1) + " attempts: the worker died during each load");
            return "FAILED";
        }
        IngestProfile profile = profiles.get(job.profile());
        if (profile == null) {
            fail(job.runId(), "profile " + job.profile().id() + " is not available in this build");
            return "FAILED";
        }
        if (job.upload() == null && job.size() == null) {
            // created while its upload arrived, and the replica receiving it stopped before the end
            fail(job.runId(), "the upload did not complete (the replica receiving it stopped); upload the file again");
            return "FAILED";
        }
        Path file;
        try {
            file = job.upload() != null ? job.upload().file() : dataDir.resolve(job.source());
            if (job.size() != null && Files.size(file) != job.size()) {
                fail(job.runId(), "the file changed since it was submitted (" + job.size() + " bytes then, "
                        + Files.size(file) + " now); submit it again");
                return "FAILED";
            }
        } catch (ApiProblemException | java.io.IOException e) {
            fail(job.runId(), "source not readable: " + e.getMessage());
            return "FAILED";
        }
        LOG.infof("ingest run %d: loading %s into %s (%s, attempt %d)", job.runId(), job.source(), job.catalog(),
                job.profile().id(), job.attempts());
        Heartbeat heartbeat = new Heartbeat(db, job.runId(), workerId);
        heartbeats.put(job.runId(), heartbeat);
        // a file submitted from the data directory is hashed here, on another core, while it loads (handing
        // the load the bytes it asked for on the way); an upload that is still arriving is hashed by the
        // request receiving it
        ScanTap tap = job.upload() == null && job.sha256() == null ? profile.scanTap(file) : null;
        java.util.concurrent.Future<String> hashing = job.upload() != null ? job.upload().sha256()
                : job.sha256() != null ? null
                : hasher.submit(() -> countRead(tap != null ? FileHasher.hash(file, tap, settings.directReads())
                        : FileHasher.hash(file)));
        if (job.upload() != null) {
            job.upload().whileWaiting(heartbeat::checkNotLost);
        }
        try (RejectSink rejects = new RejectSink(job.runId());
             Connection tx = db.getConnection();
             TransactionScope scope = TransactionScope.begin(tx)) {
            try {
                try (java.sql.Statement st = tx.createStatement()) {
                    st.execute("SET LOCAL work_mem = '" + Math.max(1, settings.loadWorkMemMib()) + "MB'");
                }
                LoadContext ctx = new LoadContext(tx, job.runId(), job.catalog(), file, job.fileName(),
                        job.sha256() != null ? job.sha256() : HASH_PENDING, job.size() == null ? 0 : job.size(),
                        job.options(), rejects, heartbeat, settings.readerRole(), settings.copyBufferBytes(),
                        settings.mocOrder(), job.upload() != null ? job.upload() : FileArrival.COMPLETE, tap);
                long t0 = System.nanoTime();
                LoadResult r = profile.load(ctx);
                long t1 = System.nanoTime();
                String sha256 = job.sha256();
                if (hashing != null) {
                    sha256 = awaitHash(hashing);
                    try (PreparedStatement u = tx.prepareStatement(
                            "UPDATE catalog_source_file SET sha256 = ?, size_bytes = ? WHERE run_id = ?")) {
                        u.setString(1, sha256);
                        // an upload's size is known once it arrived (its hash only then, too)
                        u.setLong(2, job.upload() != null ? job.upload().sizeBytes() : job.size());
                        u.setLong(3, job.runId());
                        u.executeUpdate();
                    }
                }
                boolean marked;
                try {
                    marked = markSucceeded(tx, job.runId(), r, sha256);
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                    // the same bytes were loaded meanwhile (another name, or a parallel submit): keep nothing
                    tx.rollback();
                    String message = "the same bytes (SHA-256 " + sha256 + ") are already loaded into "
                            + job.catalog() + " by job " + earlierJob(job, sha256) + "; nothing was loaded again";
                    LOG.infof("ingest run %d: %s", job.runId(), message);
                    fail(job.runId(), message);
                    return "FAILED";
                }
                if (!marked) {
                    tx.rollback();
                    LOG.infof("ingest run %d: cancelled; rolled back", job.runId());
                    return "CANCELLED";
                }
                long t2 = System.nanoTime();
                tx.commit();
                // where a job's time goes, for whoever tunes it: the load, then waiting for the file's hash
                LOG.infof("ingest run %d: load %.2f s, then the SHA-256 %.2f s and the commit %.2f s", job.runId(),
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
                metrics.counter("desi.ingest.rows.loaded", "profile", job.profile().id()).increment(r.rowsLoaded());
                metrics.counter("desi.ingest.rows.rejected", "profile", job.profile().id()).increment(r.rowsRejected());
                metrics.counter("desi.ingest.bytes.read", "profile", job.profile().id()).increment(r.bytesRead());
                LOG.infof("ingest run %d: %d rows loaded, %d rejected", job.runId(), r.rowsLoaded(), r.rowsRejected());
                return "SUCCEEDED";
            } catch (LoadContext.Cancelled c) {
                tx.rollback();
                LOG.infof("ingest run %d: cancelled; rolled back", job.runId());
                return "CANCELLED";
            } catch (ArrivingUpload.Abandoned a) {
                // the request receiving the upload removes the job and answers the client
                tx.rollback();
                LOG.infof("ingest run %d: %s; rolled back", job.runId(), a.getMessage());
                return "DISCARDED";
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                String message = e instanceof FitsFormatException ? e.getMessage() : describe(e);
                LOG.warnf("ingest run %d failed: %s", job.runId(), message);
                fail(job.runId(), message);
                return "FAILED";
            }
        } catch (SQLException e) {
            // the database went away: leave the job RUNNING (and its upload in place); its heartbeat goes
            // stale and it is retried
            LOG.warnf("ingest run %d interrupted by a database error, will be retried: %s", job.runId(), e.getMessage());
            return "RETRY";
        } finally {
            heartbeats.remove(job.runId());
            if (hashing != null) {
                hashing.cancel(true);
            }
        }
    }

    /**
     * Counts how the hashing pass read a file (bypassing the page cache or through it): an operator sees
     * whether the data volume takes O_DIRECT ({@code DESI_INGEST_DIRECT_READS}); returns the hash.
     */
    private String countRead(FileHasher.Hashed hashed) {
        metrics.counter("desi.ingest.hash.read.bytes", "mode", "direct").increment(hashed.directBytes());
        metrics.counter("desi.ingest.hash.read.bytes", "mode", "cached").increment(hashed.cachedBytes());
        return hashed.sha256();
    }

    /** Placeholder SHA-256 of a file whose hash is being computed during its load (replaced before commit). */
    private static final String HASH_PENDING = "0".repeat(64);

    private static String awaitHash(java.util.concurrent.Future<String> hashing) throws SQLException {
        try {
            return hashing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while hashing the source file", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ArrivingUpload.Abandoned a) {
                throw new ArrivingUpload.Abandoned(a.getMessage());
            }
            throw new IllegalStateException("cannot hash the source file: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private String earlierJob(Claimed job, String sha256) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT run_id FROM ingest_run"
                + " WHERE catalog_name = ? AND profile = ? AND sha256 = ? AND " + IngestJobs.HOLDS_ITS_FILE
                + " AND run_id <> ? ORDER BY run_id LIMIT 1")) {
            s.setString(1, job.catalog());
            s.setString(2, job.profile().id());
            s.setString(3, sha256);
            s.setLong(4, job.runId());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Long.toString(rs.getLong(1)) : "(unknown)";
            }
        } catch (SQLException e) {
            return "(unknown)";
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private boolean markSucceeded(Connection tx, long runId, LoadResult r, String sha256) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("UPDATE ingest_run SET status = 'SUCCEEDED', rows_total = ?,"
                + " rows_read = ?, rows_loaded = ?, rows_rejected = ?, bytes_read = ?, finished_at = clock_timestamp(),"
                + " heartbeat_at = now(), sha256 = ? WHERE run_id = ? AND status = 'RUNNING' AND worker = ?")) {
            s.setLong(1, r.rowsTotal());
            s.setLong(2, r.rowsRead());
            s.setLong(3, r.rowsLoaded());
            s.setLong(4, r.rowsRejected());
            s.setLong(5, r.bytesRead());
            s.setString(6, sha256);
            s.setLong(7, runId);
            s.setString(8, workerId);
            return s.executeUpdate() == 1;
        }
    }

    private void fail(long runId, String error) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE ingest_run SET"
                + " status = 'FAILED', error = ?, finished_at = clock_timestamp() WHERE run_id = ? AND status = 'RUNNING'")) {
            s.setString(1, error);
            s.setLong(2, runId);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("cannot record failure of ingest run %d: %s", runId, e.getMessage());
        }
    }
}

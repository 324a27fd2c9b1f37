package org.desi.catalogs.crossmatch.worker;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.desi.catalogs.core.match.SkyMatcher;
import org.desi.catalogs.core.match.V2Membership;
import org.desi.catalogs.core.match.VoidMembership;
import org.desi.catalogs.crossmatch.CrossmatchSettings;
import org.desi.catalogs.crossmatch.job.CatalogLookup;
import org.desi.catalogs.crossmatch.job.CatalogRef;
import org.desi.catalogs.service.job.LeaseWorkerPool;
import org.desi.catalogs.service.job.LeasedWork;
import org.desi.catalogs.service.sql.TransactionScope;
import org.jboss.logging.Logger;

/**
 * Claims partitions of any job through PostgreSQL and runs them. Any number of replicas share the
 * work: a claim is {@code FOR UPDATE SKIP LOCKED} on a pending partition or one whose lease expired;
 * the shared {@link LeaseWorkerPool} runs the workers and renews the leases held; the results of a
 * partition commit in the same transaction that marks it done, and only if this worker still holds the lease. A worker killed with -9 commits
 * nothing, its lease expires and another worker redoes the partition: results exactly once.
 */
@ApplicationScoped
public class PartitionWorker implements LeasedWork<PartitionWorker.Lease> {

    private static final Logger LOG = Logger.getLogger(PartitionWorker.class);

    /**
     * A leased partition: a band of zones (sky jobs) or a range of galaxy ids (voids jobs; null bound:
     * open), or a voids job's publishing step.
     */
    record Lease(long jobId, int partitionNo, int zoneMin, int zoneMax, Long idMin, Long idMax, boolean publish,
                 int attempts) {
    }

    private final AgroalDataSource db;
    private final CrossmatchSettings settings;
    private final MeterRegistry metrics;
    private final String workerId;
    /** Per job: its void catalog's engine, built once by whichever partition needs it first. */
    private final Map<Long, CompletableFuture<VoidMembership>> voidEngines = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompletableFuture<VoidMembership>> e) {
            return size() > 2;   // void catalogs are small; keep the last two jobs' data
        }
    };
    private LeaseWorkerPool<Lease> pool;
    private final ResultSpooling spooling;

    public PartitionWorker(AgroalDataSource db, CrossmatchSettings settings, MeterRegistry metrics) {
        this.db = db;
        this.settings = settings;
        this.metrics = metrics;
        this.spooling = new ResultSpooling(settings.spoolMemoryBytes(), java.nio.file.Path.of(
                settings.spoolDirectory().orElse(System.getProperty("java.io.tmpdir"))));
        String host = System.getenv().getOrDefault("HOSTNAME", "local");
        this.workerId = host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String workerId() {
        return workerId;
    }

    void start(@Observes StartupEvent e) {
        if (!settings.workerEnabled()) {
            LOG.info("cross-match workers disabled (DESI_CROSSMATCH_WORKER_ENABLED=false)");
            return;
        }
        pool = newPool();
        pool.start();
        LOG.infof("cross-match worker %s: %d thread(s), lease %d s", workerId, settings.workerThreads(),
                settings.leaseSeconds());
    }

    /** The workers of this replica (not started): threads as configured, leases renewed every third of their length. */
    LeaseWorkerPool<Lease> newPool() {
        return new LeaseWorkerPool<>("crossmatch", workerId, settings.workerThreads(), settings.pollIntervalMs(),
                Math.max(1, settings.leaseSeconds() * 1000L / 3), this);
    }

    void stop(@Observes ShutdownEvent e) {
        if (pool != null) {
            pool.close();
        }
    }

    /** Wakes this replica's idle workers (a job was just submitted here). */
    public void wake() {
        if (pool != null) {
            pool.wake();
        }
    }

    @Override
    public Lease claim(String worker) throws SQLException {
        return claim();
    }

    /** Leases the next pending (or expired) partition of an active job, or returns null. */
    Lease claim() throws SQLException {
        try (Connection c = db.getConnection(); TransactionScope tx = TransactionScope.begin(c)) {
            Lease lease = null;
            try (PreparedStatement s = c.prepareStatement("WITH next AS (SELECT p.job_id, p.partition_no"
                    + " FROM desi.crossmatch_partition p JOIN desi.crossmatch_job j ON j.job_id = p.job_id"
                    + " WHERE j.status IN ('QUEUED', 'RUNNING') AND (p.status = 'PENDING'"
                    + " OR (p.status = 'LEASED' AND p.lease_expires_at < clock_timestamp()))"
                    // a publishing step waits for every other partition of its job
                    + " AND (p.step = 'match' OR NOT EXISTS (SELECT 1 FROM desi.crossmatch_partition q"
                    + " WHERE q.job_id = p.job_id AND q.step = 'match' AND q.status <> 'DONE'))"
                    + " ORDER BY p.job_id, p.partition_no LIMIT 1 FOR UPDATE OF p SKIP LOCKED)"
                    + " UPDATE desi.crossmatch_partition p SET status = 'LEASED', lease_owner = ?,"
                    + " lease_expires_at = clock_timestamp() + make_interval(secs => ?), attempts = p.attempts + 1"
                    + " FROM next WHERE p.job_id = next.job_id AND p.partition_no = next.partition_no"
                    + " RETURNING p.job_id, p.partition_no, p.zone_min, p.zone_max, p.id_min, p.id_max,"
                    + " p.step = 'publish', p.attempts")) {
                s.setString(1, workerId);
                s.setInt(2, settings.leaseSeconds());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        lease = new Lease(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4),
                                rs.getObject(5, Long.class), rs.getObject(6, Long.class), rs.getBoolean(7),
                                rs.getInt(8));
                    }
                }
            }
            if (lease != null) {
                try (PreparedStatement s = c.prepareStatement("UPDATE desi.crossmatch_job SET status = 'RUNNING',"
                        + " started_at = coalesce(started_at, clock_timestamp()) WHERE job_id = ? AND status = 'QUEUED'")) {
                    s.setLong(1, lease.jobId());
                    s.executeUpdate();
                }
                if (lease.attempts() > 1) {
                    metrics.counter("desi.crossmatch.leases.taken.over").increment();
                }
            }
            c.commit();
            return lease;
        }
    }

    @Override
    public void run(Lease lease) throws SQLException {
        if (lease.attempts() > settings.maxAttempts()) {
            failJob(lease.jobId(), "partition " + lease.partitionNo() + " was leased " + (lease.attempts() - 1)
                    + " times without finishing (its workers died)");
            return;
        }
        long started = System.nanoTime();
        PartitionResult result;
        try (Connection c = db.getConnection()) {
            result = compute(c, lease);
        } catch (SQLException | RuntimeException e) {
            if (isDatabaseDown(e)) {
                throw e;   // not the job's fault: the lease expires and the partition is redone
            }
            LOG.warnf(e, "cross-match job %d partition %d failed", lease.jobId(), lease.partitionNo());
            failJob(lease.jobId(), "partition " + lease.partitionNo() + ": " + e.getMessage());
            return;
        }
        String status;
        try (result) {
            status = commit(lease, result);
        }
        metrics.timer("desi.crossmatch.partition.duration").record(System.nanoTime() - started,
                TimeUnit.NANOSECONDS);
        if (status != null) {
            metrics.counter("desi.crossmatch.partitions.done").increment();
            metrics.counter("desi.crossmatch.rows.processed").increment(result.rowsProcessed());
            metrics.counter("desi.crossmatch.result.rows").increment(result.rows());
            LOG.debugf("job %d partition %d: %d rows in, %d results (%s)", lease.jobId(), lease.partitionNo(),
                    result.rowsProcessed(), result.rows(), status);
        }
    }

    private static boolean isDatabaseDown(Exception e) {
        return e instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08");
    }

    private PartitionResult compute(Connection c, Lease lease) throws SQLException {
        String type;
        int leftId;
        int rightId;
        double radius;
        String mode;
        String v2Rule;
        try (PreparedStatement s = c.prepareStatement("SELECT type, left_catalog_id, right_catalog_id,"
                + " radius_arcsec, mode, v2_rule FROM desi.crossmatch_job WHERE job_id = ?")) {
            s.setLong(1, lease.jobId());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                type = rs.getString(1);
                leftId = rs.getInt(2);
                rightId = rs.getInt(3);
                radius = rs.getDouble(4);
                mode = rs.getString(5);
                v2Rule = rs.getString(6);
            }
        }
        if (lease.publish()) {
            return EnvironmentPublishing.indexStage(db, lease.jobId(), settings.indexBuildConnections());
        }
        CatalogRef left = CatalogLookup.byId(c, leftId);
        if (type.equals("sky")) {
            CatalogRef right = CatalogLookup.byId(c, rightId);
            return SkyPartition.compute(c, lease.jobId(), left, right, radius,
                    "best".equals(mode) ? SkyMatcher.Mode.BEST : SkyMatcher.Mode.ALL, lease.zoneMin(), lease.zoneMax(),
                    settings.matchThreads(), spooling);
        }
        // immutable and thread-safe: built once per job (the tracer k-d tree is the costly part); a
        // partition arriving while another builds it waits for that build instead of repeating it
        CompletableFuture<VoidMembership> mine = new CompletableFuture<>();
        CompletableFuture<VoidMembership> shared;
        synchronized (voidEngines) {
            shared = voidEngines.putIfAbsent(lease.jobId(), mine);
        }
        VoidMembership engine;
        if (shared == null) {
            try {
                engine = VoidCatalogLoader.load(c, rightId, V2Membership.Rule.parse(v2Rule));
                mine.complete(engine);
            } catch (SQLException | RuntimeException e) {
                synchronized (voidEngines) {
                    voidEngines.remove(lease.jobId(), mine);
                }
                mine.completeExceptionally(e);
                throw e;
            }
        } else {
            try {
                engine = shared.join();
            } catch (CompletionException e) {
                throw new IllegalStateException("void catalog " + rightId + " could not be loaded: "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
        return VoidPartition.compute(c, lease.jobId(), left, rightId, engine, lease.idMin(), lease.idMax(),
                spooling);
    }

    /**
     * Writes the results and marks the partition done, only while this worker holds the lease and the
     * job is still running; returns the job's status afterwards, or null when the work was discarded.
     */
    String commit(Lease lease, PartitionResult result) throws SQLException {
        try (Connection c = db.getConnection(); TransactionScope tx = TransactionScope.begin(c)) {
            try (PreparedStatement s = c.prepareStatement("UPDATE desi.crossmatch_partition SET status = 'DONE',"
                    + " pairs = ?, rows_processed = ?, finished_at = clock_timestamp(), lease_expires_at = NULL"
                    + " WHERE job_id = ? AND partition_no = ? AND status = 'LEASED' AND lease_owner = ?")) {
                s.setLong(1, result.rows());
                s.setLong(2, result.rowsProcessed());
                s.setLong(3, lease.jobId());
                s.setInt(4, lease.partitionNo());
                s.setString(5, workerId);
                if (s.executeUpdate() != 1) {
                    c.rollback();
                    LOG.infof("job %d partition %d: lease lost to another worker; results discarded",
                            lease.jobId(), lease.partitionNo());
                    return null;
                }
            }
            // rows first, the job's row last: its lock is held to the commit, and taking it only now
            // lets the COPYs of partitions finishing together run side by side
            long t0 = System.nanoTime();
            result.copyInto(c);
            LOG.debugf("job %d partition %d: %d result rows written in %.2f s", lease.jobId(), lease.partitionNo(),
                    result.rows(), (System.nanoTime() - t0) / 1e9);
            String status;
            try (PreparedStatement s = c.prepareStatement("UPDATE desi.crossmatch_job SET"
                    + " partitions_done = partitions_done + 1, pairs = pairs + ?, rows_processed = rows_processed + ?,"
                    + " status = CASE WHEN partitions_done + 1 >= partitions_total THEN 'SUCCEEDED' ELSE status END,"
                    + " finished_at = CASE WHEN partitions_done + 1 >= partitions_total THEN clock_timestamp() END"
                    + " WHERE job_id = ? AND status = 'RUNNING' RETURNING status")) {
                s.setLong(1, result.rows());
                s.setLong(2, result.rowsProcessed());
                s.setLong(3, lease.jobId());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();   // cancelled or failed meanwhile
                        return null;
                    }
                    status = rs.getString(1);
                }
            }
            if ("SUCCEEDED".equals(status)) {
                // a voids job's indexes were built by its publishing step before this: what is left
                // (attach, drop the pair's previous partition) takes milliseconds, so finished_at
                // above stands without a second update of the job's row
                long t1 = System.nanoTime();
                result.publishJob(c, lease.jobId());
                LOG.debugf("job %d: published in %.2f s", (Object) lease.jobId(), (System.nanoTime() - t1) / 1e9);
            }
            c.commit();
            return status;
        }
    }

    @Override
    public void renew(Collection<Lease> held, String worker) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE desi.crossmatch_partition SET lease_expires_at = clock_timestamp() + make_interval(secs => ?)"
                        + " WHERE job_id = ? AND partition_no = ? AND lease_owner = ? AND status = 'LEASED'")) {
            for (Lease l : held) {
                s.setInt(1, settings.leaseSeconds());
                s.setLong(2, l.jobId());
                s.setInt(3, l.partitionNo());
                s.setString(4, worker);
                s.executeUpdate();
            }
        }
    }

    private void failJob(long jobId, String error) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE desi.crossmatch_job"
                + " SET status = 'FAILED', error = ?, finished_at = clock_timestamp() WHERE job_id = ?"
                + " AND status IN ('QUEUED', 'RUNNING')")) {
            s.setString(1, error);
            s.setLong(2, jobId);
            s.executeUpdate();
            metrics.counter("desi.crossmatch.jobs.failed").increment();
        } catch (SQLException e) {
            LOG.warnf("cannot record failure of job %d: %s", jobId, e.getMessage());
        }
    }
}

package org.desi.catalogs.service.job;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one job mechanism of ingest-service and crossmatch-service: {@code threads} workers that claim
 * units of {@link LeasedWork} and run them, wake at once when this replica accepted new work
 * ({@link #wake()}) and otherwise poll every {@code pollIntervalMs}, back off when the database is
 * unreachable (the leases they held expire and another worker redoes the units), and one heartbeat
 * thread that renews every running unit's lease every {@code renewEveryMs}.
 *
 * @param <T> a claimed unit
 */
public final class LeaseWorkerPool<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseWorkerPool.class);

    private final String name;
    private final String workerId;
    private final int threads;
    private final long pollIntervalMs;
    private final long renewEveryMs;
    private final LeasedWork<T> work;
    /**
     * The units running or handed over, by identity: each is one claim. Value equality would hash every
     * component of a service's record (a job's options too) at each claim and heartbeat, and its first call
     * bootstraps the record's {@code ObjectMethods}: 47 classes spun during a pod's first job, whose method
     * handle code C2 then compiled in that job (JFR and HotSpot's compilation log, session 24).
     */
    private final Set<T> running = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final Semaphore wakeUp = new Semaphore(0);
    private final java.util.Queue<T> handedOver = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeat;

    public LeaseWorkerPool(String name, String workerId, int threads, long pollIntervalMs, long renewEveryMs,
                           LeasedWork<T> work) {
        this.name = name;
        this.workerId = workerId;
        this.threads = Math.max(1, threads);
        this.pollIntervalMs = Math.max(1, pollIntervalMs);
        this.renewEveryMs = Math.max(1, renewEveryMs);
        this.work = work;
    }

    public synchronized void start() {
        if (workers != null) {
            return;
        }
        workers = Executors.newFixedThreadPool(threads, r -> daemon(r, name + "-worker"));
        for (int i = 0; i < threads; i++) {
            workers.submit(this::loop);
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-heartbeat"));
        heartbeat.scheduleWithFixedDelay(this::renew, renewEveryMs, renewEveryMs, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }

    /** Wakes idle workers now (this replica has just accepted work) instead of at their next poll. */
    public void wake() {
        wakeUp.release(threads);
    }

    /**
     * Runs a unit this replica leased itself when it created it (an upload's job, loaded while the
     * upload still arrives) on the next free worker, before any claimed one; the heartbeat renews its
     * lease from now on, also while it waits for a worker.
     */
    public void handOver(T unit) {
        running.add(unit);
        handedOver.add(unit);
        wakeUp.release(threads);
    }

    /** Units this replica is running now. */
    public int runningCount() {
        return running.size();
    }

    public String workerId() {
        return workerId;
    }

    private void loop() {
        while (!stopping) {
            try {
                T unit = handedOver.poll();
                if (unit == null) {
                    unit = work.claim(workerId);
                }
                if (unit == null) {
                    wakeUp.tryAcquire(pollIntervalMs, TimeUnit.MILLISECONDS);
                    continue;
                }
                running.add(unit);
                try {
                    work.run(unit);
                } catch (Error e) {
                    // An Error (out of memory, stack overflow, a class that fails to link) must not end this
                    // loop: the worker would be gone while the replica looks healthy, and the heartbeat would
                    // renew a handed-over unit's lease for ever. The unit's lease is no longer renewed: it
                    // expires and the unit is redone, up to the work's attempt limit.
                    LOG.errorf(e, "%s worker %s: unit %s ended with %s; its lease will expire and it is retried",
                            name, workerId, unit, e);
                } finally {
                    running.remove(unit);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception ex) {
                // the database unreachable or similar: back off; the leases held expire and are redone
                if (stopping) {
                    return;
                }
                LOG.warnf("%s worker %s: %s", name, workerId, ex.getMessage());
                try {
                    Thread.sleep(Math.max(1000, pollIntervalMs));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void renew() {
        List<T> units;
        synchronized (running) {
            units = List.copyOf(running);
        }
        if (units.isEmpty()) {
            return;
        }
        try {
            work.renew(units, workerId);
        } catch (SQLException | RuntimeException e) {
            // transient: the next beat tries again; a long outage lets the leases expire
            LOG.debugf("%s: cannot renew leases: %s", name, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        stopping = true;
        wakeUp.release(threads);
        if (workers != null) {
            workers.shutdownNow();
            heartbeat.shutdownNow();
        }
    }
}

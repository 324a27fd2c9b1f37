package org.desi.catalogs.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The pool's mechanics with an in-memory queue (the PostgreSQL side, claims, leases and takeover, is
 * tested by the services: LeaseTakeoverTest, the kill -9 and PostgreSQL-restart scripts).
 */
class LeaseWorkerPoolTest {

    /** A queue of units; claim fails (as an unreachable database would) while {@code failClaims} > 0. */
    static final class Queued implements LeasedWork<Integer> {
        final Queue<Integer> pending = new ConcurrentLinkedQueue<>();
        final List<Integer> done = new CopyOnWriteArrayList<>();
        final List<Collection<Integer>> renewed = new CopyOnWriteArrayList<>();
        final AtomicInteger failClaims = new AtomicInteger();
        final AtomicInteger claims = new AtomicInteger();
        volatile CountDownLatch release = new CountDownLatch(0);
        volatile CountDownLatch finished = new CountDownLatch(0);
        /** Units whose run throws this (as a load running out of memory would). */
        final java.util.Map<Integer, Error> errors = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Integer claim(String workerId) throws SQLException {
            claims.incrementAndGet();
            if (failClaims.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("connection refused", "08001");
            }
            return pending.poll();
        }

        @Override
        public void run(Integer unit) throws Exception {
            release.await();
            Error e = errors.get(unit);
            if (e != null) {
                finished.countDown();
                throw e;
            }
            done.add(unit);
            finished.countDown();
        }

        @Override
        public void renew(Collection<Integer> running, String workerId) {
            renewed.add(running);
        }
    }

    @Test
    void wakeStartsSubmittedWorkWithoutWaitingForThePoll() throws Exception {
        Queued q = new Queued();
        // a poll interval of an hour: only wake() can make the workers look again
        try (LeaseWorkerPool<Integer> pool = new LeaseWorkerPool<>("t", "w1", 2, 3_600_000, 3_600_000, q)) {
            pool.start();
            awaitTrue(() -> q.claims.get() >= 2, () -> "both workers found the queue empty and went to sleep");
            q.finished = new CountDownLatch(3);
            q.pending.addAll(List.of(1, 2, 3));
            pool.wake();
            assertTrue(q.finished.await(30, TimeUnit.SECONDS), "woken workers ran the units: " + q.done);
            assertEquals(List.of(1, 2, 3), q.done.stream().sorted().toList());
        }
    }

    @Test
    void aHandedOverUnitIsRenewedWhileItWaitsForAWorkerAndRunsBeforeClaimedOnes() throws Exception {
        Queued q = new Queued();
        q.release = new CountDownLatch(1);
        q.finished = new CountDownLatch(3);
        q.pending.add(1);
        try (LeaseWorkerPool<Integer> pool = new LeaseWorkerPool<>("t", "w1", 1, 10, 20, q)) {
            pool.start();
            awaitTrue(() -> q.renewed.stream().anyMatch(c -> c.contains(1)),
                    () -> "the only worker is busy with unit 1");
            q.pending.add(2);
            pool.handOver(99);   // leased by its creator: must not wait for a claim, nor go unrenewed
            awaitTrue(() -> q.renewed.stream().anyMatch(c -> c.contains(99) && c.contains(1)),
                    () -> "units 1 and 99 renewed together: " + q.renewed);
            q.release.countDown();
            assertTrue(q.finished.await(30, TimeUnit.SECONDS), "all units ran: " + q.done);
            assertEquals(List.of(1, 99, 2), q.done, "the handed-over unit runs before the next claimed one");
        }
    }

    @Test
    void heartbeatRenewsExactlyTheUnitsRunning() throws Exception {
        Queued q = new Queued();
        q.release = new CountDownLatch(1);
        q.finished = new CountDownLatch(2);
        q.pending.addAll(List.of(7, 8));
        try (LeaseWorkerPool<Integer> pool = new LeaseWorkerPool<>("t", "w1", 2, 10, 20, q)) {
            pool.start();
            awaitTrue(() -> q.renewed.stream().anyMatch(c -> c.size() == 2),
                    () -> "both units renewed together: " + q.renewed);
            assertEquals(2, pool.runningCount());
            assertTrue(q.renewed.stream().allMatch(c -> List.of(7, 8).containsAll(c)), q.renewed.toString());
            q.release.countDown();
            assertTrue(q.finished.await(30, TimeUnit.SECONDS));
            awaitTrue(() -> pool.runningCount() == 0, () -> "nothing running: " + pool.runningCount());
            int before = q.renewed.size();
            Thread.sleep(100);
            assertEquals(before, q.renewed.size(), "nothing running, nothing renewed");
        }
    }

    /** A unit that has no identity of its own, as the services' records have none. */
    record Unit(int jobId) {
    }

    @Test
    void unitsEqualInValueAreEachRenewedUntilTheirOwnRunEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondReleased = new CountDownLatch(1);
        List<Collection<Unit>> renewed = new CopyOnWriteArrayList<>();
        Unit first = new Unit(5);
        Unit second = new Unit(5);
        Queue<Unit> pending = new ConcurrentLinkedQueue<>(List.of(first, second));
        LeasedWork<Unit> work = new LeasedWork<>() {
            @Override
            public Unit claim(String workerId) {
                return pending.poll();
            }

            @Override
            public void run(Unit unit) throws Exception {
                (unit == second ? secondReleased : release).await();
            }

            @Override
            public void renew(Collection<Unit> running, String workerId) {
                renewed.add(running);
            }
        };
        try (LeaseWorkerPool<Unit> pool = new LeaseWorkerPool<>("t", "w1", 2, 10, 20, work)) {
            pool.start();
            awaitTrue(() -> renewed.stream().anyMatch(c -> c.size() == 2),
                    () -> "both renewed together; renewals of one unit only: " + renewed.size());
            release.countDown();
            awaitTrue(() -> pool.runningCount() == 1, () -> "the first one ended: " + pool.runningCount());
            int seen = renewed.size();
            awaitTrue(() -> renewed.size() >= seen + 2, () -> "renewed after the first ended: " + renewed.size());
            Collection<Unit> last = renewed.get(renewed.size() - 1);
            assertEquals(1, last.size(), last.toString());
            assertTrue(last.iterator().next() == second,
                    "the unit still running is renewed, not dropped with its equal");
        } finally {
            secondReleased.countDown();
        }
    }

    /** Polls {@code condition} every 5 ms; fails naming {@code what} after 30 s (a broken pool fails, not hangs). */
    private static void awaitTrue(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(5);
        }
    }

    @Test
    void workersBackOffWhileTheDatabaseIsDownAndCarryOnAfterwards() throws Exception {
        Queued q = new Queued();
        q.failClaims.set(2);
        q.finished = new CountDownLatch(1);
        q.pending.add(42);
        try (LeaseWorkerPool<Integer> pool = new LeaseWorkerPool<>("t", "w1", 1, 10, 1000, q)) {
            pool.start();
            assertTrue(q.finished.await(60, TimeUnit.SECONDS), "the unit ran once claims worked again");
            assertEquals(List.of(42), q.done);
            assertTrue(q.claims.get() >= 3, "two failed claims, then the successful one: " + q.claims.get());
        }
    }

    @Test
    void aUnitEndingWithAnErrorIsNoLongerRenewedAndTheOnlyWorkerCarriesOn() throws Exception {
        Queued q = new Queued();
        q.errors.put(1, new OutOfMemoryError("Java heap space"));
        q.errors.put(2, new StackOverflowError());
        q.finished = new CountDownLatch(3);
        try (LeaseWorkerPool<Integer> pool = new LeaseWorkerPool<>("t", "w1", 1, 10, 20, q)) {
            pool.start();
            pool.handOver(1);
            q.pending.addAll(List.of(2, 3));
            assertTrue(q.finished.await(30, TimeUnit.SECONDS), "the units after the errors ran: " + q.done);
            pool.handOver(4);   // handed over after both errors: a worker still takes it
            awaitTrue(() -> q.done.contains(4), () -> "unit 4 ran: " + q.done);
            assertEquals(List.of(3, 4), q.done);
            awaitTrue(() -> pool.runningCount() == 0, () -> "nothing running: " + pool.runningCount());
            int before = q.renewed.size();
            Thread.sleep(100);
            assertEquals(before, q.renewed.size(), "the failed units' leases are left to expire, not renewed");
        }
    }

    @Test
    void closeStopsTheWorkers() throws Exception {
        Queued q = new Queued();
        LeaseWorkerPool<Integer> pool = new LeaseWorkerPool<>("t", "w1", 2, 10, 1000, q);
        pool.start();
        pool.close();
        Thread.sleep(50);
        int claims = q.claims.get();
        q.pending.add(1);
        Thread.sleep(100);
        assertEquals(claims, q.claims.get(), "no claims after close");
        assertTrue(q.done.isEmpty());
    }
}

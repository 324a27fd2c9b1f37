package org.desi.catalogs.service.job;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.desi.catalogs.service.rest.QueryParams;
import org.jboss.logging.Logger;

/**
 * Lets a request wait for a job to finish (GET .../jobs/{id}?waitSeconds=N, after IVOA UWS's WAIT):
 * PostgreSQL announces every job's end on channel {@value #CHANNEL} as {@code kind:id} when its
 * transaction commits (schema v15's triggers, whichever replica or path ended it), and this replica
 * listens on one connection of its own, opened at the first wait. A waiting request registers before
 * it reads the job, so no announcement can fall between the read and the wait. Announcements made
 * while the connection is down are lost: the subscriber reconnects every second, and the requests
 * waiting meanwhile answer once it listens again (early, which the contract allows).
 */
@ApplicationScoped
public class JobFinishedSignals {

    private static final Logger LOG = Logger.getLogger(JobFinishedSignals.class);
    /** The channel schema v15's triggers notify. */
    public static final String CHANNEL = "desi_job_finished";
    /** How long a request waits between reads when this replica cannot listen (the database unreachable). */
    private static final Duration FALLBACK_POLL = Duration.ofMillis(500);

    /** Longest wait a request may ask for [s]; the query parameter is {@value #WAIT_PARAMETER}. */
    public static final int MAX_WAIT_SECONDS = 60;
    public static final String WAIT_PARAMETER = "waitSeconds";
    public static final String WAIT_DESCRIPTION = "answer once the job has finished (SUCCEEDED, FAILED or CANCELLED) or"
            + " after this many seconds, whichever comes first (possibly earlier); 0..60, default 0 (at once)";

    private final Vertx vertx;
    private final Pool pool;
    private final DefaultPoolCreator poolCreator;
    private final ConcurrentHashMap<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private PgSubscriber subscriber;                  // guarded by this
    private CompletableFuture<Boolean> subscribed;    // guarded by this; true once LISTEN is in effect

    public JobFinishedSignals(Vertx vertx, Pool pool, DefaultPoolCreator poolCreator) {
        this.vertx = vertx;
        this.pool = pool;
        this.poolCreator = poolCreator;
    }

    /**
     * The job as {@code read} gives it once {@code finished} says so, or once {@code maxWait} has passed
     * (or earlier, when this replica's listening connection dropped meanwhile). A zero wait reads once.
     *
     * @param kind "ingest" or "crossmatch", as the triggers name them
     */
    public <T> Uni<T> whenFinished(String kind, long id, Duration maxWait, Supplier<Uni<T>> read, Predicate<T> finished) {
        if (maxWait.isZero()) {
            return read.get();
        }
        String key = kind + ":" + id;
        return listening().flatMap(listening -> {
            CompletableFuture<Void> signal = new CompletableFuture<>();
            if (listening) {
                waiting.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(signal);
            }
            return read.get()
                    .flatMap(job -> {
                        if (finished.test(job)) {
                            return Uni.createFrom().item(job);
                        }
                        Uni<Void> announced = listening
                                ? Uni.createFrom().completionStage(signal).ifNoItem().after(maxWait).recoverWithItem((Void) null)
                                : Uni.createFrom().voidItem().onItem().delayIt().by(FALLBACK_POLL.compareTo(maxWait) < 0
                                        ? FALLBACK_POLL : maxWait);
                        return announced.flatMap(ignored -> read.get());
                    })
                    .onTermination().invoke(() -> forget(key, signal));
        });
    }

    /** The wait a request asked for ({@value #WAIT_PARAMETER}, absent: none); 400 naming [0, 60] otherwise. */
    public static Duration requestedWait(String waitSeconds) {
        return Duration.ofSeconds(QueryParams.integer(WAIT_PARAMETER, waitSeconds, 0, MAX_WAIT_SECONDS, 0));
    }

    private void forget(String key, CompletableFuture<Void> signal) {
        waiting.computeIfPresent(key, (k, set) -> {
            set.remove(signal);
            return set.isEmpty() ? null : set;
        });
    }

    private void announced(String key) {
        Set<CompletableFuture<Void>> set = waiting.remove(key);
        if (set != null) {
            set.forEach(f -> f.complete(null));
        }
    }

    /** Answers every waiting request now: announcements may have been missed. */
    private void wakeAll() {
        for (String key : Set.copyOf(waiting.keySet())) {
            announced(key);
        }
    }

    /** Completes with true once this replica listens, false when it cannot (tried again at the next wait). */
    private synchronized Uni<Boolean> listening() {
        if (subscribed == null || (subscribed.isDone() && !subscribed.join())) {
            pool.size();   // the default pool exists, so its connect options are known
            PgConnectOptions options = poolCreator.options();
            CompletableFuture<Boolean> now = new CompletableFuture<>();
            subscribed = now;
            if (options == null) {
                now.complete(false);
            } else {
                if (subscriber != null) {
                    subscriber.close();
                }
                PgSubscriber s = PgSubscriber.subscriber(vertx, options);
                subscriber = s;
                s.reconnectPolicy(retries -> 1000L);
                s.closeHandler(v -> {
                    synchronized (this) {
                        if (subscriber == s) {
                            subscribed = null;
                        }
                    }
                    wakeAll();
                });
                // LISTEN in effect, at first or again after a reconnect: what was announced while the
                // connection was down is lost, so the requests waiting then read their job again now
                s.channel(CHANNEL).subscribeHandler(v -> {
                    wakeAll();
                    now.complete(true);
                }).handler(this::announced);
                s.connect().onFailure(e -> {
                    LOG.warnf("cannot listen for finished jobs (%s); waiting requests poll every %d ms", e.getMessage(),
                            FALLBACK_POLL.toMillis());
                    now.complete(false);
                });
            }
        }
        return Uni.createFrom().completionStage(subscribed);
    }

    @PreDestroy
    synchronized void close() {
        if (subscriber != null) {
            subscriber.close();
        }
        wakeAll();
    }
}

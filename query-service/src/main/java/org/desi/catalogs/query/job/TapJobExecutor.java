package org.desi.catalogs.query.job;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.adql.AdqlException;
import org.desi.catalogs.query.adql.AdqlTranslator;
import org.desi.catalogs.query.adql.TapRequest;
import org.desi.catalogs.query.adql.TapUpload;
import org.desi.catalogs.query.adql.TranslatedQuery;
import org.desi.catalogs.query.format.VoTableUploadReader;
import org.desi.catalogs.query.format.TapResultDocument;
import org.desi.catalogs.query.repository.TapSchemaRepository;
import org.desi.catalogs.query.search.TapMetrics;
import org.desi.catalogs.query.search.TapQueryRunner;
import org.jboss.logging.Logger;

/**
 * Runs async TAP jobs on a few worker threads, writing each result to its job's file; at startup it
 * takes up the jobs a previous run of the service left QUEUED or EXECUTING, and it deletes jobs past
 * their destruction time.
 */
@ApplicationScoped
public class TapJobExecutor {

    private static final Logger LOG = Logger.getLogger(TapJobExecutor.class);
    private static final int FETCH_ROWS = 2000;

    private final TapJobStore store;
    private final TapSchemaRepository schema;
    private final TapQueryRunner runner;
    private final QuerySettings settings;
    private final TapMetrics metrics;
    private final Set<String> abortRequested = ConcurrentHashMap.newKeySet();
    private ExecutorService workers;
    private ScheduledExecutorService sweeper;

    public TapJobExecutor(TapJobStore store, TapSchemaRepository schema, TapQueryRunner runner, QuerySettings settings,
                          TapMetrics metrics) {
        this.store = store;
        this.schema = schema;
        this.runner = runner;
        this.settings = settings;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent ev) {
        workers = Executors.newFixedThreadPool(Math.max(1, settings.tapAsyncWorkers()), r -> {
            Thread t = new Thread(r, "tap-async");
            t.setDaemon(true);
            return t;
        });
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tap-job-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.execute(this::resumeAfterRestart);
        sweeper.scheduleWithFixedDelay(this::deleteExpired, 1, 10, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (workers != null) {
            workers.shutdownNow();
            sweeper.shutdownNow();
        }
    }

    /**
     * A new job, PENDING (or QUEUED at once when {@code run}).
     *
     * @param uploads the bytes of the tables sent with it (UPLOAD), by table name: stored with the job
     */
    public TapJob create(Map<String, String> parameters, Map<String, VoTableUploadReader.Bytes> uploads, boolean run) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TapJob job = new TapJob(TapJobStore.newId(), TapJob.PENDING, parameters, now, null, null,
                now.plus(Duration.ofHours(settings.tapJobRetentionHours())), settings.tapMaxExecutionSeconds(), 0,
                false, null, null);
        store.save(job);
        for (Map.Entry<String, VoTableUploadReader.Bytes> u : uploads.entrySet()) {
            try (java.io.InputStream in = u.getValue().open()) {
                store.saveUpload(job.jobId(), u.getKey(), in);
            } catch (IOException e) {
                store.delete(job.jobId());
                throw new java.io.UncheckedIOException("cannot store the uploaded table " + u.getKey(), e);
            }
        }
        if (run) {
            job = queue(job);
        }
        return job;
    }

    /** PENDING -> QUEUED, then run on a worker. */
    public TapJob queue(TapJob job) {
        TapJob queued = job.withPhase(TapJob.QUEUED);
        store.save(queued);
        workers.execute(() -> execute(queued.jobId()));
        return queued;
    }

    public TapJob abort(TapJob job) {
        if (job.finished()) {
            return job;
        }
        abortRequested.add(job.jobId());
        TapJob aborted = job.failed(Instant.now().truncatedTo(ChronoUnit.MILLIS), TapJob.ABORTED, "aborted by the client");
        store.save(aborted);
        return aborted;
    }

    public void delete(TapJob job) {
        abortRequested.add(job.jobId());
        store.delete(job.jobId());
    }

    private void execute(String jobId) {
        TapJob job = store.find(jobId).orElse(null);
        if (job == null || !job.phase().equals(TapJob.QUEUED)) {
            return;   // deleted or aborted while queued
        }
        job = job.started(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        store.save(job);
        long start = TapMetrics.start();
        boolean streaming = false;   // once the rows are subscribed, the measured result counts the job's end
        try {
            TapRequest req = TapRequest.parse(job.parameters(), settings.tapDefaultMaxRec(), settings.tapMaxRec());
            List<TapUpload> uploads = new ArrayList<>();
            for (TapRequest.Upload u : req.uploads()) {
                java.nio.file.Path f = store.uploadFile(jobId, u.tableName());
                if (!Files.isRegularFile(f)) {
                    throw new AdqlException("UPLOAD names table '" + u.tableName() + "', but no table of that name was"
                            + " sent when the job was created (tables travel as multipart/form-data parts of that POST)");
                }
                uploads.add(VoTableUploadReader.read(u.tableName(), () -> Files.newInputStream(f),
                        settings.tapUploadMaxRows()));
            }
            TranslatedQuery q = AdqlTranslator.translate(req.query(), schema.tables().await()
                    .atMost(Duration.ofSeconds(30)), uploads, req.maxRec());
            TapQueryRunner.Result r = runner.run(q, req.maxRec(), FETCH_ROWS).await()
                    .atMost(Duration.ofSeconds(Math.max(1, job.executionDurationS())));
            AtomicLong rows = new AtomicLong();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            TapQueryRunner.Result counted = metrics.measured(new TapQueryRunner.Result(r.columns(),
                    r.rows().invoke(x -> rows.incrementAndGet()).onFailure().invoke(failed::set), r.overflow(), r.complete()),
                    "async", start);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, job.executionDurationS()));
            try (Writer w = Files.newBufferedWriter(store.partialResultFile(jobId), StandardCharsets.UTF_8);
                 Stream<String> chunks = TapResultDocument.body(counted, req.format(), req.query()).subscribe().asStream()) {
                streaming = true;   // subscribed: the measured rows record how the query ends
                Iterator<String> it = chunks.iterator();
                while (it.hasNext()) {
                    if (abortRequested.contains(jobId)) {
                        return;   // closing the stream cancels the cursor; the job was saved ABORTED
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AdqlException("the job ran longer than its executionDuration of "
                                + job.executionDurationS() + " s and was stopped");
                    }
                    w.write(it.next());
                }
            }
            if (failed.get() != null) {
                throw new AdqlException(TapResultDocument.reason(failed.get()));
            }
            store.publishResult(jobId);
            finish(job.completed(Instant.now().truncatedTo(ChronoUnit.MILLIS), rows.get(), r.overflow().get(),
                    req.mediaType()));
        } catch (AdqlException e) {
            if (!streaming) {
                metrics.ended("async", start, true);
            }
            finish(job.failed(Instant.now().truncatedTo(ChronoUnit.MILLIS), TapJob.ERROR, e.getMessage()));
        } catch (RuntimeException | IOException | Error e) {
            // an Error too (out of memory, a stack overflow): the job must still end, a client polls its phase
            if (!streaming) {
                metrics.ended("async", start, false);
            }
            String reason;
            if (e instanceof Error) {
                LOG.errorf(e, "TAP job %s failed: %s", jobId, e);
                reason = "the service failed while running the query (" + e.getClass().getSimpleName() + ")";
            } else {
                Throwable cause = e.getCause() != null && !(e instanceof IOException) ? e.getCause() : e;
                LOG.warnf("TAP job %s failed: %s", jobId, cause.toString());
                reason = TapResultDocument.reason(cause);
            }
            finish(job.failed(Instant.now().truncatedTo(ChronoUnit.MILLIS), TapJob.ERROR, reason));
        } finally {
            abortRequested.remove(jobId);
            try {
                Files.deleteIfExists(store.partialResultFile(jobId));
            } catch (IOException e) {
                LOG.debugf("cannot remove the partial result of %s: %s", jobId, e);
            }
        }
    }

    /** Saves the end state unless the job was aborted or deleted meanwhile (their state wins). */
    private void finish(TapJob done) {
        TapJob now = store.find(done.jobId()).orElse(null);
        if (now != null && now.phase().equals(TapJob.EXECUTING)) {
            store.save(done);
        }
    }

    private void resumeAfterRestart() {
        try {
            for (TapJob job : store.all()) {
                if (job.phase().equals(TapJob.QUEUED) || job.phase().equals(TapJob.EXECUTING)) {
                    LOG.infof("TAP job %s was %s when the service stopped: running it again", job.jobId(), job.phase());
                    queue(job.withPhase(TapJob.PENDING));
                }
            }
            deleteExpired();
        } catch (RuntimeException e) {
            LOG.warnf("cannot resume the stored TAP jobs: %s", e.toString());
        }
    }

    private void deleteExpired() {
        try {
            Instant now = Instant.now();
            for (TapJob job : store.all()) {
                if (job.destruction() != null && job.destruction().isBefore(now)) {
                    delete(job);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot delete expired TAP jobs: %s", e.toString());
        }
    }
}

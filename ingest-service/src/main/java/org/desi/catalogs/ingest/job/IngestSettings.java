package org.desi.catalogs.ingest.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** ingest-service settings ({@code DESI_INGEST_*} in the environment). */
@ConfigMapping(prefix = "desi.ingest")
public interface IngestSettings {

    /** Directory the service may read sources from and store uploads in ({@code DATA_DIR}). */
    String dataDir();

    /** Largest upload accepted [bytes] (default 64 GiB). */
    @WithDefault("68719476736")
    long maxUploadBytes();

    /**
     * Load a generic upload while it is being received (true: receiving and loading overlap; its job
     * shows RUNNING from the first byte), or only once it is all on disk (false).
     */
    @WithDefault("true")
    boolean loadWhileReceiving();

    /**
     * Read the bytes that only the hash needs of a data-directory file (a FastSpecFit file's FASTSPEC, 80% of it)
     * with O_DIRECT, bypassing the page cache (true), or through it (false): a file loaded once gains nothing from
     * the cache, which the pod's memory limit counts, and on VMs that hand free memory back to their host every
     * new cache page cost a host fault (about 2 s of CPU per GB here). Where the host caches the disk, reads
     * through the cache may be faster (bench/HISTORY.md, sessions 25-26).
     */
    @WithDefault("true")
    boolean directReads();

    /**
     * An upload's body held in memory between receiving it and writing it to disk [bytes]: the
     * request is paused when this much waits and resumed at a quarter of it. Memory per running upload.
     */
    @WithDefault("16777216")
    long uploadQueueBytes();

    /**
     * How long deleting a catalog waits for the locks it needs [s]: dropping a FastSpecFit catalog's partition
     * locks {@code desi.fastspecfit_galaxy} until running reads of it end, and reads arriving meanwhile queue
     * behind it; past this the delete gives up (503, nothing deleted) rather than stall every reader.
     */
    @WithDefault("30")
    int catalogDeleteLockTimeoutSeconds();

    /** An upload whose client sends nothing for this long fails, and is removed [s]. */
    @WithDefault("60")
    int uploadIdleTimeoutSeconds();

    /**
     * At startup, run a synthetic upload through the generic load's code (no database) so a pod's
     * first job does not pay for the JIT's compiling.
     */
    @WithDefault("true")
    boolean warmUp();

    /** Jobs run at the same time by this replica. */
    @WithDefault("1")
    int workers();

    /** How often a worker looks for queued jobs when not woken by a submit [ms]. */
    @WithDefault("1000")
    long pollIntervalMs();

    /** A RUNNING job whose heartbeat is older than this is taken over (its worker died) [s]. */
    @WithDefault("20")
    int staleAfterSeconds();

    /** Attempts before a job that keeps dying is marked FAILED. */
    @WithDefault("3")
    int maxAttempts();

    /** Role granted SELECT on generic catalog tables (query-service's role). */
    @WithDefault("${desi.db.reader-role:desi_reader}")
    String readerRole();

    /**
     * Keep uploaded files after their job ends (false: an upload is deleted once its job SUCCEEDED or
     * FAILED, so uploads cannot fill the data volume; the database holds the rows).
     */
    @WithDefault("false")
    boolean keepUploads();

    /** Buffer of the binary COPY stream [bytes]. */
    @WithDefault("1048576")
    int copyBufferBytes();

    /**
     * PostgreSQL work_mem of a load transaction [MiB]: the duplicate-id check sorts a file's ids in
     * this much memory and spills to disk beyond it (PostgreSQL's default, 4 MiB, makes a 1M-row sort
     * spill). Memory of the database server, per running load, not of the service.
     */
    @WithDefault("64")
    int loadWorkMemMib();

    /**
     * HEALPix order (0..11) of the sky coverage (MOC) recorded for every loaded file: the finest order
     * query-service can serve. 10 = cells of 3.4 arcmin, 1.5 MiB of memory per load.
     */
    @WithDefault("10")
    int mocOrder();
}

package org.desi.catalogs.crossmatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** crossmatch-service settings ({@code DESI_CROSSMATCH_*} in the environment). */
@ConfigMapping(prefix = "desi.crossmatch")
public interface CrossmatchSettings {

    /** Run partition workers in this replica (false: API only). */
    @WithDefault("true")
    boolean workerEnabled();

    /** Partitions this replica works on at the same time. */
    @WithDefault("1")
    int workerThreads();

    /** Threads the sky matcher uses inside one partition (set it to the CPU cores the pod may use). */
    @WithDefault("2")
    int matchThreads();

    /** Sky partitions a job is split into (fewer when the left catalog is small). */
    @WithDefault("16")
    int partitions();

    /**
     * Most left-catalog rows one partition holds (a job gets more partitions than {@link #partitions()}
     * when needed): with the right rows of its band, this bounds a partition's memory. A single
     * declination zone is never split, so a zone holding more rows makes a larger partition.
     */
    @WithDefault("1000000")
    long maxRowsPerPartition();

    /**
     * Rows of a galaxy catalog sampled (whole pages, TABLESAMPLE SYSTEM) to place the bounds of a voids
     * job's id ranges; a smaller catalog is read whole [rows].
     */
    @WithDefault("50000")
    int idSampleRows();

    /** Heap a partition's results (pairs, placements) may take before they spill to a file [bytes]. */
    @WithDefault("8388608")
    int spoolMemoryBytes();

    /** Where spilled results wait for their commit (a pod's emptyDir); default: java.io.tmpdir. */
    java.util.Optional<String> spoolDirectory();

    /**
     * Connections a voids job's publishing step builds its two indexes on at once (1: one after the
     * other; 2: side by side, each on its own PostgreSQL process and core).
     */
    @WithDefault("2")
    int indexBuildConnections();

    /** A lease not renewed within this time may be taken by another worker [s]. */
    @WithDefault("30")
    int leaseSeconds();

    /** How often an idle worker looks for partitions [ms]. */
    @WithDefault("500")
    long pollIntervalMs();

    /** Leases of one partition before the job is failed (a partition that kills its workers). */
    @WithDefault("5")
    int maxAttempts();

    /** Run the sky matcher on synthetic data at startup (MatcherWarmUp), so the first job runs compiled code. */
    @WithDefault("true")
    boolean warmUp();
}

package org.desi.catalogs.crossmatch.worker;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import org.desi.catalogs.crossmatch.CrossmatchSettings;
import org.desi.catalogs.service.job.LeaseWorkerPool;

/**
 * The replica's workers, started and stopped by the test rather than at application start, so a test
 * can take a partition with a second worker before any other worker could (with the service's own
 * worker running, a fast machine finishes a small job's partitions before the test's first claim).
 */
final class TestStartedWorkers implements AutoCloseable {

    /** The application without its own workers: the test starts them. */
    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("desi.crossmatch.worker-enabled", "false");
        }
    }

    private final LeaseWorkerPool<PartitionWorker.Lease> pool;

    private TestStartedWorkers(AgroalDataSource db, CrossmatchSettings settings, MeterRegistry metrics) {
        pool = new PartitionWorker(db, settings, metrics).newPool();
        pool.start();
    }

    /** Starts a worker pool as the service would. */
    static TestStartedWorkers start(AgroalDataSource db, CrossmatchSettings settings, MeterRegistry metrics) {
        return new TestStartedWorkers(db, settings, metrics);
    }

    @Override
    public void close() {
        pool.close();
    }
}

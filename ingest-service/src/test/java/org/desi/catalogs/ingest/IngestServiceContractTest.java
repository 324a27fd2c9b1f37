package org.desi.catalogs.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.ServiceContractTest;

@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class IngestServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceMetric() {
        return "desi_ingest_jobs_running";
    }

    @Override
    protected void exerciseServiceMetric() {
        // the gauge is registered when the worker starts
    }
}

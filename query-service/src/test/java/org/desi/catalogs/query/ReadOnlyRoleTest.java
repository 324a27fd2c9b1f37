package org.desi.catalogs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/** query-service's database role can read the schema but cannot change anything. */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class ReadOnlyRoleTest {

    @Inject
    Pool pool;

    @Test
    void theServiceRoleCannotWrite() {
        List<String> writes = List.of(
                "INSERT INTO desi.catalog (name, kind, table_name, id_column) VALUES ('x', 'generic', 't', 'id')",
                "UPDATE desi.catalog SET row_count = 0",
                "DELETE FROM desi.fastspecfit_galaxy",
                "CREATE TABLE desi.intruder (id int)",
                "CREATE TABLE catalog_data.intruder (id int)",
                "TRUNCATE desi.ingest_run");
        for (String sql : writes) {
            Throwable failure = pool.query(sql).execute().map(r -> (Throwable) null)
                    .onFailure().recoverWithItem(t -> t).await().atMost(Duration.ofSeconds(10));
            assertTrue(failure != null, "write succeeded with the read-only role: " + sql);
            assertTrue(failure.getMessage().contains("permission denied"), sql + " -> " + failure.getMessage());
        }
        long catalogs = pool.query("SELECT count(*) FROM desi.catalog").execute()
                .map(r -> r.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(10));
        assertTrue(catalogs >= 0);
        String user = pool.query("SELECT current_user").execute().map(r -> r.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(10));
        assertEquals("desi_reader", user);
    }
}

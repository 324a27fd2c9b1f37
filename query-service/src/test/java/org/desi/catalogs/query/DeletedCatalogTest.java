package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestCatalogs;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A generic catalog deleted (its table dropped) while query-service still holds its registry entry:
 * a cone search on it is a 404 problem saying the catalog was deleted, not a 500.
 */
@QuarkusTest
@TestProfile(DeletedCatalogTest.CachedRegistry.class)
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class DeletedCatalogTest {

    /** Registry entries kept for a minute, as a service would between reads of the registry. */
    public static class CachedRegistry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("desi.query.registry-cache-seconds", "60");
        }
    }

    @Test
    void aConeOnACatalogDeletedMeanwhileIsA404SayingSo() throws Exception {
        String name = "qs_gone_" + Long.toHexString(System.nanoTime());
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            TestCatalogs.createPositional(c, name, new long[] {1, 2}, new double[] {10, 10.001}, new double[] {0, 0},
                    null);
        }
        given().get("/api/v1/catalogs/" + name + "/cone?ra=10&dec=0&radius=0.1").then().statusCode(200)
                .body("count", equalTo(2));
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("DELETE FROM desi.catalog WHERE name = '" + name + "'");
            s.execute("DROP TABLE catalog_data.\"" + name + "\"");
        }
        given().get("/api/v1/catalogs/" + name + "/cone?ra=10&dec=0&radius=0.1").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("its catalog was deleted"));
    }
}

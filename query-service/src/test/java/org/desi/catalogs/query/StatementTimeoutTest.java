package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A query that outlives the statement timeout is cancelled by PostgreSQL and answered with 504
 * problem+json, never a hung request. The slow catalog is a view that sleeps 20 ms per row.
 */
@QuarkusTest
@TestProfile(StatementTimeoutTest.ShortTimeout.class)
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class StatementTimeoutTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("desi.query.statement-timeout-ms", "300");
        }
    }

    @Test
    void answers504WhenTheDatabaseCancelsASlowQuery() throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("DELETE FROM desi.catalog WHERE name = 'qs_slow'");
            s.execute("CREATE OR REPLACE VIEW catalog_data.qs_slow AS SELECT g AS id, 10.0::float8 AS ra,"
                    + " 0.0::float8 AS dec, 1800 AS zone, pg_sleep(0.02)::text AS slow FROM generate_series(1, 200) g");
            s.execute("GRANT SELECT ON catalog_data.qs_slow TO " + TestDatabase.READER.user());
            s.execute("INSERT INTO desi.catalog (name, kind, table_name, id_column, ra_column, dec_column) VALUES"
                    + " ('qs_slow', 'generic', 'catalog_data.qs_slow', 'id', 'ra', 'dec')");
            s.execute("INSERT INTO desi.catalog_column (catalog_id, ordinal, name, sql_type) SELECT catalog_id, 1, 'id',"
                    + " 'integer' FROM desi.catalog WHERE name = 'qs_slow'");
        }
        given().get("/api/v1/catalogs/qs_slow/cone?ra=10&dec=0&radius=0.1&columns=id").then().statusCode(504)
                .contentType("application/problem+json").body("detail", containsString("statement timeout"));
        // the service is still healthy and answers the next request
        given().get("/api/v1/catalogs/qs_slow").then().statusCode(200);
        // a streamed export that fails after its 200 went out says so at its end, never a silent cut
        String csv = given().get("/api/v1/catalogs/qs_slow/export?ra=10&dec=0&radius=0.1&columns=id").then()
                .statusCode(200).extract().asString();
        assertTrue(csv.strip().lines().reduce((a, b) -> b).orElse("").startsWith("# ERROR: the export failed"), csv);
        String votable = given().get("/api/v1/catalogs/qs_slow/export?ra=10&dec=0&radius=0.1&columns=id&format=votable")
                .then().statusCode(200).extract().asString();
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(votable.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(votable.contains("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">the export failed"), votable);
    }
}

package org.desi.catalogs.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.desi.catalogs.schema.CatalogSchema;
import org.desi.catalogs.testsupport.EmptyDatabase;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/** ingest-service is the one place that migrates: started on an empty database, it applies the schema and gets ready. */
@QuarkusTest
@TestProfile(MigratesAnEmptyDatabaseTest.Empty.class)
@QuarkusTestResource(value = EmptyDatabase.class, restrictToAnnotatedClass = true)
class MigratesAnEmptyDatabaseTest {

    /** A profile of its own so this test gets its own application start. */
    public static class Empty implements QuarkusTestProfile {
    }

    @Test
    void appliesTheSchemaAtStartAndBecomesReady() throws Exception {
        int status = 0;
        for (int i = 0; i < 150 && status != 200; i++) {
            status = given().get("/q/health/ready").then().extract().statusCode();
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertEquals(200, status, "ingest-service must migrate the empty database and become ready");
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(EmptyDatabase.name()),
                TestDatabase.OWNER.user(), TestDatabase.OWNER.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(version::int) FROM desi.flyway_schema_history WHERE success")) {
            rs.next();
            assertEquals(CatalogSchema.EXPECTED_VERSION, rs.getInt(1));
        }
    }
}

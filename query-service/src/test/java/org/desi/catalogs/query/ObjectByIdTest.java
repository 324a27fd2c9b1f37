package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/** GET /api/v1/catalogs/{catalog}/objects/{id}: one row by its id, compared with the rows the test wrote. */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class ObjectByIdTest {

    @Test
    void returnsTheFastSpecFitRowWithThatTargetidAndNoOtherCatalogsRow() {
        ConeSearchTest.seed();
        for (int i : new int[] {0, 517, ConeSearchTest.OBJECTS.size() - 1}) {
            double[] o = ConeSearchTest.OBJECTS.get(i);
            JsonPath row = given().get("/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/objects/" + (long) o[0]).then()
                    .statusCode(200).contentType("application/json").extract().jsonPath()
                    .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));   // full double precision
            assertEquals((long) o[0], row.getLong("targetid"));
            assertEquals(o[1], row.getDouble("ra"), 0);
            assertEquals(o[2], row.getDouble("dec"), 0);
            assertEquals((float) o[3], (float) row.getDouble("logmstar"), 0);   // real: shortest float text
            assertEquals("GALAXY", row.getString("spectype"));
            assertEquals(List.of("targetid", "ra", "dec", "logmstar", "spectype"), List.copyOf(row.getMap("").keySet()));
        }
    }

    @Test
    void answers404ForAnIdNotInTheCatalogAnd400ForAnIdOfTheWrongType() {
        ConeSearchTest.seed();
        String base = "/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/objects/";
        given().get(base + "999999999").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("no row whose targetid is 999999999"));
        given().get(base + "12abc").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("an integer from -9223372036854775808 to 9223372036854775807"));
        given().get(base + "99999999999999999999").then().statusCode(400);
        given().get("/api/v1/catalogs/no_such_catalog/objects/1").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no_such_catalog"));
    }

    @Test
    void genericRowKeepsNullAsNullArraysAsArraysAndFindsHostileStringIds() throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("DELETE FROM desi.catalog WHERE name = 'qs_objects'");
            s.execute("DROP TABLE IF EXISTS catalog_data.qs_objects");
            s.execute("CREATE TABLE catalog_data.qs_objects (\"Name\" text PRIMARY KEY, ra double precision,"
                    + " dec double precision, zone integer, mags real[], note text)");
            s.execute("INSERT INTO catalog_data.qs_objects VALUES ('NGC 1/2 ''x''', 10, -5, 0, '{1.5,2.25,NaN}', NULL),"
                    + " ('plain', 11, -6, 0, NULL, 'ok')");
            s.execute("GRANT SELECT ON catalog_data.qs_objects TO " + TestDatabase.READER.user());
            s.execute("INSERT INTO desi.catalog (name, kind, table_name, id_column, ra_column, dec_column) VALUES"
                    + " ('qs_objects', 'generic', 'catalog_data.qs_objects', 'Name', 'ra', 'dec')");
            s.execute("INSERT INTO desi.catalog_column (catalog_id, ordinal, name, sql_type) SELECT catalog_id, o, n, t"
                    + " FROM desi.catalog, (VALUES (1, 'Name', 'text'), (2, 'ra', 'double precision'),"
                    + " (3, 'dec', 'double precision'), (4, 'mags', 'real[]'), (5, 'note', 'text')) v(o, n, t)"
                    + " WHERE name = 'qs_objects'");
        }
        JsonPath row = given().urlEncodingEnabled(true).get("/api/v1/catalogs/qs_objects/objects/{id}", "NGC 1/2 'x'")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("NGC 1/2 'x'", row.getString("name"));
        assertEquals(List.of(1.5f, 2.25f, "NaN"), row.getList("mags"));   // JSON has no NaN: Jackson writes "NaN"
        given().get("/api/v1/catalogs/qs_objects/objects/plain").then().statusCode(200).body("mags", nullValue())
                .body("note", equalTo("ok"));
        given().get("/api/v1/catalogs/qs_objects/objects/' OR 1=1 --").then().statusCode(404);
    }
}

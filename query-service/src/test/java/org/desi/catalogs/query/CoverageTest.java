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
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.desi.catalogs.core.sky.HealpixNested;
import org.desi.catalogs.core.sky.SkyCoverage;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * /moc and the catalog description's coverage: the union of the files' coverage, worked by hand
 * (STILTS checks real catalogs in scripts/moc-check.sh).
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class CoverageTest {

    @Test
    void servesTheUnionOfItsFilesCoverageMergedAndDegradedToTheCoarsestOrder() throws Exception {
        // file a (order 3): all four children of order-2 cell 5, and cell 100; file b (order 2): cell 5 and cell 40
        SkyCoverage a = new SkyCoverage(3);
        SkyCoverage b = new SkyCoverage(2);
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("DELETE FROM desi.catalog WHERE name = 'qs_coverage'");
            s.execute("INSERT INTO desi.catalog (name, kind, table_name, id_column, ra_column, dec_column) VALUES"
                    + " ('qs_coverage', 'generic', 'catalog_data.qs_coverage', 'id', 'ra', 'dec')");
            s.execute("INSERT INTO desi.catalog_source_file (catalog_id, file_name, sha256, size_bytes, row_count)"
                    + " SELECT catalog_id, f, repeat('a', 64), 1, 1 FROM desi.catalog, (VALUES ('a.fits'), ('b.fits'))"
                    + " v(f) WHERE name = 'qs_coverage'");
            addCellsByPosition(a, 3, new long[] {20, 21, 22, 23, 100});
            addCellsByPosition(b, 2, new long[] {5, 40});
            store(c, "a.fits", a);
            store(c, "b.fits", b);
        }
        // union at order 2: {5 (from a's four children and b), 25 (a's 100 = 4 * 25), 40}
        given().get("/api/v1/catalogs/qs_coverage/moc").then().statusCode(200).contentType("application/json")
                .body(equalTo("{\"2\":[5,25,40]}"));
        given().get("/api/v1/catalogs/qs_coverage/moc?order=0").then().statusCode(200)
                .body(equalTo("{\"0\":[0,1,2]}"));
        JsonPath description = given().get("/api/v1/catalogs/qs_coverage").then().statusCode(200)
                .body("coverage.mocOrder", equalTo(2))
                .body("coverage.mocUrl", equalTo("/api/v1/catalogs/qs_coverage/moc")).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(3 * 41252.961249419276 / 192, description.getDouble("coverage.areaDeg2"), 1e-9);
        byte[] fits = given().get("/api/v1/catalogs/qs_coverage/moc?format=fits").then().statusCode(200)
                .contentType("application/fits").extract().asByteArray();
        assertEquals(0, fits.length % 2880, "FITS files are whole 2880-byte blocks");
        // the picture: three order-2 cells (each 214.9 deg^2), described in words for readers without pictures
        given().get("/api/v1/catalogs/qs_coverage/moc?format=svg").then().statusCode(200)
                .contentType("image/svg+xml").body(containsString("Sky coverage of qs_coverage: 644.6 deg²"))
                .body(containsString("<rect "));
        given().get("/api/v1/catalogs/qs_coverage/moc?format=png").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("json, fits, svg"));
        given().get("/api/v1/catalogs/qs_coverage/moc?order=3").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("[0, 2]"));

        // the description's area is cached per catalog, but follows its files: without b, order 3 and a's 5 cells
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("DELETE FROM desi.catalog_source_file WHERE file_name = 'b.fits' AND catalog_id ="
                    + " (SELECT catalog_id FROM desi.catalog WHERE name = 'qs_coverage')");
        }
        JsonPath after = given().get("/api/v1/catalogs/qs_coverage").then().statusCode(200)
                .body("coverage.mocOrder", equalTo(3)).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(5 * 41252.961249419276 / 768, after.getDouble("coverage.areaDeg2"), 1e-9);
    }

    @Test
    void aCatalogWithoutRecordedCoverageAnswers404AndDescribesNoCoverage() throws Exception {
        ConeSearchTest.seed();
        given().get("/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/moc").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no recorded sky coverage"));
        given().get("/api/v1/catalogs/" + ConeSearchTest.CATALOG).then().statusCode(200).body("coverage", nullValue());
        given().get("/api/v1/catalogs/no_such_catalog/moc").then().statusCode(404);
    }

    /** Marks each cell through a position inside it (its centre, found by scanning a fine grid). */
    private static void addCellsByPosition(SkyCoverage cov, int order, long[] cells) {
        for (long want : cells) {
            boolean found = false;
            for (double dec = -89.5; dec < 90 && !found; dec += 0.5) {
                for (double ra = 0.25; ra < 360 && !found; ra += 0.5) {
                    if (HealpixNested.cell(order, ra, dec) == want) {
                        cov.add(ra, dec);
                        found = true;
                    }
                }
            }
            assertEquals(true, found, "no grid point in cell " + want);
        }
    }

    private static void store(Connection c, String file, SkyCoverage cov) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO desi.source_file_coverage (file_id, moc_order,"
                + " cell_count, cells) SELECT file_id, ?, ?, ? FROM desi.catalog_source_file f JOIN desi.catalog k"
                + " USING (catalog_id) WHERE k.name = 'qs_coverage' AND f.file_name = ?")) {
            p.setInt(1, cov.order());
            p.setLong(2, cov.cellCount());
            p.setBytes(3, cov.toBytes());
            p.setString(4, file);
            assertEquals(1, p.executeUpdate());
        }
    }
}

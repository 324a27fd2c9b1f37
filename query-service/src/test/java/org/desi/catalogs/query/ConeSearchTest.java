package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.desi.catalogs.core.sky.AngularDistance;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestCatalogs;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/** Cone search against a brute-force reference on a seeded catalog with RA-wrap and pole objects. */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class ConeSearchTest {

    static final String CATALOG = "qs_cone_fixture";
    static final List<double[]> OBJECTS = new ArrayList<>();   // targetid, ra, dec, logmstar

    @Inject
    @ReactiveDataSource("cone")
    Pool cone;

    /** Writes the fixture catalog (as the writer role; query-service itself cannot). Idempotent. */
    static synchronized void seed() {
        if (!OBJECTS.isEmpty()) {
            return;
        }
        Random rnd = new Random(424242L);
        ZoneIndex zones = ZoneIndex.withDefaultHeight();
        double[][] centres = {{10, 0}, {359.995, 20}, {0.005, 20}, {45, 89.9}, {200, -89.95}, {150, 2}};
        long id = 1;
        for (double[] c : centres) {
            for (int i = 0; i < 400; i++) {
                double dec = Math.max(-90, Math.min(90, c[1] + (rnd.nextDouble() - 0.5) * 0.4));
                double ra = c[0] + (rnd.nextDouble() - 0.5) * 0.4 / Math.max(0.01, Math.cos(Math.toRadians(dec)));
                ra = ((ra % 360) + 360) % 360;
                OBJECTS.add(new double[] {id++, ra, dec, 9 + rnd.nextDouble() * 3});
            }
        }
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM desi.catalog WHERE name = '" + CATALOG + "'");
                s.execute("INSERT INTO desi.catalog (name, kind, table_name, id_column, ra_column, dec_column, z_column,"
                        + " row_count) VALUES ('" + CATALOG + "', 'fastspecfit', 'desi.fastspecfit_galaxy', 'targetid',"
                        + " 'ra', 'dec', 'z', " + OBJECTS.size() + ")");
                s.execute("INSERT INTO desi.catalog_column (catalog_id, ordinal, name, sql_type, unit) SELECT catalog_id,"
                        + " o, n, t, u FROM desi.catalog, (VALUES (1, 'targetid', 'bigint', null), (2, 'ra',"
                        + " 'double precision', 'deg'), (3, 'dec', 'double precision', 'deg'), (4, 'logmstar', 'real',"
                        + " 'log10(Msun)'), (5, 'spectype', 'text', null)) v(o, n, t, u) WHERE name = '" + CATALOG + "'");
            }
            int file;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT catalog_id FROM desi.catalog WHERE name = '" + CATALOG + "'")) {
                rs.next();
                file = TestCatalogs.fastSpecFitFile(c, rs.getInt(1));
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO desi.fastspecfit_galaxy (source_file_id, catalog_id,"
                    + " targetid, ra, dec, zone, z, logmstar, spectype) SELECT " + file + ", catalog_id, ?, ?, ?, ?, 0.1, ?,"
                    + " 'GALAXY' FROM desi.catalog WHERE name = '" + CATALOG + "'")) {
                for (double[] o : OBJECTS) {
                    p.setLong(1, (long) o[0]);
                    p.setDouble(2, o[1]);
                    p.setDouble(3, o[2]);
                    p.setInt(4, zones.zoneOf(o[2]));
                    p.setFloat(5, (float) o[3]);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        } catch (Exception e) {
            throw new IllegalStateException("cannot seed the cone-search fixture", e);
        }
    }

    static List<Long> bruteForce(double ra, double dec, double radiusDeg, double minMass) {
        return OBJECTS.stream()
                .filter(o -> o[3] >= minMass && AngularDistance.haversineDeg(ra, dec, o[1], o[2]) <= radiusDeg)
                .sorted(Comparator.comparingDouble((double[] o) -> AngularDistance.haversineDeg(ra, dec, o[1], o[2]))
                        .thenComparingDouble(o -> o[0]))
                .map(o -> (long) o[0]).toList();
    }

    @Test
    void matchesBruteForceIncludingRaWrapAndPoles() {
        seed();
        double[][] cones = {{10, 0, 0.1}, {0.0, 20, 0.05}, {359.999, 20, 0.02}, {45, 89.95, 0.2}, {0, 90, 0.2},
                {123, -90, 0.1}, {150, 2, 0.15}, {10.05, 0.05, 0.01}};
        for (double[] cone : cones) {
            List<Long> expected = bruteForce(cone[0], cone[1], cone[2], Double.NEGATIVE_INFINITY);
            JsonPath r = given().queryParam("ra", cone[0]).queryParam("dec", cone[1]).queryParam("radius", cone[2])
                    .queryParam("limit", 10000)
                    .get("/api/v1/catalogs/" + CATALOG + "/cone").then().statusCode(200).extract().jsonPath();
            List<Long> got = r.getList("rows.targetid", Long.class);
            // Same objects; order by distance (objects exactly at a pole tie, so compare as sets plus order).
            assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(got),
                    "cone " + cone[0] + "," + cone[1] + "," + cone[2]);
            assertEquals(expected.size(), got.size());
            List<Double> d = r.getList("rows.distance_arcsec", Double.class);
            for (int i = 0; i < d.size(); i++) {
                assertTrue(d.get(i) >= 0 && d.get(i) <= cone[2] * 3600 + 1e-6, "distance " + d.get(i));
                assertTrue(i == 0 || d.get(i) >= d.get(i - 1), "rows must be sorted by distance: " + d);
            }
        }
        assertTrue(bruteForce(0.0, 20, 0.05, Double.NEGATIVE_INFINITY).size() > 10, "the wrap cone must hold objects");
    }

    @Test
    void conesRunOnTheConePoolWhoseSaturationTheMetricsShowApart() {
        seed();
        given().queryParam("ra", 10).queryParam("dec", 0).queryParam("radius", 0.1)
                .get("/api/v1/catalogs/" + CATALOG + "/cone").then().statusCode(200);
        // the "DB pool saturated" alert reads sql_pool_queue_size of every pool
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("sql_pool_queue_size{pool_name=\"cone\"")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("sql_pool_usage_seconds_count{pool_name=\"cone\"")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 1), "the cone used the cone pool");
    }

    @Test
    void theConePoolKeepsEvenAWideCatalogsLongStatementsPrepared() {
        // vert.x's default keeps statements of at most 2,048 characters prepared; a cone naming ~100 columns is longer
        String marker = "cone_pool_" + System.nanoTime();
        String sql = "/* " + marker + " " + "x".repeat(6000) + " */ SELECT $1::int + 1";
        long prepared = cone.withConnection(c -> c.preparedQuery(sql).execute(Tuple.of(1))
                        .flatMap(r -> c.preparedQuery(sql).execute(Tuple.of(2)))
                        .flatMap(r -> c.query("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '/* "
                                + marker + "%'").execute()))
                .await().indefinitely().iterator().next().getLong(0);
        assertEquals(1, prepared, "the 6 kB statement is kept prepared on the cone pool's session");
    }

    @Test
    void appliesRangeFiltersAndLimits() {
        seed();
        List<Long> expected = bruteForce(10, 0, 0.2, 11.0);
        List<Long> got = given().queryParam("ra", 10).queryParam("dec", 0).queryParam("radius", 0.2)
                .queryParam("logmstar.min", 11.0).queryParam("limit", 10000)
                .get("/api/v1/catalogs/" + CATALOG + "/cone").then().statusCode(200)
                .extract().jsonPath().getList("rows.targetid", Long.class);
        assertEquals(expected, got);
        given().queryParam("ra", 10).queryParam("dec", 0).queryParam("radius", 0.2).queryParam("limit", 3)
                .get("/api/v1/catalogs/" + CATALOG + "/cone").then().statusCode(200)
                .body("count", equalTo(3)).body("truncated", equalTo(true));
        String csv = given().queryParam("ra", 10).queryParam("dec", 0).queryParam("radius", 0.2).queryParam("limit", 2)
                .queryParam("format", "csv").queryParam("columns", "targetid,ra")
                .get("/api/v1/catalogs/" + CATALOG + "/cone").then().statusCode(200).contentType("text/csv")
                .extract().asString();
        assertEquals("targetid,ra,distance_arcsec", csv.lines().findFirst().orElseThrow());
        assertEquals(3, csv.lines().count());
    }

    @Test
    void rejectsDeclinationOutsideRange() {
        given().get("/api/v1/catalogs/" + CATALOG + "/cone?ra=10&dec=91&radius=0.1").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("dec must be in [-90, 90] deg"));
    }

    @Test
    void rejectsBadRaRadiusLimitFormatAndColumns() {
        seed();
        String base = "/api/v1/catalogs/" + CATALOG + "/cone";
        Map<String, String> bad = Map.of(
                "?ra=360&dec=0&radius=0.1", "ra must be in [0, 360) deg",
                "?ra=abc&dec=0&radius=0.1", "ra must be a number in [0, 360) deg",
                "?ra=1&dec=0&radius=11", "radius must be in [0, 10] deg",
                "?ra=1&dec=0&radius=0", "radius must be in (0, 10] deg",
                "?ra=1&dec=0&radius=0.1&limit=10001", "limit must be an integer in [1, 10000]",
                "?ra=1&dec=0&radius=0.1&format=fits", "format must be json, csv or votable",
                "?ra=1&dec=0&radius=0.1&nosuch.min=3", "unknown filter column 'nosuch'",
                "?ra=1&dec=0&radius=0.1&spectype.min=3", "numeric columns only",
                "?ra=1&dec=0&radius=0.1&columns=targetid,password", "unknown column 'password'",
                "?dec=0&radius=0.1", "ra is required");
        bad.forEach((query, message) -> given().get(base + query).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString(message)));
        given().get("/api/v1/catalogs/no_such_catalog/cone?ra=1&dec=0&radius=0.1").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no catalog named"));
    }

    @Test
    void sqlInjectionInEveryParameterIsHarmless() throws Exception {
        seed();
        String evil = "1; DROP TABLE desi.catalog; --";
        String quoteEvil = "x' OR '1'='1";
        String base = "/api/v1/catalogs/";
        given().get(base + quoteEvil + "/cone?ra=1&dec=0&radius=0.1").then().statusCode(404);
        given().get(base + CATALOG + "/cone?ra=" + evil + "&dec=0&radius=0.1").then().statusCode(400);
        given().queryParam("ra", 10).queryParam("dec", 0).queryParam("radius", 0.1).queryParam("columns", "targetid\"; DROP TABLE x; --")
                .get(base + CATALOG + "/cone").then().statusCode(400);
        given().queryParam("ra", 10).queryParam("dec", 0).queryParam("radius", 0.1)
                .queryParam("logmstar\" OR 1=1 --.min", 1).get(base + CATALOG + "/cone").then().statusCode(400);
        given().queryParam("ra", 10).queryParam("dec", 0).queryParam("radius", 0.1)
                .queryParam("logmstar.min", "0 OR 1=1").get(base + CATALOG + "/cone").then().statusCode(400);
        given().get(base + quoteEvil).then().statusCode(404).contentType("application/problem+json");
        try (Connection c = TestDatabase.connect(TestDatabase.READER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM desi.catalog WHERE name = '" + CATALOG + "'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the catalog table must still be there");
        }
    }

    private static final String TAP_CONE = "SELECT TOP 10 id, z FROM catalogs.%s WHERE 1 = CONTAINS(POINT('ICRS', ra, dec),"
            + " CIRCLE('ICRS', 30, -5, 0.1)) ORDER BY id";

    @Test
    void catalogLoadedAgainUnderItsNameWithOtherColumnTypesAnswersWithTheNewTypes() throws Exception {
        // cone statements stay prepared on the cone pool's connections: the same text against a table dropped
        // and created again with z as text would make PostgreSQL refuse the old statement (and TAP's cones too)
        String name = "qs_cone_reloaded";
        String table = "catalog_data.\"" + name + "\"";
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("DELETE FROM desi.catalog WHERE name = '" + name + "'");
            s.execute("DROP TABLE IF EXISTS " + table);
            org.desi.catalogs.testsupport.TestCatalogs.createPositional(c, name, new long[] {1, 2},
                    new double[] {30.0, 30.01}, new double[] {-5.0, -5.0}, new double[] {0.25, 0.5});
        }
        for (int i = 0; i < 8; i++) {   // more requests than the pool has connections: each has the statement
            given().queryParam("ra", 30).queryParam("dec", -5).queryParam("radius", 0.1)
                    .get("/api/v1/catalogs/" + name + "/cone").then().statusCode(200)
                    .body("rows.z", equalTo(List.of(0.25f, 0.5f)));
            given().formParam("REQUEST", "doQuery").formParam("LANG", "ADQL").formParam("FORMAT", "csv")
                    .formParam("QUERY", TAP_CONE.formatted(name)).post("/tap/sync").then().statusCode(200)
                    .body(equalTo("id,z\n1,0.25\n2,0.5\n"));
        }
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("DELETE FROM desi.catalog WHERE name = '" + name + "'");
            s.execute("DROP TABLE " + table);
            s.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, ra double precision NOT NULL,"
                    + " dec double precision NOT NULL, z text, zone integer NOT NULL)");
            s.execute("GRANT SELECT ON " + table + " TO " + TestDatabase.READER.user());
            int zone = ZoneIndex.withDefaultHeight().zoneOf(-5.0);
            s.execute("INSERT INTO " + table + " VALUES (1, 30.0, -5.0, 'low', " + zone + "), (2, 30.01, -5.0, 'high', "
                    + zone + ")");
            s.execute("INSERT INTO desi.catalog (name, kind, table_name, id_column, ra_column, dec_column, row_count)"
                    + " VALUES ('" + name + "', 'generic', '" + table.replace("'", "''") + "', 'id', 'ra', 'dec', 2)");
            s.execute("INSERT INTO desi.catalog_column (catalog_id, ordinal, name, sql_type) SELECT catalog_id, o, n, t"
                    + " FROM desi.catalog, (VALUES (1, 'id', 'bigint'), (2, 'ra', 'double precision'),"
                    + " (3, 'dec', 'double precision'), (4, 'z', 'text')) v(o, n, t) WHERE name = '" + name + "'");
        }
        for (int i = 0; i < 8; i++) {
            given().queryParam("ra", 30).queryParam("dec", -5).queryParam("radius", 0.1)
                    .get("/api/v1/catalogs/" + name + "/cone").then().statusCode(200)
                    .body("rows.z", equalTo(List.of("low", "high")));
            given().formParam("REQUEST", "doQuery").formParam("LANG", "ADQL").formParam("FORMAT", "csv")
                    .formParam("QUERY", TAP_CONE.formatted(name)).post("/tap/sync").then().statusCode(200)
                    .body(equalTo("id,z\n1,low\n2,high\n"));
        }
        // a column's type changed in place (same catalog, same statement text): PostgreSQL refuses the prepared
        // statement and the cone runs again on the default pool
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ALTER COLUMN z TYPE varchar(8)");
        }
        for (int i = 0; i < 8; i++) {
            given().queryParam("ra", 30).queryParam("dec", -5).queryParam("radius", 0.1)
                    .get("/api/v1/catalogs/" + name + "/cone").then().statusCode(200)
                    .body("rows.z", equalTo(List.of("low", "high")));
        }
    }

    @Test
    void listsCatalogsWithColumnsAndUnits() {
        seed();
        given().get("/api/v1/catalogs/" + CATALOG).then().statusCode(200)
                .body("name", equalTo(CATALOG)).body("rowCount", equalTo(OBJECTS.size()))
                .body("columns.find { it.name == 'ra' }.unit", equalTo("deg"));
        given().get("/api/v1/catalogs").then().statusCode(200).body("name", org.hamcrest.Matchers.hasItem(CATALOG));
    }
}

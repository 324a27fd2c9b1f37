package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.desi.catalogs.core.sky.AngularDistance;
import org.desi.catalogs.core.sky.HealpixNested;
import org.desi.catalogs.core.sky.SkyCoverage;
import org.desi.catalogs.core.sky.ZoneIndex;
import io.vertx.mutiny.sqlclient.Tuple;
import org.desi.catalogs.query.adql.AdqlTranslator;
import org.desi.catalogs.query.adql.TranslatedQuery;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.query.repository.CatalogRepository;
import org.desi.catalogs.query.repository.FileCoverages;
import org.desi.catalogs.query.repository.TapSchemaRepository;
import org.desi.catalogs.query.search.ConeQuery;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A catalog made of 12 files, each holding the galaxies of one HEALPix base cell (as DESI's FastSpecFit
 * hp00..hp11 files do), with their coverage recorded: cones give what brute force over every galaxy gives,
 * and read only the partitions of the files that can hold their rows.
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class ConeFilePruningTest {

    static final String CATALOG = "qs_cone_twelve_files";
    /** targetid, ra, dec */
    static final List<double[]> OBJECTS = new ArrayList<>();
    /** base cell (= file index) -> file_id */
    static final int[] FILE_IDS = new int[12];

    @Inject
    CatalogRepository catalogs;

    @Inject
    TapSchemaRepository tapSchema;

    @Inject
    @ReactiveDataSource("cone")
    Pool cone;

    static synchronized void seed() throws Exception {
        if (!OBJECTS.isEmpty()) {
            return;
        }
        Random r = new Random(1212);
        List<double[]> positions = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            positions.add(new double[] {r.nextDouble() * 360, Math.toDegrees(Math.asin(2 * r.nextDouble() - 1))});
        }
        // clumps where cells meet, at the poles and across RA 0/360
        double[][] clumps = {{0, 41.81}, {45, 0}, {90, -41.81}, {0, 90}, {180, -90}, {359.99, 5}, {135, 41.81}};
        for (double[] c : clumps) {
            for (int i = 0; i < 150; i++) {
                double dec = Math.max(-90, Math.min(90, c[1] + (r.nextDouble() - 0.5) * 2));
                double ra = c[0] + (r.nextDouble() - 0.5) * 2 / Math.max(0.02, Math.cos(Math.toRadians(dec)));
                positions.add(new double[] {((ra % 360) + 360) % 360, dec});
            }
        }
        ZoneIndex zones = ZoneIndex.withDefaultHeight();
        SkyCoverage[] coverage = new SkyCoverage[12];
        for (int f = 0; f < 12; f++) {
            coverage[f] = new SkyCoverage(10);
        }
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            c.setAutoCommit(false);
            int catalogId;
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM desi.catalog WHERE name = '" + CATALOG + "'");
                try (ResultSet rs = s.executeQuery("INSERT INTO desi.catalog (name, kind, table_name, id_column, ra_column,"
                        + " dec_column, z_column, row_count) VALUES ('" + CATALOG + "', 'fastspecfit',"
                        + " 'desi.fastspecfit_galaxy', 'targetid', 'ra', 'dec', 'z', " + positions.size()
                        + ") RETURNING catalog_id")) {
                    rs.next();
                    catalogId = rs.getInt(1);
                }
                s.execute("INSERT INTO desi.catalog_column (catalog_id, ordinal, name, sql_type, unit) VALUES (" + catalogId
                        + ", 1, 'targetid', 'bigint', null), (" + catalogId + ", 2, 'ra', 'double precision', 'deg'), ("
                        + catalogId + ", 3, 'dec', 'double precision', 'deg')");
            }
            for (int f = 0; f < 12; f++) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.catalog_source_file (catalog_id, file_name,"
                        + " sha256, size_bytes, row_count) VALUES (?, ?, repeat('0', 64), 0, 0) RETURNING file_id")) {
                    s.setInt(1, catalogId);
                    s.setString(2, String.format("fastspec-iron-main-bright-nside1-hp%02d.fits", f));
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        FILE_IDS[f] = rs.getInt(1);
                    }
                }
                try (PreparedStatement s = c.prepareStatement("SELECT desi.fastspecfit_partition(?)")) {
                    s.setInt(1, FILE_IDS[f]);
                    s.executeQuery().close();
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO desi.fastspecfit_galaxy (source_file_id, catalog_id,"
                    + " targetid, ra, dec, zone, z) VALUES (?, ?, ?, ?, ?, ?, 0.1)")) {
                long id = 1;
                for (double[] pos : positions) {
                    int f = (int) HealpixNested.cell(0, pos[0], pos[1]);
                    coverage[f].add(pos[0], pos[1]);
                    p.setInt(1, FILE_IDS[f]);
                    p.setInt(2, catalogId);
                    p.setLong(3, id);
                    p.setDouble(4, pos[0]);
                    p.setDouble(5, pos[1]);
                    p.setInt(6, zones.zoneOf(pos[1]));
                    p.addBatch();
                    OBJECTS.add(new double[] {id++, pos[0], pos[1]});
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO desi.source_file_coverage (file_id, moc_order,"
                    + " cell_count, cells) VALUES (?, ?, ?, ?)")) {
                for (int f = 0; f < 12; f++) {
                    p.setInt(1, FILE_IDS[f]);
                    p.setInt(2, coverage[f].order());
                    p.setLong(3, coverage[f].cellCount());
                    p.setBytes(4, coverage[f].toBytes());
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    static Set<Long> bruteForce(double ra, double dec, double radiusDeg) {
        Set<Long> in = new TreeSet<>();
        for (double[] o : OBJECTS) {
            if (AngularDistance.haversineDeg(ra, dec, o[1], o[2]) <= radiusDeg) {
                in.add((long) o[0]);
            }
        }
        return in;
    }

    @Test
    void conesOverTwelveFilesFindWhatBruteForceFindsWhereverTheyFall() throws Exception {
        seed();
        Random r = new Random(77);
        List<double[]> cones = new ArrayList<>(List.of(new double[] {0, 41.81, 0.5}, new double[] {45, 0, 0.3},
                new double[] {0, 90, 1}, new double[] {180, -90, 0.7}, new double[] {359.999, 5, 0.4},
                new double[] {0.001, 5, 0.4}, new double[] {135, 41.81, 2}, new double[] {90, -41.81, 10}));
        for (int i = 0; i < 120; i++) {
            cones.add(new double[] {r.nextDouble() * 360, Math.toDegrees(Math.asin(2 * r.nextDouble() - 1)),
                    Math.pow(10, -1.5 + 2.5 * r.nextDouble())});
        }
        int nonEmpty = 0;
        for (double[] c : cones) {
            Set<Long> want = bruteForce(c[0], c[1], c[2]);
            List<Long> got = given().queryParam("ra", c[0]).queryParam("dec", c[1]).queryParam("radius", c[2])
                    .queryParam("limit", 10000).queryParam("columns", "targetid")
                    .get("/api/v1/catalogs/" + CATALOG + "/cone").then().statusCode(200).extract().jsonPath()
                    .getList("rows.targetid", Long.class);
            assertEquals(want, new TreeSet<>(got), "cone " + c[0] + ", " + c[1] + ", " + c[2]);
            assertEquals(want.size(), got.size());
            nonEmpty += want.isEmpty() ? 0 : 1;
        }
        assertTrue(nonEmpty > 40, "most cones must hold galaxies: " + nonEmpty);
    }

    @Test
    void aConeReadsOnlyThePartitionsOfTheFilesWhoseCellsItReaches() throws Exception {
        seed();
        CatalogInfo cat = catalogs.requireForQuery(CATALOG).await().indefinitely();
        assertEquals(12, cat.fileCoverages().files().size());
        // around a galaxy of base cell 6 (centred on RA 180, Dec 0), and at (45, 0), where cells 0, 4, 5 and 8 meet
        double[] inSix = OBJECTS.stream().filter(o -> HealpixNested.cell(0, o[1], o[2]) == 6
                && HealpixNested.cell(0, o[1] + 1, o[2] + 1) == 6 && HealpixNested.cell(0, o[1] - 1, o[2] - 1) == 6)
                .findFirst().orElseThrow();
        assertEquals(Set.of(FILE_IDS[6]), partitionsRead(cat, inSix[1], inSix[2], 1.0 / 60));
        Set<Integer> corner = new TreeSet<>();
        for (int f : new int[] {0, 4, 5, 8}) {
            corner.add(FILE_IDS[f]);
        }
        assertEquals(corner, partitionsRead(cat, 45, 0, 0.5));
        // without the files' coverage every partition is read: what the pruning saves
        CatalogInfo unpruned = new CatalogInfo(cat.name(), cat.kind(), cat.rowCount(), cat.idColumn(), cat.raColumn(),
                cat.decColumn(), cat.zColumn(), cat.zoneHeightDeg(), cat.columns(), cat.sourceFiles(), cat.coverage(),
                cat.catalogId(), cat.tableName(), FileCoverages.NONE);
        assertEquals(12, partitionsRead(unpruned, inSix[1], inSix[2], 1.0 / 60).size());
        // a cone of 0.5 deg with no galaxy within 2.5 deg (its cells reach at most 0.5 + 2 x 0.96 deg) reads no file
        double emptyRa = -1;
        for (double ra = 0.5; ra < 360 && emptyRa < 0; ra += 1) {
            emptyRa = bruteForce(ra, -60, 2.5).isEmpty() ? ra : -1;
        }
        assertTrue(emptyRa >= 0, "the seeded sky has an empty patch at Dec -60");
        assertEquals(Set.of(), partitionsRead(cat, emptyRa, -60, 0.5));
    }

    @Test
    void adqlConesOverTwelveFilesFindWhatBruteForceFindsAndLeaveTheOtherFilesOut() throws Exception {
        seed();
        Random r = new Random(78);
        List<double[]> cones = new ArrayList<>(List.of(new double[] {45, 0, 0.5}, new double[] {0, 90, 1},
                new double[] {359.999, 5, 0.4}, new double[] {135, 41.81, 2}));
        for (int i = 0; i < 30; i++) {
            cones.add(new double[] {r.nextDouble() * 360, Math.toDegrees(Math.asin(2 * r.nextDouble() - 1)),
                    Math.pow(10, -1 + 2 * r.nextDouble())});
        }
        for (double[] c : cones) {
            String csv = given().formParam("REQUEST", "doQuery").formParam("LANG", "ADQL").formParam("FORMAT", "csv")
                    .formParam("QUERY", adqlCone(c[0], c[1], c[2])).post("/tap/sync").then().statusCode(200)
                    .extract().asString();
            Set<Long> got = new TreeSet<>();
            csv.lines().skip(1).filter(l -> !l.isBlank()).forEach(l -> got.add(Long.parseLong(l.trim())));
            assertEquals(bruteForce(c[0], c[1], c[2]), got, "ADQL cone " + c[0] + ", " + c[1] + ", " + c[2]);
        }
        // the SQL the translator writes reads only the file around a galaxy of base cell 6
        double[] inSix = OBJECTS.stream().filter(o -> HealpixNested.cell(0, o[1], o[2]) == 6
                && HealpixNested.cell(0, o[1] + 1, o[2] + 1) == 6 && HealpixNested.cell(0, o[1] - 1, o[2] - 1) == 6)
                .findFirst().orElseThrow();
        TranslatedQuery q = AdqlTranslator.translate(adqlCone(inSix[1], inSix[2], 1.0 / 60),
                tapSchema.tables().await().indefinitely(), 1000);
        assertEquals(Set.of(FILE_IDS[6]), partitions(q.sql(), Tuple.from(q.params())));
    }

    private static String adqlCone(double ra, double dec, double radiusDeg) {
        return "SELECT targetid FROM catalogs." + CATALOG + " WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', "
                + ra + ", " + dec + ", " + radiusDeg + "))";
    }

    /** The file partitions PostgreSQL's plan for the service's cone SQL reads (pruned ones are not in it). */
    private Set<Integer> partitionsRead(CatalogInfo cat, double ra, double dec, double radiusDeg) {
        ConeQuery q = ConeQuery.build(cat, ra, dec, radiusDeg, Map.of(), List.of("targetid"), 100, null);
        return partitions(q.sql(), q.params());
    }

    private Set<Integer> partitions(String sql, Tuple params) {
        StringBuilder plan = new StringBuilder();
        cone.preparedQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql).execute(params).await().indefinitely()
                .forEach(row -> plan.append(row.getString(0)).append('\n'));
        Set<Integer> files = new TreeSet<>();
        Matcher m = Pattern.compile("fastspecfit_galaxy_f(\\d+)").matcher(plan);
        while (m.find()) {
            files.add(Integer.parseInt(m.group(1)));
        }
        return files;
    }
}

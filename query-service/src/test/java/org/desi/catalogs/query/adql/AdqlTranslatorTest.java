package org.desi.catalogs.query.adql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The translation itself (no database): what reaches PostgreSQL for what ADQL, and what never does.
 * Row-level correctness against brute force is scripts/tap-check.sh (pyvo, STILTS).
 */
class AdqlTranslatorTest {

    private static final TapColumn ID = new TapColumn("id", "long", null, null, "meta.id;meta.main", null, true, true, "id");
    private static final TapColumn RA = new TapColumn("ra", "double", null, "deg", "pos.eq.ra;meta.main", null, true, true, "ra");
    private static final TapColumn DEC = new TapColumn("dec", "double", null, "deg", "pos.eq.dec;meta.main", null, true, false, "dec");
    private static final TapColumn NAME = new TapColumn("Name", "char", "*", null, null, null, false, false, "Name");
    private static final Map<String, TapTable> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("catalogs.gal", new TapTable("catalogs.gal", "catalog_data.\"gal\"", List.of(ID, RA, DEC, NAME), "ra",
                "dec", "zone", 0.05));
        TABLES.put("catalogs.other", new TapTable("catalogs.other", "catalog_data.\"other\"", List.of(ID, RA, DEC), "ra",
                "dec", "zone", 0.05));
    }

    private static TranslatedQuery t(String adql) {
        return AdqlTranslator.translate(adql, TABLES, 100);
    }

    private static String refused(String adql) {
        return assertThrows(AdqlException.class, () -> t(adql)).getMessage();
    }

    @Test
    void onlyAConeEveryRowOfOneTableMustBeInIsIndexBoundWhateverItsNumbers() {
        String cone = "1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 120.5, -30.25, 0.05))";
        assertTrue(t("SELECT TOP 10 id FROM gal WHERE " + cone).indexBoundCone());
        assertTrue(t("SELECT TOP 10 id FROM gal WHERE (id > 5 AND (" + cone + ")) ORDER BY id").indexBoundCone());
        assertTrue(t("SELECT TOP 10 id FROM gal WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 1, 2, 0.1)) = 1")
                .indexBoundCone());
        // a polygon reads the index through the cone around it
        assertTrue(t("SELECT TOP 10 id FROM gal WHERE " + cone.replace("CIRCLE('ICRS', 120.5, -30.25, 0.05)",
                "POLYGON('ICRS', 10, 10, 11, 10, 11, 11)")).indexBoundCone());
        // the statement's text carries a digest of the table's column types (a catalog loaded again with others
        // gets its own statement), short whatever the table's width
        String described = "catalog_data.\"gal\", id:long, ra:double, dec:double, Name:char[*]";
        String sha256 = java.util.HexFormat.of().formatHex(sha256(described));
        assertTrue(t("SELECT TOP 10 id FROM gal WHERE " + cone).sql()
                .startsWith("/* columns " + sha256.substring(0, 16) + " */ SELECT"), t("SELECT TOP 10 id FROM gal WHERE " + cone).sql());
        // DISTANCE below a constant is the same cone
        assertTrue(t("SELECT TOP 10 id FROM gal WHERE DISTANCE(POINT(ra, dec), POINT(1, 2)) < 0.1").indexBoundCone());
        assertTrue(t("SELECT TOP 10 id FROM gal WHERE 0.1 >= DISTANCE(1, 2, ra, dec) AND id > 5").indexBoundCone());
        assertFalse(t("SELECT TOP 10 id FROM gal WHERE DISTANCE(POINT(ra, dec), POINT(1, 2)) > 0.1").indexBoundCone());
        // the index may not bound the rows, or the plan depends on more than one table: PostgreSQL plans per call
        assertFalse(t("SELECT TOP 10 id FROM gal WHERE id > 5 OR " + cone).indexBoundCone());
        assertFalse(t("SELECT TOP 10 id FROM gal WHERE 0 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 1, 2, 0.1))")
                .indexBoundCone());
        assertFalse(t("SELECT TOP 10 id FROM gal WHERE NOT (" + cone + ")").indexBoundCone());
        assertFalse(t("SELECT TOP 10 id FROM gal WHERE id > 5").indexBoundCone());
        assertFalse(t("SELECT TOP 10 g.id FROM gal AS g JOIN other AS o ON g.id = o.id WHERE 1 = CONTAINS(POINT('ICRS',"
                + " g.ra, g.dec), CIRCLE('ICRS', 120.5, -30.25, 0.05))").indexBoundCone());
        assertFalse(t("SELECT TOP 10 id FROM gal WHERE " + cone + " AND id IN (SELECT id FROM other)").indexBoundCone());
        assertFalse(t("SELECT TOP 10 id FROM gal WHERE id > 5").sql().startsWith("/*"));
    }

    @Test
    void aConeBecomesZoneAndRaRangesOfTheIndexPlusTheExactDistanceWithEveryNumberBound() {
        TranslatedQuery q = t("SELECT TOP 10 id FROM gal WHERE 1 = CONTAINS(POINT('ICRS', ra, dec),"
                + " CIRCLE('ICRS', 359.99, 10, 0.05))");
        org.desi.catalogs.core.sky.ZoneIndex zones = new org.desi.catalogs.core.sky.ZoneIndex(0.05);
        List<Integer> expected = new java.util.ArrayList<>();
        for (int z = zones.zoneOf(10 - 0.05); z <= zones.zoneOf(10 + 0.05); z++) {
            expected.add(z);
        }
        Object zoneParam = q.params().stream().filter(p -> p instanceof Integer[]).findFirst().orElseThrow();
        assertEquals(expected, List.of((Integer[]) zoneParam));
        assertTrue(q.sql().contains("t1.\"zone\" = ANY($"), q.sql());
        assertTrue(q.sql().contains("t1.\"ra\" <= $") && q.sql().contains(" OR t1.\"ra\" >= $"), "RA wrap: " + q.sql());
        assertTrue(q.params().contains(0.05) && q.params().contains(359.99), q.params().toString());
        assertTrue(q.sql().endsWith("LIMIT 10"), q.sql());
        assertEquals(10, q.limit());
        // cones of one shape give one SQL text (one prepared statement and plan), the numbers travel apart
        TranslatedQuery a = t("SELECT TOP 10 id FROM gal WHERE 1 = CONTAINS(POINT('ICRS', ra, dec),"
                + " CIRCLE('ICRS', 120.5, -30.25, 0.05))");
        TranslatedQuery b = t("SELECT TOP 10 id FROM gal WHERE 1 = CONTAINS(POINT('ICRS', ra, dec),"
                + " CIRCLE('ICRS', 200, 40, 0.1))");
        assertEquals(a.sql(), b.sql());
        assertFalse(a.sql().contains("120.5"), a.sql());
        assertTrue(b.params().contains(40.0) && b.params().contains(0.1), b.params().toString());
    }

    @Test
    void aChainOfTwentyThousandOrTermsIsOneFlatListWithEveryValueBound() {
        int n = 20_000;
        StringBuilder adql = new StringBuilder("SELECT id FROM gal WHERE id = 0");
        for (int i = 1; i < n; i++) {
            adql.append(i % 2 == 0 ? " OR id = " : " OR " + i + " = id AND id = ").append(i);
        }
        TranslatedQuery q = t(adql.toString());
        // the ORs at the top, an AND inside every other term: the SQL keeps each operator and every value
        assertEquals(n - 1, q.sql().split(" OR ", -1).length - 1);
        assertEquals(n / 2, q.sql().split(" AND ", -1).length - 1);
        List<Object> expected = new java.util.ArrayList<>();
        for (long i = 0; i < n; i++) {
            expected.add(i);
            if (i % 2 == 1) {
                expected.add(i);
            }
        }
        assertEquals(expected, q.params().subList(0, expected.size()));
    }

    @Test
    void parenthesesNestedTooDeeplyAreTheClientsErrorNamingIt() {
        String deep = "SELECT id FROM gal WHERE " + "(".repeat(200_000) + "id = 1" + ")".repeat(200_000);
        assertTrue(refused(deep).contains("nests expressions too deeply"), refused(deep));
    }

    @Test
    void numbersInsideIdentifiersStringsAndCommentsAreNotTakenOut() {
        TranslatedQuery q = t("SELECT \"Name\" FROM gal -- 12 in a comment\n WHERE \"Name\" = 'NGC 1.5e3' AND id > 7");
        assertEquals(List.of("NGC 1.5e3", 7L), q.params());
        assertTrue(refused("SELECT id FROM gal WHERE id = ?").contains("'?'"));
    }

    @Test
    void withoutTopTheQueryAsksForMaxrecPlusOneRowsToDetectAnOverflow() {
        assertEquals(101, t("SELECT id FROM catalogs.gal").limit());
        assertEquals(101, t("SELECT TOP 5000 id FROM catalogs.gal").limit());
    }

    @Test
    void inFollowedByAndKeepsSqlPrecedence() {
        // JSqlParser 5.3 parses this as id IN ((1, 2) AND ra > 3); 5.2 (used here) does not
        String sql = t("SELECT id FROM gal WHERE id IN (1, 2) AND ra > 3").sql();
        assertTrue(sql.matches(".*\\(t1\\.\"id\" IN \\(\\$1::int8, \\$2::int8\\)\\) AND \\(t1\\.\"ra\" > \\$3::int8\\).*"), sql);
    }

    @Test
    void stringLiteralsTravelAsParametersAndIdentifiersFromTheRegistry() {
        TranslatedQuery q = t("SELECT \"Name\" FROM gal WHERE \"Name\" = 'x''); DROP TABLE gal; --'");
        assertEquals(List.of("x'); DROP TABLE gal; --"), q.params());
        assertFalse(q.sql().contains("DROP"), q.sql());
        assertTrue(q.sql().contains("t1.\"Name\" = $1::text"), q.sql());
    }

    @Test
    void selectStarExpandsToTheRegisteredColumnsOnly() {
        TranslatedQuery q = t("SELECT * FROM gal");
        assertEquals(List.of("id", "ra", "dec", "Name"), q.columns().stream().map(TranslatedQuery.OutputColumn::name).toList());
        assertFalse(q.sql().contains("zone\" AS"), q.sql());
    }

    @Test
    void aPositionalJoinNamesTheZonesAroundTheOtherTablesDeclination() {
        String sql = t("SELECT g.id, o.id FROM gal AS g JOIN other AS o ON 1 = CONTAINS(POINT(g.ra, g.dec),"
                + " CIRCLE(o.ra, o.dec, 1.0 / 3600))").sql();
        assertTrue(sql.contains("t1.\"zone\" BETWEEN floor((t2.\"dec\" + 90.0 - "), sql);
        // both tables have a zone index and no known size: the point's is probed, the other's not bounded
        // (bounding both, PostgreSQL chose to probe the small one per row of the large one)
        assertFalse(sql.contains("t2.\"zone\" BETWEEN"), sql);
        // with the registry's row counts, the larger is probed however the join is written
        Map<String, TapTable> sized = new LinkedHashMap<>();
        sized.put("catalogs.big", new TapTable("catalogs.big", "catalog_data.\"big\"", List.of(ID, RA, DEC), "ra", "dec",
                "zone", 0.05, TapTable.FilesOutsideCone.NONE, 1_000_000));
        sized.put("catalogs.small", new TapTable("catalogs.small", "catalog_data.\"small\"", List.of(ID, RA, DEC), "ra",
                "dec", "zone", 0.05, TapTable.FilesOutsideCone.NONE, 2_000));
        for (String on : List.of("1 = CONTAINS(POINT(b.ra, b.dec), CIRCLE(s.ra, s.dec, 0.001))",
                "1 = CONTAINS(POINT(s.ra, s.dec), CIRCLE(b.ra, b.dec, 0.001))", "DISTANCE(s.ra, s.dec, b.ra, b.dec) < 0.001")) {
            String q = AdqlTranslator.translate("SELECT s.id, b.id FROM small AS s JOIN big AS b ON " + on, sized, 100).sql();
            assertTrue(q.contains("t2.\"zone\" BETWEEN floor((t1.\"dec\""), on + ": " + q);
            assertFalse(q.contains("t1.\"zone\" BETWEEN"), on + ": " + q);
        }
        assertEquals("id", t("SELECT g.id, o.id FROM gal AS g, other AS o WHERE g.id = o.id").columns().get(0).name());
        assertEquals("id_2", t("SELECT g.id, o.id FROM gal AS g, other AS o WHERE g.id = o.id").columns().get(1).name());
    }

    @Test
    void eitherSideOfACircleOrADistanceBoundMayBeTheIndexedOne() {
        TapColumn upRa = new TapColumn("ra", "double", null, "deg", null, null, true, false, "ra");
        TapColumn upDec = new TapColumn("dec", "double", null, "deg", null, null, true, false, "dec");
        TapUpload mine = new TapUpload("mine", List.of(upRa, upDec), List.of("float8[]", "float8[]"),
                List.<Object[]>of(new Double[] {1.0}, new Double[] {0.5}), 1);
        java.util.function.Function<String, String> withUpload = adql -> AdqlTranslator.translate(adql, TABLES,
                List.of(mine), 100).sql();
        // the upload's point in a circle around the catalog's rows: the catalog's zones and RA around each target
        String reversed = withUpload.apply("SELECT g.id FROM TAP_UPLOAD.mine AS u JOIN gal AS g ON 1 = CONTAINS(POINT(u.ra,"
                + " u.dec), CIRCLE(g.ra, g.dec, 0.01))");
        assertTrue(reversed.contains("t2.\"zone\" BETWEEN floor((t1.\"dec\" + 90.0 - "), reversed);
        assertTrue(reversed.contains("t2.\"ra\" >= CASE WHEN"), reversed);
        // DISTANCE below a constant, either way round, in either argument order: the same prefilter
        for (String d : List.of("DISTANCE(POINT(g.ra, g.dec), POINT(u.ra, u.dec)) < 0.01",
                "DISTANCE(POINT(u.ra, u.dec), POINT(g.ra, g.dec)) <= 0.01", "0.01 > DISTANCE(u.ra, u.dec, g.ra, g.dec)")) {
            String sql = withUpload.apply("SELECT g.id FROM TAP_UPLOAD.mine AS u JOIN gal AS g ON " + d);
            assertTrue(sql.contains("t2.\"zone\" BETWEEN floor((t1.\"dec\" + 90.0 - "), d + ": " + sql);
            assertTrue(sql.contains(d.contains("<=") ? ")))) <= $" : ")))) < $"), d + ": " + sql);
        }
        // a constant point: a cone, whichever side it is on
        for (String d : List.of("DISTANCE(POINT(ra, dec), POINT(359.99, 10)) < 0.05",
                "1 = CONTAINS(POINT(359.99, 10), CIRCLE(ra, dec, 0.05))")) {
            TranslatedQuery q = t("SELECT id FROM gal WHERE " + d);
            assertTrue(q.sql().contains("t1.\"zone\" = ANY($") && q.sql().contains(" OR t1.\"ra\" >= $"), d + ": " + q.sql());
        }
        // no constant bound, a bound that keeps every pair or none, a lower bound: the exact test alone
        for (String d : List.of("DISTANCE(POINT(ra, dec), POINT(10, 10)) < ra", "DISTANCE(POINT(ra, dec), POINT(10, 10)) < 180",
                "DISTANCE(POINT(ra, dec), POINT(10, 10)) <= 0", "DISTANCE(POINT(ra, dec), POINT(10, 10)) > 0.05",
                "DISTANCE(POINT(ra, dec), POINT(10, 10)) = 0.05")) {
            String sql = t("SELECT id FROM gal WHERE " + d).sql();
            assertFalse(sql.contains("zone"), d + ": " + sql);
        }
    }

    @Test
    void anUploadedTableIsReadFromItsArraysNumberedAfterTheLiteralsBeforeIt() {
        TapColumn upRa = new TapColumn("ra", "double", null, "deg", null, null, true, false, "ra");
        TapColumn upName = new TapColumn("my \"name\"", "char", "*", null, null, null, true, false, "\"my \"\"name\"\"\"");
        TapColumn upDec = new TapColumn("dec", "double", null, "deg", null, null, true, false, "dec");
        TapUpload mine = new TapUpload("mine", List.of(upName, upRa, upDec), List.of("text[]", "float8[]", "float8[]"),
                List.<Object[]>of(new String[] {"a", "b"}, new Double[] {1.0, 2.0}, new Double[] {0.5, -0.5}), 2);
        TranslatedQuery q = AdqlTranslator.translate("SELECT g.id, u.\"my \"\"name\"\"\" FROM gal AS g JOIN"
                + " TAP_UPLOAD.mine AS u ON 1 = CONTAINS(POINT(g.ra, g.dec), CIRCLE(u.ra, u.dec, 0.01)) WHERE g.Name = 'x'",
                TABLES, List.of(mine), 100);
        // the tables are read left to right: nothing before the upload is a parameter, so its arrays are $1-$3
        assertTrue(q.sql().contains("(SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[]) AS u(\"my \"\"name\"\"\", \"ra\", \"dec\"))"
                + " AS t2"), q.sql());
        assertTrue(q.sql().contains("t1.\"zone\" BETWEEN"), "a positional join on the catalog's zones: " + q.sql());
        assertEquals("a", ((String[]) q.params().get(0))[0]);
        assertEquals(2.0, ((Double[]) q.params().get(1))[1]);
        assertFalse(q.indexBoundCone());
        // without the upload the name is unknown, and says where uploaded tables live
        assertTrue(refused("SELECT * FROM TAP_UPLOAD.mine").contains("TAP_UPLOAD.<name>"));
        // an upload named as a catalog must be qualified
        TapUpload gal = new TapUpload("gal", List.of(upRa), List.of("float8[]"), List.<Object[]>of(new Double[] {1.0}), 1);
        assertTrue(assertThrows(AdqlException.class, () -> AdqlTranslator.translate("SELECT ra FROM gal", TABLES,
                List.of(gal), 100)).getMessage().contains("ambiguous"));
        assertTrue(AdqlTranslator.translate("SELECT ra FROM TAP_UPLOAD.gal", TABLES, List.of(gal), 100).sql()
                .contains("unnest($1::float8[])"));
    }

    @Test
    void refusesWhatIsNotReadOnlyAdqlNamingTheProblem() {
        assertTrue(refused("DELETE FROM gal").contains("only SELECT"));
        assertTrue(refused("SELECT id FROM gal; DROP TABLE gal").contains("exactly one"));
        assertTrue(refused("SELECT pg_sleep(1) FROM gal").contains("PG_SLEEP"));
        assertTrue(refused("SELECT id FROM gal LIMIT 5").contains("TOP"));
        assertTrue(refused("SELECT nope FROM gal").contains("'nope'"));
        assertTrue(refused("SELECT id FROM nope").contains("'nope'"));
        assertTrue(refused("SELECT id FROM gal, other").contains("ambiguous"));
        assertTrue(refused("SELECT id FROM gal WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(10, 91, 1))").contains("[-90, 90]"));
        assertTrue(refused("SELECT id FROM gal WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(10, 0, 0))").contains("(0, 180]"));
        assertTrue(refused("SELECT id FROM gal WHERE 1 = CONTAINS(POINT('GALACTIC', ra, dec), CIRCLE(10, 0, 1))")
                .contains("GALACTIC"));
        assertTrue(refused("SELECT id FROM gal WHERE 1 = CONTAINS(POINT(ra, dec), POLYGON(0, 0, 10, 10, 10, 0, 0, 10))")
                .contains("convex"));
        assertTrue(refused("SELECT POINT(ra, dec) FROM gal").contains("only be used inside"));
        assertTrue(refused("SELEC id FROM gal").startsWith("ADQL syntax error"));
        assertTrue(refused("").contains("empty"));
    }

    @Test
    void distanceAndCoordinatesBecomePlainExpressions() {
        TranslatedQuery q = t("SELECT TOP 3 id, DISTANCE(POINT(ra, dec), POINT(10, 20)) AS d, COORD1(POINT(ra, dec))"
                + " FROM gal ORDER BY d");
        assertTrue(q.sql().contains("degrees(2 * asin(least(1.0, sqrt("), q.sql());
        assertTrue(q.sql().contains("ORDER BY \"d\""), q.sql());
        assertEquals(List.of("id", "d", "coord1"), q.columns().stream().map(TranslatedQuery.OutputColumn::name).toList());
        assertEquals(RA.name(), "ra");
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

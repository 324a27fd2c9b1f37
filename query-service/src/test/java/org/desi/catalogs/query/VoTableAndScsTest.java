package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** VOTable output, IVOA Simple Cone Search and keyset paging on the cone-search fixture. */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class VoTableAndScsTest {

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> attr(Document d, String element, String attribute) {
        NodeList n = d.getElementsByTagNameNS("*", element);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add(((Element) n.item(i)).getAttribute(attribute));
        }
        return out;
    }

    static String info(Document d, String name) {
        NodeList n = d.getElementsByTagNameNS("*", "INFO");
        for (int i = 0; i < n.getLength(); i++) {
            Element e = (Element) n.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e.getAttribute("value");
            }
        }
        return null;
    }

    @Test
    void writesVoTableWithTypesUnitsAndUcds() throws Exception {
        ConeSearchTest.seed();
        String base = "/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/cone?ra=10&dec=0&radius=0.2&limit=50";
        int jsonCount = given().get(base).then().statusCode(200).extract().jsonPath().getInt("count");
        String xml = given().get(base + "&format=votable").then().statusCode(200)
                .contentType("application/x-votable+xml").extract().asString();
        Document d = parse(xml);
        assertEquals("1.4", d.getDocumentElement().getAttribute("version"));
        assertEquals("OK", info(d, "QUERY_STATUS"));
        assertEquals(List.of("targetid", "ra", "dec", "logmstar", "spectype", "distance_arcsec"), attr(d, "FIELD", "name"));
        assertEquals(List.of("long", "double", "double", "float", "char", "double"), attr(d, "FIELD", "datatype"));
        assertTrue(attr(d, "FIELD", "ucd").containsAll(List.of("meta.id;meta.main", "pos.eq.ra;meta.main",
                "pos.eq.dec;meta.main", "pos.angDistance")));
        assertEquals("deg", attr(d, "FIELD", "unit").get(1));
        assertEquals(jsonCount, d.getElementsByTagNameNS("*", "TR").getLength());
        // by Accept header too
        given().header("Accept", "application/x-votable+xml").get(base).then().statusCode(200)
                .contentType("application/x-votable+xml");
    }

    @Test
    void simpleConeSearchAnswersWithUcd1FieldsAndReportsErrorsTheScsWay() throws Exception {
        ConeSearchTest.seed();
        String scs = "/scs/" + ConeSearchTest.CATALOG;
        Document d = parse(given().get(scs + "?RA=10&DEC=0&SR=0.1").then().statusCode(200)
                .contentType("application/x-votable+xml").extract().asString());
        assertEquals("OK", info(d, "QUERY_STATUS"));
        List<String> ucds = attr(d, "FIELD", "ucd");
        for (String required : List.of("ID_MAIN", "POS_EQ_RA_MAIN", "POS_EQ_DEC_MAIN")) {
            assertEquals(1, ucds.stream().filter(required::equals).count(), required + " exactly once: " + ucds);
        }
        int rows = d.getElementsByTagNameNS("*", "TR").getLength();
        assertEquals(ConeSearchTest.bruteForce(10, 0, 0.1, Double.NEGATIVE_INFINITY).size(), rows);
        Document verb1 = parse(given().get(scs + "?RA=10&DEC=0&SR=0.1&VERB=1").then().statusCode(200).extract().asString());
        assertEquals(List.of("targetid", "ra", "dec", "distance_arcsec"), attr(verb1, "FIELD", "name"));
        Document none = parse(given().get(scs + "?RA=10&DEC=0&SR=0").then().statusCode(200).extract().asString());
        assertEquals("OK", info(none, "QUERY_STATUS"));
        for (String bad : List.of("?RA=10&DEC=91&SR=0.1", "?RA=10&SR=0.1", "?RA=10&DEC=0&SR=99", "?RA=x&DEC=0&SR=1",
                "?RA=10&DEC=0&SR=0.1&VERB=7")) {
            Document e = parse(given().get(scs + bad).then().statusCode(200).extract().asString());
            assertEquals("ERROR", info(e, "QUERY_STATUS"), bad);
            assertTrue(info(e, "Error").contains("must") || info(e, "Error").contains("required"), info(e, "Error"));
        }
        Document unknown = parse(given().get("/scs/no_such_catalog?RA=1&DEC=1&SR=0.1").then().statusCode(200)
                .extract().asString());
        assertEquals("ERROR", info(unknown, "QUERY_STATUS"));
    }

    @Test
    void pagesAConeWithCursorsWithoutGapsOrRepeats() {
        ConeSearchTest.seed();
        List<Long> expected = ConeSearchTest.bruteForce(150, 2, 0.2, Double.NEGATIVE_INFINITY);
        assertTrue(expected.size() > 100, "the fixture cone must span several pages: " + expected.size());
        List<Long> got = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = given().queryParam("ra", 150).queryParam("dec", 2).queryParam("radius", 0.2).queryParam("limit", 37);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath p = req.get("/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/cone").then().statusCode(200)
                    .extract().jsonPath();
            got.addAll(p.getList("rows.targetid", Long.class));
            cursor = p.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(got));
        assertEquals(expected.size(), got.size(), "no row twice");
        assertEquals((expected.size() + 36) / 37, pages);
        String first = given().queryParam("ra", 150).queryParam("dec", 2).queryParam("radius", 0.2).queryParam("limit", 5)
                .get("/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/cone").then().extract().jsonPath()
                .getString("nextCursor");
        // a cursor from another cone is refused, not silently misapplied
        given().queryParam("ra", 151).queryParam("dec", 2).queryParam("radius", 0.2).queryParam("cursor", first)
                .get("/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/cone").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("another query"));
        // CSV pages carry the cursor in a header
        given().queryParam("ra", 150).queryParam("dec", 2).queryParam("radius", 0.2).queryParam("limit", 5)
                .queryParam("format", "csv").get("/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/cone").then()
                .statusCode(200).header("X-Next-Cursor", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void openApiDescribesEveryEndpointWithUnits() {
        String doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        for (String s : List.of("/scs/{catalog}", "/api/v1/voids", "/api/v1/statistics/quenching",
                "/api/v1/crossmatch/jobs/{id}/pairs", "/api/v1/galaxies/{targetid}/environment", "[deg]",
                "log10(Msun)")) {
            assertTrue(doc.contains(s), "OpenAPI mentions " + s);
        }
    }
}

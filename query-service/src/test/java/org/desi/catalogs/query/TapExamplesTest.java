package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * DALI examples: the document is well-formed XHTML carrying the vocabulary's RDFa terms, the capabilities point
 * to it, and every example query it lists runs (the upload example with a table uploaded) and returns rows where
 * the fixture has them.
 */
@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class TapExamplesTest {

    private static final String TARGETS = "<?xml version=\"1.0\"?><VOTABLE version=\"1.4\""
            + " xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>"
            + "<FIELD name=\"ra\" datatype=\"double\"/><FIELD name=\"dec\" datatype=\"double\"/><DATA><TABLEDATA>"
            + "<TR><TD>150.0</TD><TD>2.0</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";

    @Test
    void everyExampleIsWellFormedAndRuns() throws Exception {
        ConeSearchTest.seed();
        given().get("/tap/capabilities").then().body(containsString("ivo://ivoa.net/std/DALI#examples"));
        String doc = given().get("/tap/examples").then().statusCode(200)
                .contentType(containsString("application/xhtml+xml")).extract().asString();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        var xhtml = f.newDocumentBuilder().parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
        assertTrue(doc.contains("vocab=\"http://www.ivoa.net/rdf/examples#\""), doc);
        NodeList divs = xhtml.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "div");
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < divs.getLength(); i++) {
            Element div = (Element) divs.item(i);
            assertTrue(div.getAttribute("typeof").equals("example") && div.getAttribute("resource")
                    .equals("#" + div.getAttribute("id")), "an example names itself: " + div.getAttribute("id"));
            NodeList pre = div.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "pre");
            queries.add(((Element) pre.item(0)).getTextContent());
        }
        assertTrue(queries.size() >= 6, "cone, nearest, upload, environment join and the always-there ones: " + queries);
        for (String q : queries) {
            String csv = q.contains("TAP_UPLOAD.targets")
                    ? given().multiPart("LANG", "ADQL").multiPart("FORMAT", "csv").multiPart("QUERY", q)
                            .multiPart("UPLOAD", "targets,param:t")
                            .multiPart("t", "t.vot", TARGETS.getBytes(StandardCharsets.UTF_8))
                            .post("/tap/sync").then().statusCode(200).extract().asString()
                    : given().formParam("LANG", "ADQL").formParam("FORMAT", "csv").formParam("QUERY", q)
                            .post("/tap/sync").then().statusCode(200).extract().asString();
            if (q.contains("TAP_SCHEMA")) {
                assertTrue(csv.split("\n").length > 1, "TAP_SCHEMA lists tables: " + q + ": " + csv);
            }
        }
    }
}

package org.desi.catalogs.query.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.desi.catalogs.query.adql.AdqlException;
import org.desi.catalogs.query.adql.TapUpload;
import org.junit.jupiter.api.Test;

/** Uploaded VOTables read into columns: types, NULLs, the row limit and what is refused (no database). */
class VoTableUploadReaderTest {

    private static final String HEAD = "<?xml version=\"1.0\"?><VOTABLE version=\"1.3\""
            + " xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE><TABLE>";
    private static final String TAIL = "</TABLE></RESOURCE></VOTABLE>";

    private static TapUpload read(String xml, int maxRows) {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        return VoTableUploadReader.read("t", () -> new ByteArrayInputStream(b), maxRows);
    }

    private static String refused(String xml, int maxRows) {
        return assertThrows(AdqlException.class, () -> read(xml, maxRows)).getMessage();
    }

    private static String rows(int n) {
        StringBuilder s = new StringBuilder(HEAD).append("<FIELD name=\"x\" datatype=\"short\"><VALUES null=\"-9\"/>"
                + "</FIELD><FIELD name=\"b\" datatype=\"unsignedByte\"/><FIELD name=\"f\" datatype=\"float\"/>"
                + "<FIELD name=\"ok\" datatype=\"boolean\"/><FIELD name=\"c\" datatype=\"unicodeChar\" arraysize=\"*\"/>"
                + "<DATA><TABLEDATA>");
        for (int i = 0; i < n; i++) {
            s.append("<TR><TD>").append(i % 3 == 0 ? -9 : i).append("</TD><TD>").append(200 + i % 50)
                    .append("</TD><TD>").append(i % 4 == 0 ? "NaN" : i + 0.25).append("</TD><TD>")
                    .append(i % 2 == 0 ? "T" : "F").append("</TD><TD>é").append(i).append("</TD></TR>");
        }
        return s.append("</TABLEDATA></DATA>").append(TAIL).toString();
    }

    @Test
    void readsEachScalarTypeWithNullsAndNaN() {
        TapUpload u = read(rows(6), 10);
        assertEquals(6, u.rowCount());
        assertEquals(java.util.List.of("int2[]", "int2[]", "float4[]", "bool[]", "text[]"), u.sqlTypes());
        assertArrayEquals(new Short[] {null, 1, 2, null, 4, 5}, u.values().get(0));
        assertArrayEquals(new Short[] {200, 201, 202, 203, 204, 205}, u.values().get(1));   // unsigned bytes above 127
        // STIL reads a float's NaN as VOTable's null for it: NULL in SQL, which no comparison selects (a NaN would
        // pass "mag > 20" in PostgreSQL)
        assertArrayEquals(new Float[] {null, 1.25f, 2.25f, 3.25f, null, 5.25f}, u.values().get(2));
        assertArrayEquals(new Boolean[] {true, false, true, false, true, false}, u.values().get(3));
        assertEquals("é5", u.values().get(4)[5]);
        assertEquals("char", u.columns().get(4).datatype());
    }

    @Test
    void stopsAtTheRowLimitNamingIt() {
        assertEquals(10, read(rows(10), 10).rowCount());
        String why = refused(rows(11), 10);
        assertTrue(why.contains("more than 10 rows") && why.contains("DESI_QUERY_TAP_UPLOAD_MAX_ROWS"), why);
    }

    @Test
    void refusesWhatIsNotATableItCanUse() {
        assertTrue(refused("plain text", 10).contains("UPLOAD table 't'"));
        assertTrue(refused(HEAD + "<FIELD name=\"a\" datatype=\"int\"/><FIELD name=\"A\" datatype=\"int\"/>"
                + "<DATA><TABLEDATA></TABLEDATA></DATA>" + TAIL, 10).contains("two columns named 'A'"));
        assertTrue(refused("<?xml version=\"1.0\"?><VOTABLE version=\"1.3\"><RESOURCE/></VOTABLE>", 10)
                .contains("UPLOAD table 't'"));
        // a billion laughs never expands: the DOCTYPE is refused before any entity is read
        assertTrue(refused("<?xml version=\"1.0\"?><!DOCTYPE v [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + HEAD.substring(HEAD.indexOf("<VOTABLE")) + "<FIELD name=\"x\" datatype=\"char\" arraysize=\"*\"/>"
                + "<DATA><TABLEDATA><TR><TD>&b;</TD></TR></TABLEDATA></DATA>" + TAIL, 10).contains("DOCTYPE"));
    }

    @Test
    void anEmptyTableIsATableOfNoRows() {
        TapUpload u = read(HEAD + "<FIELD name=\"x\" datatype=\"double\"/><DATA><TABLEDATA></TABLEDATA></DATA>" + TAIL, 10);
        assertEquals(0, u.rowCount());
        assertEquals(0, u.values().get(0).length);
    }
}

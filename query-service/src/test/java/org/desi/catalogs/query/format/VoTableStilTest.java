package org.desi.catalogs.query.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Multi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;
import uk.ac.starlink.util.ByteArrayDataSource;

/**
 * What our streaming VOTable writers produce (the TAP results, /export, /cone?format=votable) read back by
 * STIL, the library TOPCAT and STILTS use: every cell of 2,500 seeded rows (more than one 1,000-row chunk, so
 * BINARY2's base64 is carried across chunks) with NULLs in every column, NaN, hostile strings and float arrays.
 */
class VoTableStilTest {

    private static final List<TableColumn> COLUMNS = List.of(
            new TableColumn("id", "bigint", null, "meta.id;meta.main", "row id"),
            new TableColumn("ra", "double precision", "deg", "pos.eq.ra;meta.main", "right ascension"),
            new TableColumn("mag", "real", "mag", null, null),
            new TableColumn("flag", "smallint", null, null, null),
            new TableColumn("ok", "boolean", null, null, null),
            new TableColumn("name", "text", null, null, null),
            new TableColumn("flux", "real[]", "nanomaggy", null, null));
    private static final String[] HOSTILE = {"<&>\"'", "é ☃ \u00b5", "a\tb", "]]>", "plain"};

    private static List<Object[]> rows() {
        Random random = new Random(2026);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            Object[] r = new Object[COLUMNS.size()];
            r[0] = (long) i * 1_000_003L - 7;
            r[1] = random.nextDouble() * 360;
            r[2] = i % 17 == 0 ? Float.NaN : (float) (15 + 8 * random.nextDouble());
            r[3] = (short) (random.nextInt(65536) - 32768);
            r[4] = random.nextBoolean();
            r[5] = HOSTILE[i % HOSTILE.length] + i;
            Float[] flux = new Float[1 + i % 4];
            for (int k = 0; k < flux.length; k++) {
                flux[k] = k == 1 && i % 5 == 0 ? Float.NaN : (float) random.nextGaussian();
            }
            r[6] = flux;
            if (i % 13 == 3) {
                r[1 + i % 6] = null;   // a NULL in each column in turn
            }
            rows.add(r);
        }
        return rows;
    }

    private static StarTable readWithStil(TableStream.Serialization format, List<Object[]> rows) throws Exception {
        boolean binary2 = format == TableStream.Serialization.BINARY2;
        String head = VoTableWriter.start("stil_check", "checked by STIL", COLUMNS, Map.of("QUERY", "SELECT <x>"), -1,
                binary2);
        List<String> parts = TableStream.of(head, COLUMNS, Multi.createFrom().iterable(rows), format, "the test",
                Throwable::getMessage, Map::of).collect().asList().await().indefinitely();
        byte[] doc = String.join("", parts).getBytes(StandardCharsets.UTF_8);
        return new StarTableFactory().makeStarTable(new ByteArrayDataSource("result.vot", doc), "votable");
    }

    @ParameterizedTest
    @EnumSource(value = TableStream.Serialization.class, names = {"TABLEDATA", "BINARY2"})
    void stilReadsEveryCellAsWritten(TableStream.Serialization format) throws Exception {
        List<Object[]> rows = rows();
        StarTable table = readWithStil(format, rows);
        assertEquals(COLUMNS.size(), table.getColumnCount());
        for (int c = 0; c < COLUMNS.size(); c++) {
            ColumnInfo info = table.getColumnInfo(c);
            assertEquals(COLUMNS.get(c).name(), info.getName());
            assertEquals(COLUMNS.get(c).unit(), info.getUnitString());
            assertEquals(COLUMNS.get(c).ucd(), info.getUCD());
        }
        try (RowSequence seq = table.getRowSequence()) {
            for (Object[] want : rows) {
                assertTrue(seq.next(), "fewer rows than written");
                Object[] got = seq.getRow();
                String where = format + " row id " + want[0];
                assertEquals(want[0], got[0], where);
                assertFloating(want[1], got[1], where + " ra");
                assertFloating(want[2], got[2], where + " mag");
                assertEquals(want[3], got[3], where);
                assertEquals(want[4], got[4], where);
                assertEquals(want[5], got[5], where);
                if (want[6] == null) {
                    assertTrue(got[6] == null || ((float[]) got[6]).length == 0, where + " flux");
                } else {
                    Float[] w = (Float[]) want[6];
                    float[] expected = new float[w.length];
                    for (int k = 0; k < w.length; k++) {
                        expected[k] = w[k];
                    }
                    assertArrayEquals(expected, (float[]) got[6], where + " flux");
                }
            }
            assertFalse(seq.next(), "more rows than written");
        }
    }

    /** VOTable floating-point cells: NULL is NaN, so either stands for the other; any other value exactly. */
    private static void assertFloating(Object want, Object got, String where) {
        boolean wantMissing = want == null || Double.isNaN(((Number) want).doubleValue());
        if (wantMissing) {
            assertTrue(got == null || Double.isNaN(((Number) got).doubleValue()), where + ": " + got);
        } else {
            assertEquals(want, got, where);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TableStream.Serialization.class, names = {"TABLEDATA", "BINARY2"})
    void anEmptyResultIsATableWithItsColumnsAndNoRows(TableStream.Serialization format) throws Exception {
        StarTable table = readWithStil(format, List.of());
        assertEquals(COLUMNS.size(), table.getColumnCount());
        try (RowSequence seq = table.getRowSequence()) {
            assertFalse(seq.next());
        }
        assertNull(table.getColumnInfo(3).getUnitString());
    }
}

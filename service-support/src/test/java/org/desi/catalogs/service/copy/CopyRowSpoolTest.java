package org.desi.catalogs.service.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyRowSpoolTest {

    @TempDir
    Path dir;

    /** Encodes {@code rows} seeded rows (int8, float8, text of varying length, sometimes NULL). */
    private static void writeRows(PgBinaryCopyWriter w, Runnable afterRow, int rows) throws SQLException {
        Random r = new Random(11);
        for (int i = 0; i < rows; i++) {
            w.startRow(3);
            w.writeInt8(r.nextLong());
            w.writeFloat8OrNull(i % 97 == 0 ? Double.NaN : r.nextGaussian());
            w.writeText("é".repeat(r.nextInt(40)));
            afterRow.run();
        }
    }

    private static byte[] replay(CopyRowSpool spool) throws SQLException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        PgBinaryCopyWriter target = PgBinaryCopyWriter.rowsOnly(got::write, 1 << 16);
        spool.replayInto(target);
        target.flushRows();
        return got.toByteArray();
    }

    private static byte[] direct(int rows) throws SQLException {
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        PgBinaryCopyWriter w = PgBinaryCopyWriter.rowsOnly(want::write, 1 << 16);
        writeRows(w, () -> { }, rows);
        w.flushRows();
        return want.toByteArray();
    }

    @Test
    void replaysExactlyTheEncodedRowsWhenTheySpillToDiskAndDeletesTheFile() throws Exception {
        CopyRowSpool spool = new CopyRowSpool(100_000, dir);
        writeRows(spool.writer(), spool::rowWritten, 50_000);
        byte[] got = replay(spool);
        assertEquals(50_000, spool.rows());
        assertTrue(spool.spilledBytes() > 1_000_000, "spilled " + spool.spilledBytes());
        assertArrayEquals(direct(50_000), got);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        spool.close();
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "spool file deleted on close");
        }
    }

    @Test
    void keepsSmallResultsInMemory() throws Exception {
        try (CopyRowSpool spool = new CopyRowSpool(8 << 20, dir)) {
            writeRows(spool.writer(), spool::rowWritten, 1_000);
            assertArrayEquals(direct(1_000), replay(spool));
            assertEquals(0, spool.spilledBytes());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void anEmptySpoolReplaysNothing() throws Exception {
        try (CopyRowSpool spool = new CopyRowSpool(0, dir)) {
            assertEquals(0, replay(spool).length);
            assertEquals(0, spool.rows());
        }
    }

    @Test
    void rowsEncodedTheWayPostgresqlReadsThem() throws Exception {
        try (CopyRowSpool spool = new CopyRowSpool(0, dir)) {
            PgBinaryCopyWriter w = spool.writer();
            w.startRow(2);
            w.writeInt4(7);
            w.writeNull();
            spool.rowWritten();
            ByteBuffer b = ByteBuffer.wrap(replay(spool));
            assertEquals(2, b.getShort());       // field count
            assertEquals(4, b.getInt());         // length
            assertEquals(7, b.getInt());
            assertEquals(-1, b.getInt());        // NULL
            assertEquals(0, b.remaining());
        }
    }
}

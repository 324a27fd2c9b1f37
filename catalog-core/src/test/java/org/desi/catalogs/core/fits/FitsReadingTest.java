package org.desi.catalogs.core.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.desi.catalogs.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitsReadingTest {

    @TempDir
    Path tmp;

    @Test
    void everyRealFileStreamsEveryBinaryTable() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(SharedData.dir())) {
            files = s.filter(p -> p.toString().endsWith(".fits")).sorted().toList();
        }
        assertTrue(files.size() >= 8, "expected the real FITS files, found " + files);
        for (Path f : files) {
            FitsLayout layout = FitsLayout.scan(f);
            long tables = 0;
            for (Hdu hdu : layout.hdus()) {
                if (!hdu.isBinaryTable()) {
                    continue;
                }
                tables++;
                BinaryTableLayout t = BinaryTableLayout.of(hdu);
                long n = 0;
                try (BinaryTableRows rows = new BinaryTableRows(f, t, 64 * 1024)) {
                    while (rows.next()) {
                        n++;
                        for (FitsColumn c : t.columns()) {
                            decodeAll(c, rows);
                        }
                        assertEquals(n * t.rowBytes(), rows.bytesRead());
                    }
                    // a job's bytes_read: the table's bytes, not a row more once the last next() said false
                    assertEquals(t.rowCount() * t.rowBytes(), rows.bytesRead(), f.getFileName() + " " + hdu.label());
                }
                assertEquals(t.rowCount(), n, f.getFileName() + " " + hdu.label());
            }
            assertTrue(tables > 0, f + " has no table");
        }
    }

    private static void decodeAll(FitsColumn c, BinaryTableRows rows) {
        for (int e = 0; e < c.elements(); e++) {
            if (c.type() == 'A') {
                c.stringValue(rows.buffer(), rows.rowOffset(), e);
            } else if (c.type() == 'L') {
                c.isNull(rows.buffer(), rows.rowOffset(), e);
            } else if (c.type() != 'X' && !c.isNull(rows.buffer(), rows.rowOffset(), e)) {
                c.doubleValue(rows.buffer(), rows.rowOffset(), e);
            }
        }
    }

    @Test
    void signedBytesStoredWithTzeroComeOutSigned() {
        Path f = SharedData.file("desitarget/sweep-310m005-320p000.fits");
        BinaryTableLayout t = BinaryTableLayout.of(FitsLayout.scan(f).binaryTable(null));
        FitsColumn solved = t.require("gaia_astrometric_params_solved");
        assertEquals(-128.0, solved.zero());
        try (BinaryTableRows rows = new BinaryTableRows(f, t)) {
            while (rows.next()) {
                long v = solved.longValue(rows.buffer(), rows.rowOffset(), 0);
                assertTrue(v >= -128 && v <= 127, "signed byte out of range: " + v);
            }
        }
        FitsColumn ra = t.require("RA");
        try (BinaryTableRows rows = new BinaryTableRows(f, t)) {
            assertTrue(rows.next());
            double v = ra.doubleValue(rows.buffer(), rows.rowOffset(), 0);
            assertTrue(v > 314.4 && v < 314.7, "RA " + v);
        }
    }

    @Test
    void findsTablesByNameAndSkipsImages() {
        FitsLayout layout = FitsLayout.scan(SharedData.file("fastspecfit/coadd-special-dark-27247.fits"));
        assertEquals(19, layout.hdus().size());
        Hdu scores = layout.binaryTable("scores");
        assertEquals("SCORES", scores.name());
        assertEquals(18, scores.index());
        FitsFormatException e = assertThrows(FitsFormatException.class, () -> layout.binaryTable("B_FLUX"));
        assertTrue(e.getMessage().contains("not a BINTABLE"), e.getMessage());
        FitsFormatException missing = assertThrows(FitsFormatException.class, () -> layout.binaryTable("METADATA"));
        assertTrue(missing.getMessage().contains("no HDU named METADATA") && missing.getMessage().contains("FIBERMAP"),
                missing.getMessage());
        BinaryTableLayout fibermap = BinaryTableLayout.of(layout.binaryTable("FIBERMAP"));
        assertEquals("deg", fibermap.require("TARGET_RA").unit());
    }

    @Test
    void tnullNanAndUnsignedValuesDecode() throws IOException {
        Path f = tmp.resolve("nulls.fits");
        FitsTableWriter w = new FitsTableWriter();
        w.table("T")
                .column("ID", new long[] {1, 2, 3})
                .column("FLAG", new int[] {7, -999, 9})
                .column("U16", new short[] {(short) -32768, 0, 32767})
                .column("F", new float[] {1.5f, Float.NaN, -2f}, "km/s")
                .column("NAME", new String[] {"abc", "", "x"})
                .keyword("TNULL2", -999)
                .keyword("TZERO3", 32768);
        w.write(f);
        BinaryTableLayout t = BinaryTableLayout.of(FitsLayout.scan(f).binaryTable("t"));
        FitsColumn flag = t.require("flag");
        FitsColumn u16 = t.require("U16");
        FitsColumn fl = t.require("F");
        FitsColumn name = t.require("NAME");
        assertEquals("km/s", fl.unit());
        try (BinaryTableRows rows = new BinaryTableRows(f, t)) {
            assertTrue(rows.next());
            assertFalse(flag.isNull(rows.buffer(), rows.rowOffset(), 0));
            assertEquals(0L, u16.longValue(rows.buffer(), rows.rowOffset(), 0));
            assertEquals("abc", name.stringValue(rows.buffer(), rows.rowOffset(), 0));
            assertTrue(rows.next());
            assertTrue(flag.isNull(rows.buffer(), rows.rowOffset(), 0));
            assertTrue(fl.isNull(rows.buffer(), rows.rowOffset(), 0));
            assertEquals(32768L, u16.longValue(rows.buffer(), rows.rowOffset(), 0));
            assertEquals("", name.stringValue(rows.buffer(), rows.rowOffset(), 0));
            assertTrue(rows.next());
            assertEquals(65535L, u16.longValue(rows.buffer(), rows.rowOffset(), 0));
            assertEquals(-2.0, fl.doubleValue(rows.buffer(), rows.rowOffset(), 0));
            assertEquals(3, rows.rowNumber());
            assertFalse(rows.next());
        }
    }

    @Test
    void rejectsAFileThatIsNotFits() throws IOException {
        Path f = tmp.resolve("notes.fits");
        Files.writeString(f, "RA,DEC\n1,2\n".repeat(400));
        FitsFormatException e = assertThrows(FitsFormatException.class, () -> FitsLayout.scan(f));
        assertTrue(e.getMessage().contains("not a FITS file"), e.getMessage());
    }

    @Test
    void rejectsATruncatedFileNamingTheHdu() throws IOException {
        Path f = tmp.resolve("cut.fits");
        byte[] whole = Files.readAllBytes(SharedData.file("desitarget/targets.fits"));
        Files.write(f, java.util.Arrays.copyOf(whole, whole.length - 20_000));
        FitsFormatException e = assertThrows(FitsFormatException.class, () -> FitsLayout.scan(f));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("TARGETS"), e.getMessage());
    }
}

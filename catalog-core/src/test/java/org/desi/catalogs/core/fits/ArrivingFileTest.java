package org.desi.catalogs.core.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a FITS table from a file that is still being written, as an upload is loaded while it arrives. */
class ArrivingFileTest {

    @TempDir
    Path dir;

    /** A file written by another thread in small pieces, with the arrival its readers wait on. */
    private static final class Writer implements FileArrival {
        private final byte[] bytes;
        private final int stopAt;
        private long written;
        private boolean ended;

        Writer(byte[] bytes, int stopAt) {
            this.bytes = bytes;
            this.stopAt = stopAt;
        }

        Thread start(Path file) throws IOException {
            Files.createFile(file);   // as the service does before its load opens the file
            Thread t = new Thread(() -> {
                try (OutputStream out = Files.newOutputStream(file)) {
                    for (int at = 0; at < stopAt; at += 7919) {
                        int n = Math.min(7919, stopAt - at);
                        out.write(bytes, at, n);
                        out.flush();
                        synchronized (this) {
                            written = at + n;
                            notifyAll();
                        }
                        Thread.sleep(1);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    synchronized (this) {
                        ended = true;
                        notifyAll();
                    }
                }
            });
            t.start();
            return t;
        }

        @Override
        public synchronized boolean await(long endExclusive) {
            while (written < endExclusive && !ended) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return written >= endExclusive;
        }
    }

    /** PRIMARY, an image-free table A (10 rows) and table B (20,000 rows of id and ra). */
    private static byte[] twoTables() throws IOException {
        Random r = new Random(1);
        long[] id = new long[20_000];
        double[] ra = new double[20_000];
        for (int i = 0; i < id.length; i++) {
            id[i] = i * 13L;
            ra[i] = r.nextDouble() * 360;
        }
        FitsTableWriter w = new FitsTableWriter();
        w.table("A").column("X", new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        w.table("B").column("ID", id).column("RA", ra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        return out.toByteArray();
    }

    private static List<String> rows(Path file, BinaryTableLayout t, FileArrival arrival) {
        List<String> out = new ArrayList<>();
        FitsColumn id = t.column("ID").orElseThrow();
        FitsColumn ra = t.column("RA").orElseThrow();
        try (BinaryTableRows rows = new BinaryTableRows(file, t, 4096, arrival)) {
            while (rows.next()) {
                out.add(id.longValue(rows.buffer(), rows.rowOffset(), 0) + " "
                        + ra.doubleValue(rows.buffer(), rows.rowOffset(), 0));
            }
        }
        return out;
    }

    @Test
    void aTableReadWhileItsFileArrivesEqualsTheTableReadFromTheWholeFile() throws Exception {
        byte[] bytes = twoTables();
        Path whole = dir.resolve("whole.fits");
        Files.write(whole, bytes);
        Hdu expected = FitsLayout.scan(whole).binaryTable("B");

        Path arriving = dir.resolve("arriving.fits");
        Writer writer = new Writer(bytes, bytes.length);
        Thread t = writer.start(arriving);
        Hdu early = FitsLayout.binaryTable(arriving, "B", writer);
        List<String> read = rows(arriving, BinaryTableLayout.of(early), writer);
        t.join();
        assertEquals(expected.dataOffset(), early.dataOffset());
        assertEquals(expected.index(), early.index());
        assertEquals(rows(whole, BinaryTableLayout.of(expected), FileArrival.COMPLETE), read);
        assertEquals(20_000, read.size());
        FitsLayout.sameTable(arriving, "B", early);   // the whole file agrees
    }

    @Test
    void aFileThatStopsInsideItsTableEndsEarlyNamingTheRow() throws Exception {
        byte[] bytes = twoTables();
        Path arriving = dir.resolve("cut.fits");
        Writer writer = new Writer(bytes, bytes.length - 100_000);
        Thread t = writer.start(arriving);
        BinaryTableLayout b = BinaryTableLayout.of(FitsLayout.binaryTable(arriving, null, writer));
        assertEquals("A", b.hdu().name(), "blank selects the first table, found before the rest arrived");
        BinaryTableLayout tableB = BinaryTableLayout.of(FitsLayout.binaryTable(arriving, "b", writer));
        FitsFormatException e = assertThrows(FitsFormatException.class, () -> rows(arriving, tableB, writer));
        t.join();
        assertTrue(e.getMessage().contains("ends early at row"), e.getMessage());
        // and the whole file's scan calls it truncated
        assertThrows(FitsFormatException.class, () -> FitsLayout.sameTable(arriving, "B", tableB.hdu()));
    }

    @Test
    void aSelectorNamingNoTableWaitsForTheWholeFileAndSaysWhatItHas() throws Exception {
        byte[] bytes = twoTables();
        Path arriving = dir.resolve("names.fits");
        Writer writer = new Writer(bytes, bytes.length);
        Thread t = writer.start(arriving);
        FitsFormatException e = assertThrows(FitsFormatException.class,
                () -> FitsLayout.binaryTable(arriving, "SPECPHOT", writer));
        t.join();
        assertTrue(e.getMessage().contains("no HDU named SPECPHOT (HDUs: PRIMARY, A, B)"), e.getMessage());
    }
}

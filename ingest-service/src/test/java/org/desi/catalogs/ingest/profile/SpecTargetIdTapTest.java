package org.desi.catalogs.ingest.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.desi.catalogs.core.fits.FileArrival;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.sample.WideFastSpecFitFile;
import org.desi.catalogs.ingest.job.FileHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FASTSPEC TARGETID fingerprint a data-directory load gets from the pass hashing its file equals the one
 * {@link FastSpecFitRowEncoder#readSpec} computes reading FASTSPEC itself, whatever the chunks the pass hands
 * over (a TARGETID split between two chunks at every byte), and that pass's SHA-256 is the file's.
 */
class SpecTargetIdTapTest {

    @TempDir
    Path tmp;

    @Test
    void foldsTheTargetIdsAsReadSpecDoesHoweverTheBytesAreChunked() throws IOException {
        Path file = tmp.resolve("wide.fits");
        WideFastSpecFitFile.write(file, 300, 3);
        byte[] bytes = Files.readAllBytes(file);
        FastSpecFitRowEncoder.SpecPass expected = FastSpecFitRowEncoder.readSpec(file, FileArrival.COMPLETE);
        Random random = new Random(5);
        for (int chunk : new int[] {1, 2, 3, 5, 7, 8, 9, 3551, 3552, 3553, 4096, 65_536, 1 << 22, -1}) {
            SpecTargetIdTap tap = SpecTargetIdTap.of(file);
            assertNotNull(tap);
            long position = tap.fromByte();
            while (!tap.result().isDone()) {
                assertTrue(position < bytes.length, "the tap completes within the file");
                int n = (int) Math.min(chunk > 0 ? chunk : 1 + random.nextInt(20_000), bytes.length - position);
                // the array holds other bytes around the chunk, as a reused buffer does
                byte[] buffer = new byte[n + 16];
                System.arraycopy(bytes, (int) position, buffer, 7, n);
                tap.accept(buffer, 7, n, position);
                position += n;
            }
            assertEquals(expected, tap.result().join(), "chunks of " + chunk + " bytes");
            assertTrue(position >= tap.toByte() && position - tap.toByte() < Math.max(chunk, 20_000));
        }
    }

    @Test
    void theHashingPassGivesTheFilesSha256AndTheTapsFingerprint() throws Exception {
        // on the build's disk (read with O_DIRECT, and through the cache) and on tmpfs (read through the cache)
        Path shm = Path.of("/dev/shm");
        for (Path dir : Files.isDirectory(shm) ? List.of(tmp, Files.createTempDirectory(shm, "tap")) : List.of(tmp)) {
            Path file = dir.resolve("wide.fits");
            WideFastSpecFitFile.write(file, 2_500, 11);   // 10.8 MB: FASTSPEC spans several 4 MiB chunks
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            for (boolean direct : new boolean[] {true, false}) {
                SpecTargetIdTap tap = SpecTargetIdTap.of(file);
                assertEquals(expected, FileHasher.hash(file, tap, direct).sha256(), dir + " direct " + direct);
                assertEquals(FastSpecFitRowEncoder.readSpec(file, FileArrival.COMPLETE), tap.result().join());
            }
            Files.delete(file);
        }
    }

    @Test
    void aTargetIdThatIsNotTheFirstColumnNorSixtyFourBitsIsFoldedAsReadSpecFoldsIt() throws IOException {
        Path file = tmp.resolve("narrow.fits");
        int rows = 1_001;
        long[] id = new long[rows];
        int[] id32 = new int[rows];
        double[] other = new double[rows];
        Random r = new Random(8);
        for (int i = 0; i < rows; i++) {
            id[i] = 39_627_000_000_000L + r.nextInt(1 << 30);
            id32[i] = (int) id[i];
            other[i] = r.nextGaussian();
        }
        FitsTableWriter w = new FitsTableWriter();
        w.table("METADATA").column("TARGETID", id).column("RA", other);
        w.table("SPECPHOT").column("TARGETID", id).column("LOGMSTAR", other);
        w.table("FASTSPEC").column("COEFF", other).column("FLAG", id32).column("TARGETID", id32).column("X", other);
        w.write(file);
        SpecTargetIdTap tap = SpecTargetIdTap.of(file);
        FileHasher.hash(file, tap, true);
        FastSpecFitRowEncoder.SpecPass pass = tap.result().join();
        assertEquals(FastSpecFitRowEncoder.readSpec(file, FileArrival.COMPLETE), pass);
        assertNotEquals(0, pass.targetIdFingerprint());
    }

    @Test
    void anEmptyFastSpecIsDoneBeforeAnyByteAndAFileWithoutOneGetsNoTap() throws IOException {
        Path empty = tmp.resolve("empty.fits");
        FitsTableWriter w = new FitsTableWriter();
        w.table("METADATA").column("TARGETID", new long[0]);
        w.table("SPECPHOT").column("TARGETID", new long[0]);
        w.table("FASTSPEC").column("TARGETID", new long[0]);
        w.write(empty);
        SpecTargetIdTap tap = SpecTargetIdTap.of(empty);
        assertTrue(tap.result().isDone());
        assertEquals(FastSpecFitRowEncoder.readSpec(empty, FileArrival.COMPLETE), tap.result().join());
        assertEquals(FileHasher.hash(empty).sha256(), FileHasher.hash(empty, tap, true).sha256());

        // the load reads these itself and says what is wrong: no FASTSPEC; row counts that differ; not FITS
        Path noSpec = tmp.resolve("nospec.fits");
        FitsTableWriter n = new FitsTableWriter();
        n.table("METADATA").column("TARGETID", new long[] {1});
        n.table("SPECPHOT").column("TARGETID", new long[] {1});
        n.write(noSpec);
        Path counts = tmp.resolve("counts.fits");
        FitsTableWriter c = new FitsTableWriter();
        c.table("METADATA").column("TARGETID", new long[] {1, 2});
        c.table("SPECPHOT").column("TARGETID", new long[] {1, 2});
        c.table("FASTSPEC").column("TARGETID", new long[] {1});
        c.write(counts);
        Path text = Files.writeString(tmp.resolve("text.fits"), "not FITS at all");
        for (Path p : List.of(noSpec, counts, text, tmp.resolve("missing.fits"))) {
            assertNull(SpecTargetIdTap.of(p), p.toString());
        }
    }

    @Test
    void aFileCutShortBeforeTheLastTargetIdFailsTheTapNamingWhereItEnds() throws IOException {
        Path file = tmp.resolve("whole.fits");
        WideFastSpecFitFile.write(file, 200, 4);
        SpecTargetIdTap tap = SpecTargetIdTap.of(file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(tmp.resolve("cut.fits"), java.util.Arrays.copyOf(bytes, (int) tap.toByte() - 3));
        FileHasher.hash(cut, tap, true);   // the hash of what is there; the load fails on the tap
        CompletionException e = assertThrows(CompletionException.class, () -> tap.result().join());
        assertInstanceOf(EOFException.class, e.getCause());
        assertEquals("cut.fits ends at byte " + (tap.toByte() - 3) + ", before byte " + tap.toByte()
                + " that its headers promise", e.getCause().getMessage());
    }
}

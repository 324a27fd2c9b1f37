package org.desi.catalogs.ingest.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DirectRangeReader} hands over exactly the bytes of the range asked for, in order and without gaps,
 * against the file's bytes read whole: on ext4 (the build's own disk, read with O_DIRECT, and through the cache
 * when told to) and on tmpfs, which refuses O_DIRECT (read through the cache instead); with ranges that start and end off the 4 KiB blocks,
 * span several 4 MiB chunks, end past the end of the file or are empty.
 */
class DirectRangeReaderTest {

    /** Three chunks and a part, so that the ring of buffers is reused: 14.3 MB. */
    private static final int SIZE = 3 * DirectRangeReader.CHUNK_BYTES + 1_234_567;
    private static byte[] bytes;
    private static Path onDisk;
    private static Path inMemory;

    @BeforeAll
    static void writeFiles() throws IOException {
        bytes = new byte[SIZE];
        new Random(26).nextBytes(bytes);
        Path dir = Files.createDirectories(Path.of("target", "direct-range-reader"));
        onDisk = Files.write(dir.resolve("random.bin"), bytes);
        Path shm = Path.of("/dev/shm");
        inMemory = Files.isDirectory(shm) ? Files.write(Files.createTempFile(shm, "direct-range", ".bin"), bytes) : null;
    }

    @AfterAll
    static void removeFiles() throws IOException {
        Files.deleteIfExists(onDisk);
        if (inMemory != null) {
            Files.deleteIfExists(inMemory);
        }
    }

    static Stream<long[]> ranges() {
        return Stream.of(new long[] {0, SIZE}, new long[] {1, SIZE - 1}, new long[] {4095, 4097},
                new long[] {4096, 2L * DirectRangeReader.CHUNK_BYTES + 1}, new long[] {1_874_332, SIZE},
                new long[] {DirectRangeReader.CHUNK_BYTES - 3, DirectRangeReader.CHUNK_BYTES + 3},
                new long[] {SIZE - 10, Long.MAX_VALUE}, new long[] {12_345, 12_345}, new long[] {SIZE, SIZE + 4096},
                new long[] {SIZE + 5, Long.MAX_VALUE});
    }

    @ParameterizedTest
    @MethodSource("ranges")
    void handsOverExactlyTheRangeInOrderOnDiskAndOnTmpfs(long[] range) throws IOException {
        record Read(Path file, boolean direct) {
        }
        for (Read read : List.of(new Read(onDisk, true), new Read(onDisk, false), new Read(inMemory, true))) {
            Path file = read.file();
            boolean direct = read.direct();
            if (file == null) {
                continue;
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            long[] next = {Math.min(range[0], SIZE)};
            long handed = DirectRangeReader.read(file, range[0], range[1], direct, (b, offset, length, position) -> {
                assertEquals(next[0], position, "chunks follow each other without gaps");
                assertTrue(length > 0 && length <= DirectRangeReader.CHUNK_BYTES, "chunk of " + length + " bytes");
                got.write(b, offset, length);
                next[0] += length;
            });
            int from = (int) Math.min(range[0], SIZE);
            int to = (int) Math.min(range[1], SIZE);
            byte[] expected = Arrays.copyOfRange(bytes, from, Math.max(from, to));
            assertEquals(expected.length, handed, file.toString());
            assertArrayEquals(expected, got.toByteArray(), file + " " + Arrays.toString(range) + " direct " + direct);
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void aConsumerThatFailsStopsTheReadAndTheReadingThread(Path file) throws Exception {
        IOException failure = new IOException("consumer gave up");
        int[] calls = {0};
        IOException thrown = assertThrows(IOException.class, () -> DirectRangeReader.read(file, 0, SIZE, true, (b, o, l, p) -> {
            if (++calls[0] == 2) {
                throw failure;
            }
        }));
        assertEquals(failure, thrown);
        assertEquals(2, calls[0]);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (readingThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, readingThreads(), "the reading thread ended");
        // and the file reads whole again afterwards
        long[] sum = {0};
        assertEquals(SIZE, DirectRangeReader.read(file, 0, SIZE, true, (b, o, l, p) -> sum[0] += l));
        assertEquals(SIZE, sum[0]);
    }

    static List<Path> files() {
        return inMemory == null ? List.of(onDisk) : List.of(onDisk, inMemory);
    }

    private static long readingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ingest-direct-read") && t.isAlive()).count();
    }
}

package org.desi.catalogs.ingest.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * when told to) and on tmpfs (which takes O_DIRECT from Linux 6.6 on; a file system refusing it at open, or refusing a
 * read, is read through the cache instead); with ranges that start and end off the 4 KiB blocks,
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
            DirectRangeReader.Handed handed = DirectRangeReader.read(file, range[0], range[1], direct, (b, offset, length, position) -> {
                assertEquals(next[0], position, "chunks follow each other without gaps");
                assertTrue(length > 0 && length <= DirectRangeReader.CHUNK_BYTES, "chunk of " + length + " bytes");
                got.write(b, offset, length);
                next[0] += length;
            });
            int from = (int) Math.min(range[0], SIZE);
            int to = (int) Math.min(range[1], SIZE);
            byte[] expected = Arrays.copyOfRange(bytes, from, Math.max(from, to));
            assertEquals(expected.length, handed.total(), file.toString());
            if (file == onDisk) {   // tmpfs takes O_DIRECT from Linux 6.6 on, refuses it before: either way here
                assertEquals(direct ? expected.length : 0, handed.directBytes(), file + " direct " + direct);
            }
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
        assertEquals(SIZE, DirectRangeReader.read(file, 0, SIZE, true, (b, o, l, p) -> sum[0] += l).total());
        assertEquals(SIZE, sum[0]);
    }

    static List<Path> files() {
        return inMemory == null ? List.of(onDisk) : List.of(onDisk, inMemory);
    }

    private static long readingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ingest-direct-read") && t.isAlive()).count();
    }

    /**
     * A file system that accepts O_DIRECT at open and then refuses a read (EINVAL, as some network file systems
     * do): the bytes read so far stand, the rest is read through the page cache, and the consumer sees the range
     * once, in order, without gaps.
     */
    @ParameterizedTest
    @MethodSource("failingReads")
    void aDirectReadThatFailsIsFollowedThroughTheCacheFromTheFirstByteNotHandedOver(int readsBeforeFailure)
            throws IOException {
        long from = 5_000;
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long[] next = {from};
        DirectRangeReader.ChunkConsumer inOrder = (b, offset, length, position) -> {
            assertEquals(next[0], position, "chunks follow each other without gaps");
            got.write(b, offset, length);
            next[0] += length;
        };
        DirectRangeReader.Handed handed = DirectRangeReader.read(onDisk, from, SIZE, true, inOrder,
                file -> new FailingReads(FileChannel.open(file, StandardOpenOption.READ), readsBeforeFailure));
        assertArrayEquals(Arrays.copyOfRange(bytes, (int) from, SIZE), got.toByteArray());
        assertEquals(SIZE - from, handed.total());
        assertTrue(handed.cachedBytes() > 0, "the rest was read through the cache: " + handed);
        // each good read fills one 4 MiB chunk, the first from the block holding byte 5,000 (byte 4,096)
        long directExpected = readsBeforeFailure == 0 ? 0
                : 4096 + readsBeforeFailure * (long) DirectRangeReader.CHUNK_BYTES - from;
        assertEquals(directExpected, handed.directBytes(), handed.toString());
    }

    @ParameterizedTest
    @MethodSource("ranges")
    void aFileSystemRefusingODirectAtOpenIsReadThroughTheCache(long[] range) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        DirectRangeReader.Handed handed = DirectRangeReader.read(onDisk, range[0], range[1], true,
                (b, offset, length, position) -> got.write(b, offset, length), file -> {
                    throw new IOException("Invalid argument");   // tmpfs before Linux 6.6
                });
        int from = (int) Math.min(range[0], SIZE);
        byte[] expected = Arrays.copyOfRange(bytes, from, Math.max(from, (int) Math.min(range[1], SIZE)));
        assertArrayEquals(expected, got.toByteArray());
        assertEquals(new DirectRangeReader.Handed(0, expected.length), handed);
    }

    static Stream<Integer> failingReads() {
        return Stream.of(0, 1, 3);
    }

    @ParameterizedTest
    @MethodSource("failingReads")
    void aFileTheCacheCannotReadEitherFailsTheRead(int readsBeforeFailure) throws IOException {
        Path gone = Files.write(onDisk.resolveSibling("gone.bin"), bytes);
        IOException thrown = assertThrows(IOException.class, () -> DirectRangeReader.read(gone, 0, SIZE, true,
                (b, offset, length, position) -> { }, file -> {
                    DirectRangeReader.DirectFile ch =
                            new FailingReads(FileChannel.open(file, StandardOpenOption.READ), readsBeforeFailure);
                    Files.delete(file);   // the cache's own open fails now
                    return ch;
                }));
        assertTrue(thrown instanceof java.nio.file.NoSuchFileException, thrown.toString());
    }

    /** Positional reads that succeed {@code good} times, then fail as EINVAL does. */
    private static final class FailingReads implements DirectRangeReader.DirectFile {
        private final FileChannel real;
        private int good;

        FailingReads(FileChannel real, int good) {
            this.real = real;
            this.good = good;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            if (good-- <= 0) {
                throw new IOException("Invalid argument");
            }
            // a whole chunk per call, as O_DIRECT reads of an aligned 4 MiB buffer return
            int n = 0;
            int r;
            while (dst.hasRemaining() && (r = real.read(dst, position + n)) > 0) {
                n += r;
            }
            return n == 0 && position >= real.size() ? -1 : n;
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }
}

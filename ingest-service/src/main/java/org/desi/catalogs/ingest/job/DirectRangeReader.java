package org.desi.catalogs.ingest.job;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * Reads a byte range of a file in order, bypassing the page cache (O_DIRECT), on a thread of its own into a
 * few reused buffers, and hands each chunk to the calling thread: the disk reads the next chunk while the
 * caller hashes this one. For bytes that one pass alone needs, the cache only costs: a new page-cache page
 * costs the kernel a page of memory to fill and, on a VM that hands free memory back to its host (Linux
 * page_reporting, as on the machines these benchmarks ran on), a fault on the host, measured at about 2 s of
 * kernel CPU per GB read (bench/HISTORY.md, sessions 25-26); on a shared node the cache is better left to
 * what is read twice. Where the file system refuses O_DIRECT at open (tmpfs before Linux 6.6) the range is read
 * through the cache; where it refuses a read, the rest of the range is.
 */
final class DirectRangeReader {

    private static final Logger LOG = Logger.getLogger(DirectRangeReader.class);

    /** Receives the range's bytes in order; {@code bytes} is reused once the call returns. */
    interface ChunkConsumer {
        void accept(byte[] bytes, int offset, int length, long position) throws IOException;
    }

    /** Bytes per direct read [bytes]: large enough that one request keeps the disk busy. */
    static final int CHUNK_BYTES = 4 << 20;
    /** Buffers in flight: one being read, one being consumed, one ready. */
    private static final int BUFFERS = 3;
    /** Alignment of offsets, lengths and buffer addresses for O_DIRECT [bytes] (at least the page size). */
    private static final int MIN_ALIGN = 4096;

    private record Chunk(ByteBuffer buffer, long position, int length, Throwable error) {
        static final Chunk END = new Chunk(null, -1, 0, null);
    }

    /** One read's buffers, aligned to {@code align}; reused by the next read (new memory costs its pages again). */
    private record Buffers(int align, ByteBuffer[] direct, byte[] chunk) {
        static Buffers allocate(int align) {
            ByteBuffer[] direct = new ByteBuffer[BUFFERS];
            for (int i = 0; i < BUFFERS; i++) {
                direct[i] = ByteBuffer.allocateDirect(CHUNK_BYTES + align).alignedSlice(align);
            }
            return new Buffers(align, direct, new byte[CHUNK_BYTES]);
        }
    }

    /** Buffers of reads that ended cleanly (as many sets as reads ran at once: one per ingest worker). */
    private static final Queue<Buffers> IDLE = new ConcurrentLinkedQueue<>();

    private DirectRangeReader() {
    }

    /** Bytes handed over: read with O_DIRECT, and read through the page cache. */
    record Handed(long directBytes, long cachedBytes) {
        long total() {
            return directBytes + cachedBytes;
        }
    }

    /** A file opened for O_DIRECT reads: what this reader asks of it (tests stand in reads that fail). */
    interface DirectFile extends Closeable {
        /** Reads into {@code into} from {@code position} [byte offset]; -1 at the end of the file. */
        int read(ByteBuffer into, long position) throws IOException;
    }

    /** Opens a file for O_DIRECT reads. */
    interface DirectOpener {
        DirectFile open(Path file) throws IOException;
    }

    private static final DirectOpener OPEN_DIRECT = file -> {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
        return new DirectFile() {
            @Override
            public int read(ByteBuffer into, long position) throws IOException {
                return ch.read(into, position);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    };

    /**
     * Hands {@code [fromByte, toByte)} of {@code file} to {@code consumer} in order, in chunks of at most
     * {@link #CHUNK_BYTES}, read with O_DIRECT where {@code direct} and the file system allow it, else through the
     * page cache; returns the bytes handed over (fewer than asked when the file ends before {@code toByte}).
     */
    static Handed read(Path file, long fromByte, long toByte, boolean direct, ChunkConsumer consumer)
            throws IOException {
        return read(file, fromByte, toByte, direct, consumer, OPEN_DIRECT);
    }

    static Handed read(Path file, long fromByte, long toByte, boolean direct, ChunkConsumer consumer,
                       DirectOpener opener) throws IOException {
        if (toByte <= fromByte) {
            return new Handed(0, 0);
        }
        if (!direct) {
            return new Handed(0, readBuffered(file, fromByte, toByte, consumer));
        }
        DirectFile opened;
        try {
            opened = opener.open(file);
        } catch (IOException | UnsupportedOperationException e) {
            // EINVAL on open: tmpfs before Linux 6.6 and the like
            return new Handed(0, readBuffered(file, fromByte, toByte, consumer));
        }
        long[] handed = {0};
        try (DirectFile ch = opened) {
            readDirect(ch, alignment(file), fromByte, toByte, handed, consumer);
            return new Handed(handed[0], 0);
        } catch (DirectReadFailed e) {
            // a file system that takes O_DIRECT at open and refuses its reads (or a read error): the rest through
            // the cache, from the first byte not handed over; an error the cache gets too is the job's
            long resume = fromByte + handed[0];
            LOG.warnf("O_DIRECT read of %s failed at byte %d (%s): reading the rest through the page cache"
                    + " (DESI_INGEST_DIRECT_READS=false reads every file that way)", file.getFileName(), resume,
                    e.getCause().getMessage());
            return new Handed(handed[0], readBuffered(file, resume, toByte, consumer));
        }
    }

    private static int alignment(Path file) {
        try {
            return (int) Math.max(MIN_ALIGN, Files.getFileStore(file).getBlockSize());
        } catch (IOException | UnsupportedOperationException e) {
            return MIN_ALIGN;
        }
    }

    /** The reading thread's read failed (not the consumer): the bytes handed over so far are good. */
    private static final class DirectReadFailed extends IOException {
        DirectReadFailed(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Reads with O_DIRECT, adding to {@code handed[0]} what the consumer took; a failed read is
     * {@link DirectReadFailed}.
     */
    private static void readDirect(DirectFile ch, int align, long fromByte, long toByte, long[] handed,
                                   ChunkConsumer consumer) throws IOException {
        Buffers buffers = IDLE.poll();
        if (buffers == null || buffers.align() != align) {
            buffers = Buffers.allocate(align);
        }
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS, false, List.of(buffers.direct()));
        BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
        long start = fromByte - fromByte % align;
        Thread reader = new Thread(() -> fill(ch, align, start, toByte, free, filled), "ingest-direct-read");
        reader.setDaemon(true);
        reader.start();
        byte[] bytes = buffers.chunk();
        try {
            while (true) {
                Chunk c = filled.take();
                if (c == Chunk.END) {
                    IDLE.add(buffers);   // the reader has stopped using them
                    return;
                }
                if (c.error() != null) {
                    throw new DirectReadFailed(c.error());
                }
                // the first chunk starts at the block holding fromByte; one that ends before it (a range that
                // starts at or past the end of the file) has nothing to hand over
                long skip = Math.max(0, fromByte - c.position());
                int length = (int) Math.max(0, Math.min(c.length(), toByte - c.position()) - skip);
                c.buffer().get((int) Math.min(skip, c.length()), bytes, 0, length);
                free.put(c.buffer());   // the reader fills it again while this chunk is consumed
                if (length > 0) {
                    consumer.accept(bytes, 0, length, c.position() + skip);
                    handed[0] += length;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the file");
        } finally {
            reader.interrupt();   // its channel closes (the caller's try-with-resources closes it too)
        }
    }

    /** The reading thread: aligned reads from {@code start} until {@code toByte} or the end of the file. */
    private static void fill(DirectFile ch, int align, long start, long toByte, BlockingQueue<ByteBuffer> free,
                             BlockingQueue<Chunk> filled) {
        try {
            long position = start;
            while (position < toByte) {
                ByteBuffer b = free.take();
                long want = Math.min(CHUNK_BYTES, toByte - position);
                b.clear().limit((int) (want + (align - want % align) % align));   // lengths stay aligned
                int n;
                // a direct read is short only at the end of the file; reads go on while the offset stays aligned
                while ((n = ch.read(b, position + b.position())) > 0 && b.hasRemaining() && b.position() % align == 0) {
                    // keep reading into the rest of the buffer
                }
                int got = b.position();
                if (got > 0) {
                    filled.put(new Chunk(b, position, got, null));
                }
                if (n < 0 || got < b.limit()) {
                    break;   // the end of the file
                }
                position += got;
            }
            filled.put(Chunk.END);
        } catch (InterruptedException e) {
            // the consumer stopped
        } catch (IOException | RuntimeException e) {
            filled.offer(new Chunk(null, -1, 0, e));
        }
    }

    /** Without O_DIRECT: the same contract, through the page cache. */
    private static long readBuffered(Path file, long fromByte, long toByte, ChunkConsumer consumer) throws IOException {
        byte[] bytes = new byte[FileHasher.CHUNK_BYTES];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long position = fromByte;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (position < toByte) {
                b.clear().limit((int) Math.min(bytes.length, toByte - position));
                int n = ch.read(b, position);
                if (n < 0) {
                    break;
                }
                consumer.accept(bytes, 0, n, position);
                position += n;
            }
        }
        return position - fromByte;
    }
}

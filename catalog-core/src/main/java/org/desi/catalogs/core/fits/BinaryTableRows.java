package org.desi.catalogs.core.fits;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams the rows of one binary table through a fixed-size buffer: constant memory for any file
 * size. Several cursors may read different HDUs of one file side by side (FastSpecFit's METADATA,
 * SPECPHOT and FASTSPEC are row-aligned).
 *
 * <p>Use: {@code while (rows.next()) { col.doubleValue(rows.buffer(), rows.rowOffset(), 0); }}
 */
public final class BinaryTableRows implements Closeable {

    /** Default read size: big enough for sequential throughput, small enough for any heap [bytes]. */
    public static final int DEFAULT_BUFFER_BYTES = 4 << 20;

    private final BinaryTableLayout layout;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final long dataStart;
    private final FileArrival arrival;
    private long rowsInBuffer;
    private long firstRowInBuffer;
    private long current = -1;
    private int rowOffset;

    public BinaryTableRows(Path file, BinaryTableLayout layout) {
        this(file, layout, DEFAULT_BUFFER_BYTES);
    }

    public BinaryTableRows(Path file, BinaryTableLayout layout, int bufferBytes) {
        this(file, layout, bufferBytes, FileArrival.COMPLETE);
    }

    /** Rows of a file that may still be arriving: each buffer is read once its bytes are there. */
    public BinaryTableRows(Path file, BinaryTableLayout layout, int bufferBytes, FileArrival arrival) {
        this.layout = layout;
        this.arrival = arrival;
        int rowBytes = Math.max(1, layout.rowBytes());
        int rowsPerBuffer = Math.max(1, bufferBytes / rowBytes);
        this.buffer = ByteBuffer.allocate(rowsPerBuffer * rowBytes);  // big-endian, like FITS
        this.dataStart = layout.hdu().dataOffset();
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new FitsFormatException("cannot open " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public BinaryTableLayout layout() {
        return layout;
    }

    /** Advances to the next row; false after the last one. */
    public boolean next() {
        if (current + 1 >= layout.rowCount()) {
            current = layout.rowCount();
            return false;
        }
        current++;
        if (current >= firstRowInBuffer + rowsInBuffer) {
            fill();
        }
        rowOffset = (int) ((current - firstRowInBuffer) * layout.rowBytes());
        return true;
    }

    private void fill() {
        int rowBytes = layout.rowBytes();
        long remainingRows = layout.rowCount() - current;
        int rows = (int) Math.min(remainingRows, buffer.capacity() / rowBytes);
        buffer.clear().limit(rows * rowBytes);
        long position = dataStart + current * rowBytes;
        if (!arrival.await(position + (long) rows * rowBytes)) {
            throw new FitsFormatException(layout.hdu().label() + " ends early at row " + (current + 1)
                    + ": the file ended before its data did");
        }
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new FitsFormatException(layout.hdu().label() + " ends early at row " + (current + 1));
                }
            }
        } catch (IOException e) {
            throw new FitsFormatException("read error in " + layout.hdu().label() + " at row " + (current + 1)
                    + ": " + e.getMessage(), e);
        }
        firstRowInBuffer = current;
        rowsInBuffer = rows;
    }

    /** 1-based number of the current row (FITS convention). */
    public long rowNumber() {
        return current + 1;
    }

    /** The buffer holding the current row (read only what the columns' decoders read). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Offset of the current row in {@link #buffer()}. */
    public int rowOffset() {
        return rowOffset;
    }

    /** Bytes of this table consumed so far. */
    public long bytesRead() {
        // after the last row, next() leaves current at rowCount: one past the last row read
        return Math.max(0, Math.min(current + 1, layout.rowCount())) * layout.rowBytes();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do: the channel was only read
        }
    }
}

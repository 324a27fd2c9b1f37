package org.desi.catalogs.service.copy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Binary COPY tuples computed now and written to PostgreSQL later (when a job's results commit),
 * held in memory up to {@code memoryLimitBytes} and in a temporary file beyond that, so a result
 * set of any size costs the heap at most that limit. Not thread-safe: one producer at a time.
 */
public final class CopyRowSpool implements AutoCloseable {

    private final int memoryLimitBytes;
    private final Path directory;
    private final PgBinaryCopyWriter writer;
    private byte[] memory = new byte[0];
    private int memoryLength;
    private Path file;
    private OutputStream fileOut;
    private long fileBytes;
    private long rows;

    /**
     * @param memoryLimitBytes bytes kept in the heap before the spool spills to a file in {@code directory}
     *                         (the writer's encoding buffer, 64 KiB to 1 MiB, comes on top)
     */
    public CopyRowSpool(int memoryLimitBytes, Path directory) {
        this.memoryLimitBytes = Math.max(0, memoryLimitBytes);
        this.directory = directory;
        this.writer = PgBinaryCopyWriter.rowsOnly(this::append, Math.min(Math.max(this.memoryLimitBytes, 64 * 1024), 1 << 20));
    }

    /** The writer to encode tuples with; call {@link #rowWritten()} after each tuple. */
    public PgBinaryCopyWriter writer() {
        return writer;
    }

    public void rowWritten() {
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** Bytes spilled to the temporary file so far (0 while everything fits in memory). */
    public long spilledBytes() {
        return fileBytes;
    }

    /** Writes every tuple, in the order written, into {@code target} (a COPY already started). */
    public void replayInto(PgBinaryCopyWriter target) throws SQLException {
        writer.flushRows();
        if (file != null) {
            try {
                fileOut.flush();
                byte[] chunk = new byte[1 << 20];
                try (InputStream in = Files.newInputStream(file)) {
                    int n;
                    while ((n = in.read(chunk)) > 0) {
                        target.writeEncodedRows(chunk, 0, n);
                    }
                }
            } catch (IOException e) {
                throw new SQLException("cannot read the spool file " + file, e);
            }
        }
        if (memoryLength > 0) {
            target.writeEncodedRows(memory, 0, memoryLength);
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        if (memoryLength + length > memoryLimitBytes) {
            spill();
        }
        if (length > memoryLimitBytes) {
            writeToFile(bytes, offset, length);
            return;
        }
        if (memoryLength + length > memory.length) {
            memory = Arrays.copyOf(memory,
                    Math.min(memoryLimitBytes, Math.max(Math.max(memory.length * 2, 64 * 1024), memoryLength + length)));
        }
        System.arraycopy(bytes, offset, memory, memoryLength, length);
        memoryLength += length;
    }

    private void spill() {
        if (memoryLength > 0) {
            writeToFile(memory, 0, memoryLength);
            memoryLength = 0;
        }
    }

    private void writeToFile(byte[] bytes, int offset, int length) {
        try {
            if (file == null) {
                Files.createDirectories(directory);
                file = Files.createTempFile(directory, "copy-spool-", ".bin");
                fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            }
            fileOut.write(bytes, offset, length);
            fileBytes += length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill COPY rows to " + directory, e);
        }
    }

    /** Deletes the temporary file, if any. */
    @Override
    public void close() {
        memory = new byte[0];
        if (file != null) {
            try {
                fileOut.close();
            } catch (IOException e) {
                // being deleted anyway
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file the OS cleans up
            }
        }
    }
}

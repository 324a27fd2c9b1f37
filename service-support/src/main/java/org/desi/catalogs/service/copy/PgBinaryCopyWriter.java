package org.desi.catalogs.service.copy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Writes PostgreSQL's binary COPY format into a {@link CopyIn} stream through one reusable buffer.
 * Both FITS and binary COPY are big-endian, so numeric cells need no byte swapping: each field is a
 * 4-byte length (-1 = NULL) followed by the value.
 */
public final class PgBinaryCopyWriter implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    /** Where encoded bytes go. */
    @FunctionalInterface
    public interface ByteSink {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    private final CopyIn copy;
    private final ByteSink sink;
    private final ByteBuffer buf;
    private long bytesWritten;

    public PgBinaryCopyWriter(CopyIn copy, int bufferBytes) throws SQLException {
        this.copy = copy;
        this.sink = copy::writeToCopy;
        this.buf = ByteBuffer.allocate(Math.max(bufferBytes, 64 * 1024));
        buf.put(SIGNATURE).putInt(0).putInt(0);   // flags, header extension length
    }

    private PgBinaryCopyWriter(ByteSink sink, int bufferBytes) {
        this.copy = null;
        this.sink = sink;
        this.buf = ByteBuffer.allocate(Math.max(bufferBytes, 64 * 1024));
    }

    /**
     * A writer that encodes tuples only (no header, no trailer) into {@code sink}: rows computed now and
     * copied later with {@link #writeEncodedRows}. End it with {@link #flushRows()}.
     */
    public static PgBinaryCopyWriter rowsOnly(ByteSink sink, int bufferBytes) {
        return new PgBinaryCopyWriter(sink, bufferBytes);
    }

    /** Hands the buffered tuples of a {@link #rowsOnly} writer to its sink. */
    public void flushRows() throws SQLException {
        flush();
    }

    /** Appends tuples already encoded by a {@link #rowsOnly} writer. */
    public void writeEncodedRows(byte[] bytes, int offset, int length) throws SQLException {
        flush();
        sink.write(bytes, offset, length);
        bytesWritten += length;
    }

    /** Starts a tuple of {@code fields} fields. */
    public void startRow(int fields) throws SQLException {
        ensure(2);
        buf.putShort((short) fields);
    }

    public void writeNull() throws SQLException {
        ensure(4);
        buf.putInt(-1);
    }

    public void writeInt2(short v) throws SQLException {
        ensure(6);
        buf.putInt(2).putShort(v);
    }

    public void writeInt4(int v) throws SQLException {
        ensure(8);
        buf.putInt(4).putInt(v);
    }

    public void writeInt8(long v) throws SQLException {
        ensure(12);
        buf.putInt(8).putLong(v);
    }

    public void writeFloat4(float v) throws SQLException {
        ensure(8);
        buf.putInt(4).putFloat(v);
    }

    public void writeFloat8(double v) throws SQLException {
        ensure(12);
        buf.putInt(8).putDouble(v);
    }

    /** A float8 field, or NULL when {@code v} is NaN (how absent cells arrive from a FITS table). */
    public void writeFloat8OrNull(double v) throws SQLException {
        if (Double.isNaN(v)) {
            writeNull();
        } else {
            writeFloat8(v);
        }
    }

    public void writeBool(boolean v) throws SQLException {
        ensure(5);
        buf.putInt(1).put((byte) (v ? 1 : 0));
    }

    public void writeText(String s) throws SQLException {
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A text field from {@code length} bytes of {@code src} at {@code offset} that are meant as ASCII (a
     * FITS string), copied as they are: the bytes {@code writeText(new String(bytes, US_ASCII))} writes,
     * a byte that is not ASCII becoming U+FFFD as decoding makes it, without the two copies and the
     * String per cell (a third of a FastSpecFit row's encoding time went to its three strings).
     */
    public void writeAsciiText(ByteBuffer src, int offset, int length) throws SQLException {
        int notAscii = 0;
        for (int i = 0; i < length; i++) {
            if (src.get(offset + i) < 0) {
                notAscii++;
            }
        }
        int encoded = length + 2 * notAscii;   // U+FFFD is 3 bytes in UTF-8
        ensure(4 + encoded);
        buf.putInt(encoded);
        if (notAscii == 0) {
            buf.put(buf.position(), src, offset, length);
            buf.position(buf.position() + length);
            return;
        }
        for (int i = 0; i < length; i++) {
            byte b = src.get(offset + i);
            if (b < 0) {
                buf.put((byte) 0xEF).put((byte) 0xBF).put((byte) 0xBD);
            } else {
                buf.put(b);
            }
        }
    }

    /** A text or bytea field from raw bytes. */
    public void writeBytes(byte[] b) throws SQLException {
        ensure(4 + b.length);
        buf.putInt(b.length).put(b);
    }

    /**
     * A one-dimensional array field: header plus elements already encoded by {@code elements}
     * (each element a length-prefixed value, like a field).
     */
    public void writeArray(int elementOid, int count, boolean hasNull, byte[] encodedElements, int length)
            throws SQLException {
        int total = 20 + length;
        ensure(4 + total);
        buf.putInt(total).putInt(1).putInt(hasNull ? 1 : 0).putInt(elementOid).putInt(count).putInt(1);
        buf.put(encodedElements, 0, length);
    }

    /** Bytes handed to PostgreSQL so far. */
    public long bytesWritten() {
        return bytesWritten + buf.position();
    }

    private void ensure(int bytes) throws SQLException {
        if (buf.remaining() < bytes) {
            flush();
            if (buf.remaining() < bytes) {
                throw new SQLException("a single field of " + bytes + " bytes exceeds the COPY buffer");
            }
        }
    }

    private void flush() throws SQLException {
        if (buf.position() > 0) {
            sink.write(buf.array(), 0, buf.position());
            bytesWritten += buf.position();
            buf.clear();
        }
    }

    /** Writes the trailer and ends the COPY; returns the rows PostgreSQL stored. */
    public long finish() throws SQLException {
        if (copy == null) {
            throw new IllegalStateException("a rows-only writer has no COPY to finish; use flushRows()");
        }
        ensure(2);
        buf.putShort((short) -1);
        flush();
        return copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (copy != null && copy.isActive()) {
            copy.cancelCopy();
        }
    }
}

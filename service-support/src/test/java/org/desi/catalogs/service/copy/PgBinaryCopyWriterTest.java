package org.desi.catalogs.service.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PgBinaryCopyWriterTest {

    /** Writes {@code fields} with writeAsciiText, or with writeText of the JDK's US-ASCII decoding of the same bytes. */
    private static byte[] encode(ByteBuffer src, int[][] fields, boolean direct) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PgBinaryCopyWriter w = PgBinaryCopyWriter.rowsOnly(out::write, 64 * 1024);   // small: fields straddle flushes
        for (int[] f : fields) {
            w.startRow(1);
            if (direct) {
                w.writeAsciiText(src, f[0], f[1]);
            } else {
                byte[] b = new byte[f[1]];
                src.get(f[0], b);
                w.writeText(new String(b, StandardCharsets.US_ASCII));
            }
        }
        w.flushRows();
        return out.toByteArray();
    }

    @Test
    void asciiTextFromABufferIsEncodedAsTheDecodedStringWouldBeNonAsciiBytesIncluded() throws Exception {
        Random r = new Random(42);
        byte[] bytes = new byte[1 << 20];
        for (int i = 0; i < bytes.length; i++) {
            // mostly printable ASCII, some bytes above 0x7F (what a non-ASCII FITS string holds), some blanks
            int k = r.nextInt(100);
            bytes[i] = (byte) (k < 3 ? 0x80 + r.nextInt(128) : k < 10 ? ' ' : 0x21 + r.nextInt(94));
        }
        ByteBuffer src = ByteBuffer.wrap(bytes);
        int[][] fields = new int[20_000][];
        for (int i = 0; i < fields.length; i++) {
            int length = i % 50 == 0 ? 0 : r.nextInt(i % 7 == 0 ? 3000 : 20);
            fields[i] = new int[] {r.nextInt(bytes.length - length), length};
        }
        byte[] want = encode(src, fields, false);
        assertArrayEquals(want, encode(src, fields, true));
        // the case FITS files hold: plain ASCII, where the bytes are copied as they are
        int[][] ascii = Arrays.stream(fields).filter(f -> {
            for (int i = 0; i < f[1]; i++) {
                if (bytes[f[0] + i] < 0) {
                    return false;
                }
            }
            return true;
        }).toArray(int[][]::new);
        assertArrayEquals(encode(src, ascii, false), encode(src, ascii, true));
    }
}

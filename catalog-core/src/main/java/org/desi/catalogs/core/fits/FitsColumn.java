package org.desi.catalogs.core.fits;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One column of a FITS binary table and how to decode its cells from the big-endian row bytes.
 * TSCAL/TZERO are applied (so unsigned integers come out right), TNULL and NaN read as null.
 *
 * @param index      0-based column number
 * @param name       TTYPEn as written (case kept)
 * @param type       TFORM type code: L X B I J K A E D C M
 * @param repeat     TFORM repeat count (for X: bits; for A: characters)
 * @param offset     byte offset of the cell inside the row
 * @param width      bytes of the cell
 * @param scale      TSCALn (1 when absent)
 * @param zero       TZEROn (0 when absent)
 * @param nullValue  TNULLn for integer columns, or null
 * @param unit       TUNITn, or null
 * @param stringLength for A columns with TDIM = (n, m): the length n of each of the m strings; else repeat
 */
public record FitsColumn(int index, String name, char type, int repeat, int offset, int width,
                         double scale, double zero, Long nullValue, String unit, int stringLength) {

    /** True when TSCAL/TZERO change the stored integers into something other than an integer shift. */
    public boolean isScaled() {
        return scale != 1.0 || zero != Math.rint(zero);
    }

    public boolean isInteger() {
        return type == 'B' || type == 'I' || type == 'J' || type == 'K';
    }

    public boolean isFloat() {
        return type == 'E' || type == 'D';
    }

    /** Number of values in the cell (for A: strings; for X: bytes; for C/M: 2 x repeat). */
    public int elements() {
        return switch (type) {
            case 'A' -> repeat == 0 ? 0 : repeat / stringLength;
            case 'X' -> width;
            case 'C', 'M' -> 2 * repeat;
            default -> repeat;
        };
    }

    /** Bytes of one element. */
    public int elementSize() {
        return switch (type) {
            case 'L', 'B', 'X' -> 1;
            case 'I' -> 2;
            case 'J', 'E', 'C' -> 4;
            case 'K', 'D', 'M' -> 8;
            case 'A' -> stringLength;
            default -> throw new IllegalStateException("type " + type);
        };
    }

    private int at(int rowOffset, int element) {
        return rowOffset + offset + element * elementSize();
    }

    /** The raw stored integer of element {@code element} (B/I/J/K), before TZERO. */
    public long rawLong(ByteBuffer row, int rowOffset, int element) {
        int p = at(rowOffset, element);
        return switch (type) {
            case 'B' -> row.get(p) & 0xffL;
            case 'I' -> row.getShort(p);
            case 'J' -> row.getInt(p);
            case 'K' -> row.getLong(p);
            default -> throw new IllegalStateException(name + " is not an integer column");
        };
    }

    /** True when the element is NULL: TNULL for integers, NaN for floats, 0 for logicals. */
    public boolean isNull(ByteBuffer row, int rowOffset, int element) {
        int p = at(rowOffset, element);
        return switch (type) {
            case 'B', 'I', 'J', 'K' -> nullValue != null && rawLong(row, rowOffset, element) == nullValue;
            case 'E' -> Float.isNaN(row.getFloat(p));
            case 'D' -> Double.isNaN(row.getDouble(p));
            case 'C' -> Float.isNaN(row.getFloat(p));
            case 'M' -> Double.isNaN(row.getDouble(p));
            case 'L' -> row.get(p) == 0;
            default -> false;
        };
    }

    /** The physical value (TSCAL x stored + TZERO) as a double. Check {@link #isNull} first. */
    public double doubleValue(ByteBuffer row, int rowOffset, int element) {
        int p = at(rowOffset, element);
        double v = switch (type) {
            case 'B', 'I', 'J', 'K' -> rawLong(row, rowOffset, element);
            case 'E', 'C' -> row.getFloat(p);
            case 'D', 'M' -> row.getDouble(p);
            default -> throw new IllegalStateException(name + " (" + type + ") is not numeric");
        };
        return scale == 1.0 && zero == 0.0 ? v : v * scale + zero;
    }

    /**
     * The physical value of an unscaled integer column as a long (TZERO applied, so unsigned 16- and
     * 32-bit columns come out right; an unsigned 64-bit value above 2^63 - 1 throws).
     */
    public long longValue(ByteBuffer row, int rowOffset, int element) {
        long raw = rawLong(row, rowOffset, element);
        if (zero == 0.0) {
            return raw;
        }
        if (type == 'K' && zero == 9.223372036854775808E18) {
            if (raw >= 0) {
                throw new ArithmeticException(name + " value " + Long.toUnsignedString(raw ^ Long.MIN_VALUE)
                        + " exceeds the int8 range");
            }
            return raw ^ Long.MIN_VALUE;
        }
        return raw + (long) zero;
    }

    /** Logical value: 'T' true, 'F' false. Check {@link #isNull} first. */
    public boolean booleanValue(ByteBuffer row, int rowOffset, int element) {
        return row.get(at(rowOffset, element)) == 'T';
    }

    /** String element: ASCII up to the first NUL, trailing blanks removed (FITS pads with both). */
    public String stringValue(ByteBuffer row, int rowOffset, int element) {
        int p = stringStart(rowOffset, element);
        byte[] bytes = new byte[stringLength(row, rowOffset, element)];
        row.get(p, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Where string element {@code element} of an 'A' column starts in {@code row}'s buffer. */
    public int stringStart(int rowOffset, int element) {
        return at(rowOffset, element);
    }

    /**
     * The length in bytes of string element {@code element} without what FITS pads it with: up to the
     * first NUL, trailing blanks dropped (the bytes {@link #stringValue} decodes, without decoding them).
     */
    public int stringLength(ByteBuffer row, int rowOffset, int element) {
        int p = at(rowOffset, element);
        int end = p;
        int limit = p + stringLength;
        while (end < limit && row.get(end) != 0) {
            end++;
        }
        while (end > p && row.get(end - 1) == ' ') {
            end--;
        }
        return end - p;
    }

    /** "FASTSPEC.LOGMSTAR (E)": how messages name the column. */
    public String label() {
        return name + " (" + (repeat == 1 ? "" : repeat) + type + ")";
    }
}

package org.desi.catalogs.ingest.copy;

import org.desi.catalogs.service.copy.PgBinaryCopyWriter;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import org.desi.catalogs.core.fits.FitsColumn;

/**
 * Encodes one FITS column into one PostgreSQL field: the SQL type follows from TFORM (with TSCAL /
 * TZERO widening integers, so unsigned values fit), fixed-size arrays become 1-D arrays, TNULL and
 * NaN become NULL. The one place where the FITS-to-PostgreSQL type mapping lives.
 */
public final class CellEncoder {

    private final FitsColumn column;
    private final SqlType type;
    private final boolean array;
    private ByteBuffer scratch;

    private CellEncoder(FitsColumn column, SqlType type, boolean array) {
        this.column = column;
        this.type = type;
        this.array = array;
    }

    /** The natural encoding of a FITS column. */
    public static CellEncoder natural(FitsColumn c) {
        SqlType t = switch (c.type()) {
            case 'L' -> SqlType.BOOLEAN;
            case 'X' -> SqlType.BYTEA;
            case 'A' -> SqlType.TEXT;
            case 'E', 'C' -> c.isScaled() ? SqlType.DOUBLE : SqlType.REAL;
            case 'D', 'M' -> SqlType.DOUBLE;
            case 'B' -> c.isScaled() ? SqlType.DOUBLE : SqlType.SMALLINT;
            case 'I' -> c.isScaled() ? SqlType.DOUBLE : c.zero() > 0 ? SqlType.INTEGER : SqlType.SMALLINT;
            case 'J' -> c.isScaled() ? SqlType.DOUBLE : c.zero() > 0 ? SqlType.BIGINT : SqlType.INTEGER;
            case 'K' -> c.isScaled() ? SqlType.DOUBLE : SqlType.BIGINT;
            default -> throw new IllegalArgumentException("unsupported TFORM type " + c.type());
        };
        boolean array = c.type() != 'X' && c.elements() != 1;
        return new CellEncoder(c, t, array);
    }

    /** Encodes the column as {@code type} (a scalar), e.g. a FITS 'B' ZWARN into smallint. */
    public static CellEncoder as(FitsColumn c, SqlType type) {
        if (c.elements() != 1 && c.type() != 'A') {
            throw new IllegalArgumentException(c.label() + " holds " + c.elements() + " values, not one");
        }
        return new CellEncoder(c, type, false);
    }

    public FitsColumn column() {
        return column;
    }

    /** SQL type of the target column, e.g. "real" or "double precision[]". */
    public String sqlType() {
        return array ? type.sql + "[]" : type.sql;
    }

    /** True when the value of this row is NULL (TNULL, NaN or a blank logical). */
    public boolean isNull(ByteBuffer row, int rowOffset) {
        return !array && column.type() != 'A' && column.type() != 'X' && column.isNull(row, rowOffset, 0);
    }

    /** Writes this row's value as one field. */
    public void write(PgBinaryCopyWriter out, ByteBuffer row, int rowOffset) throws SQLException {
        if (array) {
            writeArray(out, row, rowOffset);
        } else if (column.type() == 'X') {
            byte[] b = new byte[column.width()];
            row.get(rowOffset + column.offset(), b);
            out.writeBytes(b);
        } else if (column.isNull(row, rowOffset, 0)) {
            out.writeNull();
        } else {
            writeScalar(out, row, rowOffset, 0);
        }
    }

    private void writeScalar(PgBinaryCopyWriter out, ByteBuffer row, int off, int e) throws SQLException {
        switch (type) {
            case BOOLEAN -> out.writeBool(column.booleanValue(row, off, e));
            case TEXT -> out.writeAsciiText(row, column.stringStart(off, e), column.stringLength(row, off, e));
            case SMALLINT -> out.writeInt2((short) integral(row, off, e));
            case INTEGER -> out.writeInt4((int) integral(row, off, e));
            case BIGINT -> out.writeInt8(integral(row, off, e));
            case REAL -> out.writeFloat4((float) column.doubleValue(row, off, e));
            case DOUBLE -> out.writeFloat8(column.doubleValue(row, off, e));
            default -> throw new IllegalStateException(type.name());
        }
    }

    private long integral(ByteBuffer row, int off, int e) {
        return column.isInteger() ? column.longValue(row, off, e) : (long) column.doubleValue(row, off, e);
    }

    private void writeArray(PgBinaryCopyWriter out, ByteBuffer row, int off) throws SQLException {
        int n = column.elements();
        // a FITS byte that is not ASCII decodes to U+FFFD, 3 bytes in UTF-8: room for the worst case
        int max = n * (type == SqlType.TEXT ? 4 + 3 * column.elementSize() : 4 + type.size);
        if (scratch == null || scratch.capacity() < max) {
            scratch = ByteBuffer.allocate(max);
        }
        scratch.clear();
        boolean hasNull = false;
        for (int e = 0; e < n; e++) {
            if (type != SqlType.TEXT && column.isNull(row, off, e)) {
                scratch.putInt(-1);
                hasNull = true;
                continue;
            }
            switch (type) {
                case BOOLEAN -> scratch.putInt(1).put((byte) (column.booleanValue(row, off, e) ? 1 : 0));
                case SMALLINT -> scratch.putInt(2).putShort((short) integral(row, off, e));
                case INTEGER -> scratch.putInt(4).putInt((int) integral(row, off, e));
                case BIGINT -> scratch.putInt(8).putLong(integral(row, off, e));
                case REAL -> scratch.putInt(4).putFloat((float) column.doubleValue(row, off, e));
                case DOUBLE -> scratch.putInt(8).putDouble(column.doubleValue(row, off, e));
                case TEXT -> {
                    byte[] s = column.stringValue(row, off, e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    scratch.putInt(s.length).put(s);
                }
                default -> throw new IllegalStateException(type.name());
            }
        }
        out.writeArray(type.oid, n, hasNull, scratch.array(), scratch.position());
    }
}

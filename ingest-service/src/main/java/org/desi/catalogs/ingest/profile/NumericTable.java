package org.desi.catalogs.ingest.profile;

import java.io.Closeable;
import java.nio.file.Path;
import org.desi.catalogs.core.fits.BinaryTableLayout;
import org.desi.catalogs.core.fits.BinaryTableRows;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.fits.FitsFormatException;
import org.desi.catalogs.core.fits.FitsLayout;

/**
 * One BINTABLE of scalar numeric columns read row by row, the shape of every void-catalog HDU.
 * Column names are case-insensitive (DESIVAST writes upper case, VAST lower case); a NULL (TNULL or
 * NaN) or absent optional cell reads as NaN.
 */
final class NumericTable implements Closeable {

    private final BinaryTableLayout layout;
    private final BinaryTableRows rows;

    NumericTable(FitsLayout fits, String extname) {
        this.layout = BinaryTableLayout.of(fits.binaryTable(extname));
        this.rows = new BinaryTableRows(fits.path(), layout);
    }

    String name() {
        return layout.hdu().name();
    }

    long rowCount() {
        return layout.rowCount();
    }

    /** A required scalar numeric column, or a structural error naming the table and what it has. */
    FitsColumn require(String name) {
        return numeric(layout.require(name));
    }

    /** A scalar numeric column that older files may lack (null when absent). */
    FitsColumn optional(String name) {
        return layout.column(name).map(this::numeric).orElse(null);
    }

    private FitsColumn numeric(FitsColumn c) {
        if (!(c.isInteger() || c.isFloat()) || c.elements() != 1) {
            throw new FitsFormatException(layout.hdu().label() + " column " + c.label() + " must be a single number");
        }
        return c;
    }

    boolean next() {
        return rows.next();
    }

    long rowNumber() {
        return rows.rowNumber();
    }

    long bytesRead() {
        return rows.bytesRead();
    }

    /** The cell as a double; NaN when NULL or when the column is absent. */
    double value(FitsColumn c) {
        if (c == null || c.isNull(rows.buffer(), rows.rowOffset(), 0)) {
            return Double.NaN;
        }
        return c.doubleValue(rows.buffer(), rows.rowOffset(), 0);
    }

    /** An integer cell (ids, flags) or null when NULL, absent or not a whole number. */
    Long integer(FitsColumn c) {
        if (c == null || c.isNull(rows.buffer(), rows.rowOffset(), 0)) {
            return null;
        }
        if (c.isInteger() && !c.isScaled()) {
            return c.longValue(rows.buffer(), rows.rowOffset(), 0);
        }
        double v = c.doubleValue(rows.buffer(), rows.rowOffset(), 0);
        return Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 9.0e15 ? (long) v : null;
    }

    @Override
    public void close() {
        rows.close();
    }
}

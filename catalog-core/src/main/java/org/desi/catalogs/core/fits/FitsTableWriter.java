package org.desi.catalogs.core.fits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.NullDataHDU;

/**
 * Writes small FITS files with nom-tam-fits (in memory): a PRIMARY HDU with keywords and named
 * BINTABLE HDUs. For tests and the sample catalog; large benchmark files are written by a
 * streaming writer instead.
 */
public final class FitsTableWriter {

    private final Map<String, Object> primaryKeywords = new LinkedHashMap<>();
    private final List<Table> tables = new ArrayList<>();

    /** A table: column arrays (one Java array per column, all of the same length) with optional units. */
    public static final class Table {
        private final String extname;
        private final List<String> names = new ArrayList<>();
        private final List<Object> arrays = new ArrayList<>();
        private final List<String> units = new ArrayList<>();
        private final Map<String, Object> keywords = new LinkedHashMap<>();

        private Table(String extname) {
            this.extname = extname;
        }

        /** Adds a column: long[], int[], short[], byte[], float[], double[], boolean[], String[] or arrays of those. */
        public Table column(String name, Object array) {
            return column(name, array, null);
        }

        public Table column(String name, Object array, String unit) {
            names.add(name);
            arrays.add(array);
            units.add(unit);
            return this;
        }

        /** Adds a header keyword to this HDU (e.g. TNULL3 or TZERO2). */
        public Table keyword(String key, Object value) {
            keywords.put(key, value);
            return this;
        }
    }

    public FitsTableWriter primary(String key, Object value) {
        primaryKeywords.put(key, value);
        return this;
    }

    public Table table(String extname) {
        Table t = new Table(extname);
        tables.add(t);
        return t;
    }

    public void write(Path path) throws IOException {
        try (Fits fits = build()) {
            fits.write(path.toFile());
        } catch (FitsException e) {
            throw new IOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes the FITS file to a stream (left open), e.g. an HTTP response. */
    public void write(java.io.OutputStream out) throws IOException {
        try (Fits fits = build()) {
            nom.tam.util.FitsOutputStream fo = new nom.tam.util.FitsOutputStream(out);
            fits.write(fo);
            fo.flush();
        } catch (FitsException e) {
            throw new IOException("cannot write FITS: " + e.getMessage(), e);
        }
    }

    private Fits build() throws FitsException {
        Fits fits = new Fits();
        NullDataHDU primary = new NullDataHDU();
        for (Map.Entry<String, Object> e : primaryKeywords.entrySet()) {
            addValue(primary.getHeader(), e.getKey(), e.getValue());
        }
        fits.addHDU(primary);
        for (Table t : tables) {
            fits.addHDU(toHdu(t));
        }
        return fits;
    }

    private static BasicHDU<?> toHdu(Table t) throws FitsException {
        BinaryTable table = new BinaryTable();
        for (Object a : t.arrays) {
            table.addColumn(a);
        }
        BinaryTableHDU hdu = table.toHDU();
        Header h = hdu.getHeader();
        for (int i = 0; i < t.names.size(); i++) {
            hdu.setColumnName(i, t.names.get(i), null);
            if (t.units.get(i) != null) {
                h.addValue("TUNIT" + (i + 1), t.units.get(i), null);
            }
        }
        h.addValue("EXTNAME", t.extname, null);
        for (Map.Entry<String, Object> e : t.keywords.entrySet()) {
            addValue(h, e.getKey(), e.getValue());
        }
        return hdu;
    }

    private static void addValue(Header h, String key, Object value) throws FitsException {
        if (value instanceof Double d) {
            h.addValue(key, d, null);
        } else if (value instanceof Float f) {
            h.addValue(key, f.doubleValue(), null);
        } else if (value instanceof Long l) {
            h.addValue(key, l, null);
        } else if (value instanceof Integer i) {
            h.addValue(key, i, null);
        } else if (value instanceof Boolean b) {
            h.addValue(key, b, null);
        } else {
            h.addValue(key, String.valueOf(value), null);
        }
    }
}

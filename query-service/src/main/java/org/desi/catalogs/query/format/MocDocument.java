package org.desi.catalogs.query.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.sky.HealpixNested;

/**
 * An IVOA MOC 2.0 (space only, ICRS) as the two serializations TOPCAT, Aladin and STILTS read: FITS
 * (one 64-bit NUNIQ column) and JSON ({@code {"order": [cells...]}}).
 *
 * @param cellsByOrder element i: the cells of order i, ascending (a normalized MOC)
 */
public record MocDocument(List<long[]> cellsByOrder) {

    public int maxOrder() {
        return cellsByOrder.size() - 1;
    }

    /** The JSON serialization; the deepest order always appears (with [] when empty), as MOC 2.0 asks. */
    public String json() {
        StringBuilder s = new StringBuilder("{");
        boolean first = true;
        for (int o = 0; o <= maxOrder(); o++) {
            long[] cells = cellsByOrder.get(o);
            if (cells.length == 0 && o < maxOrder()) {
                continue;
            }
            s.append(first ? "" : ",").append('"').append(o).append("\":[");
            for (int i = 0; i < cells.length; i++) {
                s.append(i == 0 ? "" : ",").append(cells[i]);
            }
            s.append(']');
            first = false;
        }
        return s.append('}').toString();
    }

    public byte[] jsonBytes() {
        return json().getBytes(StandardCharsets.US_ASCII);
    }

    /** The FITS serialization: a BINTABLE with column UNIQ (K), sorted, and the MOC 2.0 keywords. */
    public void writeFits(OutputStream out) throws IOException {
        int n = 0;
        for (long[] cells : cellsByOrder) {
            n += cells.length;
        }
        long[] uniq = new long[n];
        int k = 0;
        for (int o = 0; o <= maxOrder(); o++) {
            for (long c : cellsByOrder.get(o)) {
                uniq[k++] = HealpixNested.nuniq(o, c);
            }
        }
        java.util.Arrays.sort(uniq);
        FitsTableWriter w = new FitsTableWriter();
        w.table("MOC").column("UNIQ", uniq)
                .keyword("MOCVERS", "2.0")
                .keyword("MOCDIM", "SPACE")
                .keyword("ORDERING", "NUNIQ")
                .keyword("COORDSYS", "C")
                .keyword("MOCORD_S", maxOrder())
                // MOC 1.x readers look for these
                .keyword("PIXTYPE", "HEALPIX")
                .keyword("MOCORDER", maxOrder())
                .keyword("MOCTOOL", "desi-catalogs query-service");
        w.write(out);
    }
}

package org.desi.catalogs.core.fits;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nom.tam.fits.Header;

/**
 * The columns of a BINTABLE HDU decoded from its header: TTYPE, TFORM, TUNIT, TSCAL, TZERO, TNULL,
 * TDIM. Column lookup by name is case-insensitive (VAST writes lower case, DESIVAST upper case).
 */
public final class BinaryTableLayout {

    private static final Pattern TFORM = Pattern.compile("^\\s*(\\d*)([LXBIJKAEDCMPQ])(.*)$");
    private static final Pattern TDIM = Pattern.compile("^\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)*\\)$");

    private final Hdu hdu;
    private final int rowBytes;
    private final long rowCount;
    private final List<FitsColumn> columns;
    private final Map<String, FitsColumn> byUpperName;

    private BinaryTableLayout(Hdu hdu, int rowBytes, long rowCount, List<FitsColumn> columns) {
        this.hdu = hdu;
        this.rowBytes = rowBytes;
        this.rowCount = rowCount;
        this.columns = Collections.unmodifiableList(columns);
        Map<String, FitsColumn> m = new HashMap<>();
        for (FitsColumn c : columns) {
            m.putIfAbsent(c.name().toUpperCase(Locale.ROOT), c);
        }
        this.byUpperName = m;
    }

    /** Decodes the column layout of a BINTABLE HDU; unsupported or inconsistent columns throw. */
    public static BinaryTableLayout of(Hdu hdu) {
        if (!hdu.isBinaryTable()) {
            throw new FitsFormatException(hdu.label() + " is " + hdu.kind() + ", not a BINTABLE");
        }
        Header h = hdu.header();
        int rowBytes = h.getIntValue("NAXIS1", 0);
        long rows = h.getLongValue("NAXIS2", 0);
        int fields = h.getIntValue("TFIELDS", 0);
        List<FitsColumn> cols = new ArrayList<>(fields);
        int offset = 0;
        for (int i = 1; i <= fields; i++) {
            String name = h.getStringValue("TTYPE" + i, "COL" + i).trim();
            String tform = h.getStringValue("TFORM" + i);
            if (tform == null) {
                throw new FitsFormatException(hdu.label() + " column " + i + " (" + name + ") has no TFORM" + i);
            }
            Matcher m = TFORM.matcher(tform.trim().toUpperCase(Locale.ROOT));
            if (!m.matches()) {
                throw new FitsFormatException(hdu.label() + " column " + name + " has an invalid TFORM" + i + " '" + tform + "'");
            }
            int repeat = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
            char type = m.group(2).charAt(0);
            if (type == 'P' || type == 'Q') {
                throw new FitsFormatException(hdu.label() + " column " + name + " is a variable-length array (TFORM "
                        + tform.trim() + "); only fixed-size columns are supported");
            }
            int width = switch (type) {
                case 'X' -> (repeat + 7) / 8;
                case 'L', 'B', 'A' -> repeat;
                case 'I' -> 2 * repeat;
                case 'J', 'E' -> 4 * repeat;
                case 'K', 'D', 'C' -> 8 * repeat;
                case 'M' -> 16 * repeat;
                default -> throw new IllegalStateException();
            };
            double scale = h.getDoubleValue("TSCAL" + i, 1.0);
            double zero = h.getDoubleValue("TZERO" + i, 0.0);
            Long tnull = h.containsKey("TNULL" + i) ? h.getLongValue("TNULL" + i) : null;
            String unit = h.containsKey("TUNIT" + i) ? h.getStringValue("TUNIT" + i).trim() : null;
            int strLen = repeat;
            if (type == 'A' && h.containsKey("TDIM" + i)) {
                Matcher d = TDIM.matcher(h.getStringValue("TDIM" + i).trim());
                if (d.matches()) {
                    int first = Integer.parseInt(d.group(1));
                    if (first > 0 && repeat % first == 0) {
                        strLen = first;
                    }
                }
            }
            if (strLen == 0) {
                strLen = 1;
            }
            cols.add(new FitsColumn(i - 1, name, type, repeat, offset, width, scale, zero, tnull,
                    unit == null || unit.isEmpty() ? null : unit, strLen));
            offset += width;
        }
        if (offset != rowBytes) {
            throw new FitsFormatException(hdu.label() + " declares NAXIS1 = " + rowBytes + " bytes per row but its "
                    + fields + " columns take " + offset + " bytes");
        }
        return new BinaryTableLayout(hdu, rowBytes, rows, cols);
    }

    public Hdu hdu() {
        return hdu;
    }

    /** Bytes per row (NAXIS1). */
    public int rowBytes() {
        return rowBytes;
    }

    /** Rows in the table (NAXIS2). */
    public long rowCount() {
        return rowCount;
    }

    public List<FitsColumn> columns() {
        return columns;
    }

    /** The column with this name, case-insensitive. */
    public Optional<FitsColumn> column(String name) {
        return Optional.ofNullable(byUpperName.get(name.toUpperCase(Locale.ROOT)));
    }

    /** The column with this name, or a {@link FitsFormatException} naming the table and its columns. */
    public FitsColumn require(String name) {
        return column(name).orElseThrow(() -> new FitsFormatException(hdu.label() + " has no column "
                + name.toUpperCase(Locale.ROOT) + " (it has " + columns.size() + " columns: "
                + abbreviatedNames() + ")"));
    }

    private String abbreviatedNames() {
        List<String> names = columns.stream().map(FitsColumn::name).toList();
        return names.size() <= 20 ? String.join(", ", names) : String.join(", ", names.subList(0, 20)) + ", ...";
    }
}

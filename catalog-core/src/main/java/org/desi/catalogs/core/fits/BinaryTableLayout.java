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
        String label = hdu.label();
        // the sizes were checked against each other and the file by FitsLayout; these are the table's own
        long naxis = FitsLayout.keyword(h, "NAXIS", label, 0);
        long bitpix = FitsLayout.keyword(h, "BITPIX", label, 8);
        if (naxis != 2 || bitpix != 8) {
            throw new FitsFormatException(label + ": a BINTABLE needs NAXIS = 2 and BITPIX = 8, it has NAXIS = " + naxis
                    + ", BITPIX = " + bitpix);
        }
        long naxis1 = FitsLayout.keyword(h, "NAXIS1", label, -1);
        if (naxis1 < 0 || naxis1 > Integer.MAX_VALUE) {
            throw new FitsFormatException(label + ": NAXIS1 = " + naxis1 + " bytes per row must be in 0.." + Integer.MAX_VALUE);
        }
        int rowBytes = (int) naxis1;
        long rows = FitsLayout.keyword(h, "NAXIS2", label, -1);
        if (rows < 0) {
            throw new FitsFormatException(label + ": NAXIS2 = " + rows + " rows must be >= 0");
        }
        long tfields = FitsLayout.keyword(h, "TFIELDS", label, -1);
        if (tfields < 0 || tfields > 999) {
            throw new FitsFormatException(label + ": TFIELDS = " + tfields + " must be in 0..999 (the FITS limit)");
        }
        int fields = (int) tfields;
        long pcount = FitsLayout.keyword(h, "PCOUNT", label, 0);
        if (h.containsKey("THEAP")) {
            long theap = FitsLayout.keyword(h, "THEAP", label, 0);
            long table = naxis1 * rows;   // no overflow: FitsLayout checked the product
            if (theap < table || theap > table + pcount) {
                throw new FitsFormatException(label + ": THEAP = " + theap + " must be in " + table + ".." + (table + pcount)
                        + " (after the NAXIS1 x NAXIS2 table, inside PCOUNT)");
            }
        }
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
            long repeatCount = m.group(1).isEmpty() ? 1 : parseRepeat(m.group(1), label, i);
            if (repeatCount > naxis1 * 8) {   // 8 bits per byte: no column type packs more into a row
                throw new FitsFormatException(label + ": TFORM" + i + " = '" + tform.trim() + "' repeats " + repeatCount
                        + " times, more than a row of NAXIS1 = " + naxis1 + " bytes can hold");
            }
            char type = m.group(2).charAt(0);
            if (type == 'P' || type == 'Q') {
                throw new FitsFormatException(hdu.label() + " column " + name + " is a variable-length array (TFORM "
                        + tform.trim() + "); only fixed-size columns are supported");
            }
            long columnBytes = switch (type) {
                case 'X' -> (repeatCount + 7) / 8;
                case 'L', 'B', 'A' -> repeatCount;
                case 'I' -> 2 * repeatCount;
                case 'J', 'E' -> 4 * repeatCount;
                case 'K', 'D', 'C' -> 8 * repeatCount;
                case 'M' -> 16 * repeatCount;
                default -> throw new IllegalStateException();
            };
            if (columnBytes > naxis1 - offset) {
                throw new FitsFormatException(label + ": TFORM" + i + " = '" + tform.trim() + "' (" + columnBytes
                        + " bytes) does not fit in NAXIS1 = " + naxis1 + " bytes per row after the " + offset
                        + " bytes of columns 1.." + (i - 1));
            }
            int repeat = (int) repeatCount;
            int width = (int) columnBytes;
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

    private static long parseRepeat(String digits, String label, int i) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new FitsFormatException(label + ": the repeat count of TFORM" + i + " (" + digits
                    + ") is not a usable number");
        }
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

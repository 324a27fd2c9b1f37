package org.desi.catalogs.query.format;

import java.util.Arrays;
import java.util.List;

/** RFC 4180 CSV: a header line of column names, NULL as an empty field, arrays as "[a, b]". */
public final class CsvWriter {

    private CsvWriter() {
    }

    public static String write(List<TableColumn> columns, List<Object[]> rows) {
        StringBuilder s = new StringBuilder(64 + rows.size() * 32).append(header(columns));
        for (Object[] r : rows) {
            row(s, r);
        }
        return s.toString();
    }

    /** The header line. */
    public static String header(List<TableColumn> columns) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            s.append(i == 0 ? "" : ",").append(field(columns.get(i).name()));
        }
        return s.append('\n').toString();
    }

    /** One line. */
    public static void row(StringBuilder s, Object[] r) {
        for (int i = 0; i < r.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            if (r[i] != null) {
                s.append(field(r[i] instanceof Object[] arr ? Arrays.toString(arr) : r[i].toString()));
            }
        }
        s.append('\n');
    }

    private static String field(String text) {
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}

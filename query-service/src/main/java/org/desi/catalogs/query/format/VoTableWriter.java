package org.desi.catalogs.query.format;

import java.util.List;
import java.util.Map;

/**
 * VOTable 1.4 (IVOA; its namespace is still .../VOTable/v1.3, as the standard keeps it) with TABLEDATA: one RESOURCE type="results" holding an INFO QUERY_STATUS, the
 * query's parameters as INFOs, and one TABLE whose FIELDs carry datatype, unit and UCD. NULL cells
 * are empty TDs (how TABLEDATA writes nulls). Errors are a VOTable with QUERY_STATUS="ERROR".
 */
public final class VoTableWriter {

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";

    private VoTableWriter() {
    }

    /**
     * @param infos    name -> value, written as INFO elements (query parameters, truncation, cursor)
     */
    public static String write(String tableName, String description, List<TableColumn> columns, List<Object[]> rows,
                               Map<String, String> infos) {
        StringBuilder s = new StringBuilder(1024 + rows.size() * 64 * Math.max(1, columns.size() / 4));
        s.append(start(tableName, description, columns, infos, rows.size()));
        for (Object[] r : rows) {
            row(s, r);
        }
        return s.append(end(Map.of())).toString();
    }

    /** Everything up to the first row; {@code nrows} < 0 when unknown (streamed tables). */
    public static String start(String tableName, String description, List<TableColumn> columns,
                               Map<String, String> infos, long nrows) {
        return start(tableName, description, columns, infos, nrows, false);
    }

    /** As {@link #start(String, String, List, Map, long)}, opening a BINARY2 stream when {@code binary2}. */
    public static String start(String tableName, String description, List<TableColumn> columns,
                               Map<String, String> infos, long nrows, boolean binary2) {
        StringBuilder s = new StringBuilder(2048);
        s.append(HEAD).append("<RESOURCE type=\"results\">\n");
        if (description != null) {
            s.append("<DESCRIPTION>").append(xml(description)).append("</DESCRIPTION>\n");
        }
        s.append("<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n");
        infos.forEach((k, v) -> s.append("<INFO name=\"").append(xml(k)).append("\" value=\"").append(xml(v))
                .append("\"/>\n"));
        s.append("<COOSYS ID=\"icrs\" system=\"ICRS\"/>\n");
        s.append("<TABLE name=\"").append(xml(tableName)).append('"');
        if (nrows >= 0) {
            s.append(" nrows=\"").append(nrows).append('"');
        }
        s.append(">\n");
        for (TableColumn c : columns) {
            String[] type = datatype(c.sqlType());
            s.append("<FIELD name=\"").append(xml(c.name())).append("\" ID=\"").append(xml(c.name()))
                    .append("\" datatype=\"").append(type[0]).append('"');
            if (type[1] != null) {
                s.append(" arraysize=\"").append(type[1]).append('"');
            }
            if (c.xtype() != null && !c.xtype().isBlank()) {
                s.append(" xtype=\"").append(xml(c.xtype())).append('"');
            }
            if (c.unit() != null && !c.unit().isBlank()) {
                s.append(" unit=\"").append(xml(c.unit())).append('"');
            }
            if (c.ucd() != null) {
                s.append(" ucd=\"").append(xml(c.ucd())).append('"');
            }
            if (c.ucd() != null && (c.ucd().startsWith("pos.eq") || c.ucd().startsWith("POS_EQ"))) {
                s.append(" ref=\"icrs\"");
            }
            if (c.description() != null && !c.description().isBlank()) {
                s.append("><DESCRIPTION>").append(xml(c.description())).append("</DESCRIPTION></FIELD>\n");
            } else {
                s.append("/>\n");
            }
        }
        return s.append(binary2 ? "<DATA><BINARY2><STREAM encoding=\"base64\">\n" : "<DATA><TABLEDATA>\n").toString();
    }

    /** One TR. */
    public static void row(StringBuilder s, Object[] r) {
        s.append("<TR>");
        for (Object v : r) {
            if (v == null) {
                s.append("<TD/>");
            } else {
                s.append("<TD>").append(xml(cell(v))).append("</TD>");
            }
        }
        s.append("</TR>\n");
    }

    /** Closes the table; {@code trailingInfos} (e.g. TRUNCATED of a streamed table) follow it. */
    public static String end(Map<String, String> trailingInfos) {
        return end(trailingInfos, false);
    }

    /** As {@link #end(Map)}, closing a BINARY2 stream when {@code binary2}. */
    public static String end(Map<String, String> trailingInfos, boolean binary2) {
        StringBuilder s = new StringBuilder(binary2 ? "</STREAM></BINARY2></DATA>\n</TABLE>\n"
                : "</TABLEDATA></DATA>\n</TABLE>\n");
        trailingInfos.forEach((k, v) -> s.append("<INFO name=\"").append(xml(k)).append("\" value=\"").append(xml(v))
                .append("\"/>\n"));
        return s.append("</RESOURCE>\n</VOTABLE>\n").toString();
    }

    /**
     * Closes a table whose stream failed after it began: the rows sent so far stay, and a trailing
     * INFO QUERY_STATUS = ERROR (DALI) says the table is incomplete and why, so no reader mistakes a
     * cut-off stream for the whole answer.
     */
    public static String endWithError(String message) {
        return endWithError(message, false);
    }

    /** As {@link #endWithError(String)}, closing a BINARY2 stream when {@code binary2}. */
    public static String endWithError(String message, boolean binary2) {
        return (binary2 ? "</STREAM></BINARY2></DATA>\n</TABLE>\n" : "</TABLEDATA></DATA>\n</TABLE>\n")
                + "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">" + xml(message)
                + "</INFO>\n</RESOURCE>\n</VOTABLE>\n";
    }

    /** The VOTable error document (Simple Cone Search 1.03 and DALI): QUERY_STATUS ERROR plus an Error INFO. */
    public static String error(String message) {
        return HEAD + "<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"ERROR\">" + xml(message)
                + "</INFO>\n<INFO name=\"Error\" value=\"" + xml(message) + "\"/>\n</RESOURCE>\n</VOTABLE>\n";
    }

    /** {datatype, arraysize} for a PostgreSQL type. */
    public static String[] datatype(String sqlType) {
        boolean array = sqlType.endsWith("[]");
        String base = array ? sqlType.substring(0, sqlType.length() - 2) : sqlType;
        String dt = switch (base) {
            case "smallint" -> "short";
            case "integer" -> "int";
            case "bigint" -> "long";
            case "real" -> "float";
            case "double precision" -> "double";
            case "boolean" -> "boolean";
            case "bytea" -> "unsignedByte";
            default -> "char";
        };
        return new String[] {dt, array || dt.equals("char") || dt.equals("unsignedByte") ? "*" : null};
    }

    private static String cell(Object v) {
        if (v instanceof Object[] arr) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < arr.length; i++) {
                s.append(i == 0 ? "" : " ").append(arr[i] == null ? "NaN" : arr[i].toString());
            }
            return s.toString();
        }
        if (v instanceof Double d && d.isNaN() || v instanceof Float f && f.isNaN()) {
            return "NaN";
        }
        return v.toString();
    }

    /** Escapes text for XML content and attributes (and drops the control characters XML 1.0 forbids). */
    public static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}

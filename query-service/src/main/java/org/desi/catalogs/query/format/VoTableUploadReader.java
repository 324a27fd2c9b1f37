package org.desi.catalogs.query.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.desi.catalogs.query.adql.AdqlException;
import org.desi.catalogs.query.adql.TapColumn;
import org.desi.catalogs.query.adql.TapUpload;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.TableFormatException;
import uk.ac.starlink.table.TableSink;
import uk.ac.starlink.votable.VOTableBuilder;

/**
 * Reads a client's uploaded VOTable (TAP UPLOAD) with STIL, in any serialization STIL reads (TABLEDATA,
 * BINARY, BINARY2, FITS), streaming its rows into one list per column and stopping at the row limit.
 * Scalar columns keep their type; strings and chars become text; array-valued columns are refused.
 *
 * <p>The bytes come from anyone who can reach the service, and a VOTable can point elsewhere: a DOCTYPE can
 * declare entities that read local files or URLs, and a {@code STREAM href} makes a reader fetch its data
 * from a URL or a file. A first pass with the JDK's parser, which resolves nothing, refuses both before STIL
 * reads the table (no VOTable writer in use emits either).
 */
public final class VoTableUploadReader {

    /** Where the upload's bytes are, readable twice (the safety pass, then STIL). */
    @FunctionalInterface
    public interface Bytes {
        InputStream open() throws IOException;
    }

    private VoTableUploadReader() {
    }

    /**
     * @param name    the table's name in ADQL (after {@code TAP_UPLOAD.})
     * @param maxRows most rows accepted; more is an error naming the limit
     * @throws AdqlException when the bytes are not a VOTable, point outside themselves, a column has a type
     *                       the query cannot use, or the table is too long
     */
    public static TapUpload read(String name, Bytes bytes, int maxRows) {
        refuseOutsideReferences(name, bytes);
        ColumnSink sink = new ColumnSink(name, maxRows);
        try (InputStream in = bytes.open()) {
            new VOTableBuilder().streamStarTable(in, sink, null);
        } catch (TableFormatException e) {
            throw failure(name, e, "is not a VOTable STIL can read: ");
        } catch (IOException | RuntimeException e) {
            throw failure(name, e, "cannot be read as a VOTable: ");
        }
        if (sink.columns == null) {
            throw new AdqlException("UPLOAD table '" + name + "' holds no TABLE");
        }
        return sink.upload();
    }

    /** Our own refusals (the sink's) pass through STIL's wrapping; anything else is named as a format error. */
    private static AdqlException failure(String name, Exception e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AdqlException a) {
                return a;
            }
            if (t instanceof TooManyRows tooMany) {
                return new AdqlException("UPLOAD table '" + name + "' has more than " + tooMany.maxRows + " rows, this"
                        + " service's limit (DESI_QUERY_TAP_UPLOAD_MAX_ROWS): send fewer rows, or split it into several"
                        + " queries");
            }
        }
        return new AdqlException("UPLOAD table '" + name + "' " + what + e.getMessage());
    }

    /** The first pass: well-formed XML with no DOCTYPE and no STREAM that points elsewhere. */
    private static void refuseOutsideReferences(String name, Bytes bytes) {
        try (InputStream in = bytes.open()) {
            javax.xml.parsers.SAXParserFactory f = javax.xml.parsers.SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.newSAXParser().parse(in, new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void startElement(String uri, String local, String qName, org.xml.sax.Attributes a)
                        throws org.xml.sax.SAXException {
                    if (local.equals("STREAM") && a.getValue("href") != null) {
                        throw new org.xml.sax.SAXException("its data is a STREAM href=\"" + a.getValue("href")
                                + "\": send the rows inside the VOTable (TABLEDATA, BINARY or BINARY2)");
                    }
                }
            });
        } catch (org.xml.sax.SAXException e) {
            String why = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "declares a DOCTYPE, which this service does not read (VOTable 1.1 and later need none)"
                    : "is refused: " + e.getMessage();
            throw new AdqlException("UPLOAD table '" + name + "' " + why);
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's SAX parser supports these features", e);
        } catch (IOException e) {
            throw new AdqlException("UPLOAD table '" + name + "' cannot be read: " + e.getMessage());
        }
    }

    /** Thrown from the sink to stop reading: the table is longer than allowed. */
    private static final class TooManyRows extends IOException {
        final int maxRows;

        TooManyRows(int maxRows) {
            super("more than " + maxRows + " rows");
            this.maxRows = maxRows;
        }
    }

    /** How one VOTable column travels: its VOTable datatype, PostgreSQL array type and Java element type. */
    private enum Kind {
        BOOLEAN("boolean", "bool[]", Boolean.class),
        SHORT("short", "int2[]", Short.class),
        INT("int", "int4[]", Integer.class),
        LONG("long", "int8[]", Long.class),
        FLOAT("float", "float4[]", Float.class),
        DOUBLE("double", "float8[]", Double.class),
        TEXT("char", "text[]", String.class);

        final String datatype;
        final String sqlType;
        final Class<?> element;

        Kind(String datatype, String sqlType, Class<?> element) {
            this.datatype = datatype;
            this.sqlType = sqlType;
            this.element = element;
        }

        static Kind of(ColumnInfo c, String table) {
            Class<?> k = c.getContentClass();
            if (k == Boolean.class) {
                return BOOLEAN;
            } else if (k == Byte.class || k == Short.class) {
                return SHORT;
            } else if (k == Integer.class) {
                return INT;
            } else if (k == Long.class) {
                return LONG;
            } else if (k == Float.class) {
                return FLOAT;
            } else if (k == Double.class) {
                return DOUBLE;
            } else if (k == String.class || k == Character.class) {
                return TEXT;
            }
            throw new AdqlException("UPLOAD table '" + table + "' column '" + c.getName() + "' holds "
                    + k.getSimpleName() + " values: uploaded columns must be scalars (boolean, short, int, long, float,"
                    + " double) or strings");
        }

        /** The value as the element type PostgreSQL's array expects (NaN, null and strings pass as they are). */
        Object convert(Object v) {
            if (v == null) {
                return null;
            }
            return switch (this) {
                case SHORT -> ((Number) v).shortValue();
                case TEXT -> v.toString();
                default -> v;
            };
        }
    }

    /** Collects the table column by column; metadata first, then the rows as they stream past. */
    private static final class ColumnSink implements TableSink {
        private final String table;
        private final int maxRows;
        private List<TapColumn> columns;
        private Kind[] kinds;
        private List<List<Object>> values;
        private int rows;

        ColumnSink(String table, int maxRows) {
            this.table = table;
            this.maxRows = maxRows;
        }

        @Override
        public void acceptMetadata(StarTable meta) {
            int n = meta.getColumnCount();
            if (n == 0) {
                throw new AdqlException("UPLOAD table '" + table + "' has no columns");
            }
            columns = new ArrayList<>(n);
            kinds = new Kind[n];
            values = new ArrayList<>(n);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                ColumnInfo c = meta.getColumnInfo(i);
                String name = c.getName() == null ? "" : c.getName().trim();
                if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
                    throw new AdqlException("UPLOAD table '" + table + "' column " + (i + 1) + " has no usable name"
                            + " (a FIELD needs a name without control characters)");
                }
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw new AdqlException("UPLOAD table '" + table + "' has two columns named '" + name
                            + "' (names must differ, ignoring case)");
                }
                kinds[i] = Kind.of(c, table);
                boolean regular = name.matches("[A-Za-z][A-Za-z0-9_]*");
                columns.add(new TapColumn(name, kinds[i].datatype, kinds[i] == Kind.TEXT ? "*" : null, c.getUnitString(),
                        c.getUCD(), c.getDescription(), true, false,
                        regular ? name : '"' + name.replace("\"", "\"\"") + '"', c.getXtype()));
                values.add(new ArrayList<>());
            }
        }

        @Override
        public void acceptRow(Object[] row) throws IOException {
            if (++rows > maxRows) {
                throw new TooManyRows(maxRows);
            }
            for (int i = 0; i < kinds.length; i++) {
                values.get(i).add(kinds[i].convert(row[i]));
            }
        }

        @Override
        public void endRows() {
            // every row is in the lists already
        }

        TapUpload upload() {
            List<String> sqlTypes = new ArrayList<>(kinds.length);
            List<Object[]> arrays = new ArrayList<>(kinds.length);
            for (int i = 0; i < kinds.length; i++) {
                sqlTypes.add(kinds[i].sqlType);
                List<Object> v = values.get(i);
                arrays.add(v.toArray((Object[]) java.lang.reflect.Array.newInstance(kinds[i].element, v.size())));
            }
            return new TapUpload(table, List.copyOf(columns), List.copyOf(sqlTypes), arrays, rows);
        }
    }
}

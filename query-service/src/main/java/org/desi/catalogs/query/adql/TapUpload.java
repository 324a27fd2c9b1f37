package org.desi.catalogs.query.adql;

import java.util.List;
import java.util.StringJoiner;
import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

/**
 * A table a client sent with its query (TAP UPLOAD), held in memory column by column for that one query.
 * ADQL names it {@code TAP_UPLOAD.<name>}; the SQL reads it as {@code unnest} of one array parameter per
 * column, so it needs no table, no write and no privilege in the read-only transaction it is joined in.
 *
 * @param name      the table's name after {@code TAP_UPLOAD.}
 * @param columns   its columns as TAP describes them (name, VOTable datatype, unit, UCD, description)
 * @param sqlTypes  the PostgreSQL array type each column travels as ({@code float8[]}, {@code text[]}, ...)
 * @param values    each column's values, an array of the Java type the client binds to that array type
 * @param rowCount  rows in the table
 */
public record TapUpload(String name, List<TapColumn> columns, List<String> sqlTypes, List<Object[]> values,
                        int rowCount) {

    public static final String SCHEMA = "TAP_UPLOAD";

    /** The table as ADQL sees it (not listed in TAP_SCHEMA: it exists only for the query that sent it). */
    public TapTable table() {
        return new TapTable(SCHEMA + "." + name, SCHEMA + "." + quote(name), columns, null, null, null, 0);
    }

    /**
     * A sub-select yielding the rows: {@code (SELECT * FROM unnest($3::float8[], $4::text[]) AS u("ra", "name"))}.
     * Each column's array is appended to {@code params}, numbered after what is there.
     */
    String fromSql(List<Object> params) {
        StringJoiner arrays = new StringJoiner(", ");
        StringJoiner names = new StringJoiner(", ");
        for (int i = 0; i < columns.size(); i++) {
            params.add(values.get(i));
            arrays.add("$" + params.size() + "::" + sqlTypes.get(i));
            names.add(quote(columns.get(i).name()));
        }
        return "(SELECT * FROM unnest(" + arrays + ") AS u(" + names + "))";
    }
}

package org.desi.catalogs.service.sql;

/** SQL identifiers built from registry names: always double-quoted, so no name is ever read as SQL. */
public final class SqlIdentifiers {

    private SqlIdentifiers() {
    }

    /** {@code "name"} with embedded quotes doubled. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}

package org.desi.catalogs.ingest.copy;

/** The PostgreSQL column types FITS cells are loaded into, with their type OIDs for binary arrays. */
public enum SqlType {
    BOOLEAN("boolean", 16, 1),
    SMALLINT("smallint", 21, 2),
    INTEGER("integer", 23, 4),
    BIGINT("bigint", 20, 8),
    REAL("real", 700, 4),
    DOUBLE("double precision", 701, 8),
    TEXT("text", 25, -1),
    BYTEA("bytea", 17, -1);

    public final String sql;
    public final int oid;
    public final int size;

    SqlType(String sql, int oid, int size) {
        this.sql = sql;
        this.oid = oid;
        this.size = size;
    }
}

package org.desi.catalogs.query.adql;

import java.util.List;

/**
 * ADQL translated to PostgreSQL.
 *
 * @param sql     the SQL, with {@code $n} parameters for the string literals
 * @param params  values of those parameters
 * @param columns the result columns in order: registry metadata where a column is selected as is,
 *                null metadata where it is computed (its type then comes from PostgreSQL)
 * @param limit   rows the SQL returns at most (TOP, capped at MAXREC + 1 to detect an overflow)
 * @param indexBoundCone one table read through its (zone, ra) index for a constant cone every row must be in:
 *                the plan is that index whatever the numbers, so it may run with a generic plan (the cone pool)
 */
public record TranslatedQuery(String sql, List<Object> params, List<OutputColumn> columns, long limit,
                              boolean indexBoundCone) {

    /** A result column: its name in the output and what is known about it (null: computed). */
    public record OutputColumn(String name, TapColumn source) {
    }
}

package org.desi.catalogs.query.search;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.query.repository.CatalogRepository;
import org.desi.catalogs.service.problem.ApiProblemException;
import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

/**
 * One row of a catalog by the value of its id column (TARGETID, a generic catalog's idColumn or its
 * {@code object_id}): the row as column name (lower case) -> value, SQL NULL as null, arrays as arrays.
 */
@ApplicationScoped
public class ObjectLookup {

    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");
    private static final Set<String> REAL_TYPES = Set.of("real", "double precision");

    private final CatalogRepository catalogs;
    private final Pool pool;

    public ObjectLookup(CatalogRepository catalogs, Pool pool) {
        this.catalogs = catalogs;
        this.pool = pool;
    }

    /** The row whose id column equals {@code idText}, or a 404 (unknown catalog or id) / 400 (id of the wrong type). */
    public Uni<Map<String, Object>> find(String catalog, String idText) {
        return catalogs.requireForQuery(catalog).flatMap(cat -> {
            Object id = parseId(cat, idText);
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < cat.columns().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(quote(cat.columns().get(i).name()));
            }
            sql.append(" FROM ").append(cat.tableName()).append(" WHERE ").append(quote(cat.idColumn())).append(" = $1");
            Tuple params = Tuple.of(id);
            if (cat.sharedTable()) {
                sql.append(" AND catalog_id = $2");
                params.addInteger(cat.catalogId());
            }
            // two rows would mean the id is not unique in this catalog: say so rather than pick one
            sql.append(" LIMIT 2");
            return pool.preparedQuery(sql.toString()).execute(params).map(rows -> toMap(cat, idText, rows));
        });
    }

    private static Map<String, Object> toMap(CatalogInfo cat, String idText, RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw ApiProblemException.notFound("catalog " + cat.name() + " has no row whose " + cat.idColumn() + " is "
                    + idText);
        }
        if (rows.size() > 1) {
            throw new ApiProblemException(409, "catalog " + cat.name() + " has more than one row whose " + cat.idColumn()
                    + " is " + idText + " (" + cat.idColumn() + " does not identify a row in this catalog)");
        }
        Row r = rows.iterator().next();
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < cat.columns().size(); i++) {
            out.put(cat.columns().get(i).name().toLowerCase(Locale.ROOT), r.getValue(i));
        }
        return out;
    }

    /** The id as the id column's SQL type wants it; a 400 naming the type and its range otherwise. */
    static Object parseId(CatalogInfo cat, String idText) {
        CatalogInfo.Column col = cat.column(cat.idColumn());
        String type = col == null ? "text" : col.type();
        try {
            if (INTEGER_TYPES.contains(type)) {
                long v = Long.parseLong(idText.strip());
                long min = type.equals("smallint") ? Short.MIN_VALUE : type.equals("integer") ? Integer.MIN_VALUE : Long.MIN_VALUE;
                long max = type.equals("smallint") ? Short.MAX_VALUE : type.equals("integer") ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (v < min || v > max) {
                    throw new NumberFormatException();
                }
                return type.equals("bigint") ? (Object) v : (Object) (int) v;
            }
            if (REAL_TYPES.contains(type)) {
                return Double.parseDouble(idText.strip());
            }
        } catch (NumberFormatException e) {
            throw ApiProblemException.badRequest("id '" + idText + "' is not a valid " + cat.idColumn() + ": catalog "
                    + cat.name() + " identifies rows by " + cat.idColumn() + " (" + type + rangeOf(type) + ")");
        }
        return idText;
    }

    private static String rangeOf(String type) {
        return switch (type) {
            case "smallint" -> ", an integer from -32768 to 32767";
            case "integer" -> ", an integer from -2147483648 to 2147483647";
            case "bigint" -> ", an integer from -9223372036854775808 to 9223372036854775807";
            default -> ", a number";
        };
    }
}

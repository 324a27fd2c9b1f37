package org.desi.catalogs.query.format;

import io.smallrye.mutiny.Multi;
import java.util.LinkedHashMap;
import java.util.Map;
import org.desi.catalogs.query.search.TapQueryRunner;

/**
 * A TAP result as the chunks of its document (VOTable TABLEDATA or CSV), streamed as the rows arrive
 * ({@link TableStream}); the sync endpoint sends them, an async job writes them to its result file. A
 * MAXREC overflow is said at the end (DALI: a trailing QUERY_STATUS=OVERFLOW INFO).
 */
public final class TapResultDocument {

    private TapResultDocument() {
    }

    public static Multi<String> body(TapQueryRunner.Result r, TableStream.Serialization format, String adql) {
        Map<String, String> infos = new LinkedHashMap<>();
        infos.put("QUERY", adql);
        String head = format == TableStream.Serialization.CSV ? CsvWriter.header(r.columns())
                : VoTableWriter.start("result", "TAP query result", r.columns(), infos, -1,
                format == TableStream.Serialization.BINARY2);
        return TableStream.of(head, r.columns(), r.rows(), format, "the query", TapResultDocument::reason,
                () -> r.overflow().get() ? Map.of("QUERY_STATUS", "OVERFLOW") : Map.of());
    }

    /** HTTP status for a query that failed before any row: the query's fault (400) or the service's (500). */
    public static int status(Throwable e) {
        if (e instanceof io.vertx.pgclient.PgException pg) {
            String state = pg.getSqlState();
            return state != null && (state.equals("57014") || state.startsWith("22") || state.startsWith("42"))
                    ? 400 : 500;
        }
        return 500;
    }

    /** What to tell the user about a failed query. */
    public static String reason(Throwable e) {
        if (e instanceof io.vertx.pgclient.PgException pg) {
            if ("57014".equals(pg.getSqlState())) {
                return "the query ran longer than this service allows (DESI_QUERY_STATEMENT_TIMEOUT_MS) and was"
                        + " cancelled; ask for less (TOP, a smaller region)";
            }
            // data errors (division by zero, a bad cast) are the query's: name them as PostgreSQL does
            return "the query failed in the database: " + pg.getErrorMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

package org.desi.catalogs.query.format;

import io.smallrye.mutiny.Multi;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.desi.catalogs.query.search.TapQueryRunner;

/**
 * A TAP result as the chunks of its document (VOTable TABLEDATA or CSV), streamed as the rows arrive;
 * the sync endpoint sends them, an async job writes them to its result file. A failure after the
 * first rows and a MAXREC overflow are said at the end (DALI: trailing QUERY_STATUS INFO).
 */
public final class TapResultDocument {

    private static final int ROWS_PER_CHUNK = 1000;

    private TapResultDocument() {
    }

    public static Multi<String> body(TapQueryRunner.Result r, boolean csv, String adql) {
        Map<String, String> infos = new LinkedHashMap<>();
        infos.put("QUERY", adql);
        String head = csv ? CsvWriter.header(r.columns()) : VoTableWriter.start("result", "TAP query result",
                r.columns(), infos, -1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicLong sent = new AtomicLong();
        Multi<String> rows = r.rows().group().intoLists().of(ROWS_PER_CHUNK).map(chunk -> {
            StringBuilder b = new StringBuilder(chunk.size() * 96);
            for (Object[] row : chunk) {
                if (csv) {
                    CsvWriter.row(b, row);
                } else {
                    VoTableWriter.row(b, row);
                }
            }
            sent.addAndGet(chunk.size());
            return b.toString();
        }).onFailure().invoke(failed::set).onFailure().recoverWithCompletion();
        Multi<String> tail = Multi.createFrom().deferred(() -> {
            Throwable e = failed.get();
            if (e != null) {
                String why = "the query failed after " + sent.get() + " rows; the result is incomplete: " + reason(e);
                return Multi.createFrom().item(csv ? "# ERROR: " + why + "\n" : VoTableWriter.endWithError(why));
            }
            if (csv) {
                return Multi.createFrom().empty();
            }
            return Multi.createFrom().item(r.overflow().get() ? VoTableWriter.end(Map.of("QUERY_STATUS", "OVERFLOW"))
                    : VoTableWriter.end(Map.of()));
        });
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(head), rows, tail)
                .filter(x -> !x.isEmpty());
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

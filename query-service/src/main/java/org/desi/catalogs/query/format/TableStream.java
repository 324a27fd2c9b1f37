package org.desi.catalogs.query.format;

import io.smallrye.mutiny.Multi;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A CSV or VOTable document as chunks, written while its rows arrive (the /export and TAP streams).
 * The status line leaves with the first chunk, so what happens after it is said at the end of the
 * document: a failure as a trailing {@code QUERY_STATUS=ERROR} INFO (CSV: a {@code # ERROR} line), and
 * the trailing INFOs the caller knows only once the rows are consumed (TRUNCATED, OVERFLOW).
 */
public final class TableStream {

    private static final int ROWS_PER_CHUNK = 1000;

    /** How the rows are written: CSV lines, VOTable TABLEDATA, or VOTable BINARY2 (base64). */
    public enum Serialization { CSV, TABLEDATA, BINARY2 }

    private TableStream() {
    }

    /**
     * @param head      everything before the first row (CSV header, or VOTable up to TABLEDATA / STREAM)
     * @param columns   the result's columns (BINARY2 encodes each cell by its FIELD's datatype)
     * @param whatFailed how a failure message starts, e.g. "the export" ("... failed after N rows")
     * @param reason    what to tell about a failure
     * @param trailer   VOTable INFOs after the table, asked once the rows are consumed
     */
    public static Multi<String> of(String head, List<TableColumn> columns, Multi<Object[]> rows, Serialization format,
                                   String whatFailed, Function<Throwable, String> reason,
                                   Supplier<Map<String, String>> trailer) {
        boolean csv = format == Serialization.CSV;
        boolean binary2 = format == Serialization.BINARY2;
        VoTableBinary2 encoder = binary2 ? new VoTableBinary2(columns) : null;
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicLong sent = new AtomicLong();
        Multi<String> body = rows.group().intoLists().of(ROWS_PER_CHUNK).map(chunk -> {
            if (binary2) {
                sent.addAndGet(chunk.size());
                return encoder.rows(chunk);
            }
            StringBuilder b = new StringBuilder(chunk.size() * 96);
            for (Object[] r : chunk) {
                if (csv) {
                    CsvWriter.row(b, r);
                } else {
                    VoTableWriter.row(b, r);
                }
            }
            sent.addAndGet(chunk.size());
            return b.toString();
        }).onFailure().invoke(failed::set).onFailure().recoverWithCompletion();
        Multi<String> tail = Multi.createFrom().deferred(() -> {
            Throwable e = failed.get();
            if (e != null) {
                String why = whatFailed + " failed after " + sent.get() + " rows and is incomplete: " + reason.apply(e);
                return Multi.createFrom().item(csv ? "# ERROR: " + why + "\n"
                        : (binary2 ? encoder.finish() : "") + VoTableWriter.endWithError(why, binary2));
            }
            return csv ? Multi.createFrom().empty() : Multi.createFrom().item(
                    (binary2 ? encoder.finish() : "") + VoTableWriter.end(trailer.get(), binary2));
        });
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(head), body, tail)
                .filter(x -> !x.isEmpty());
    }
}

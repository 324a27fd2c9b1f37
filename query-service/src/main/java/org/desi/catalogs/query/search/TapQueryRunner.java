package org.desi.catalogs.query.search;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mutiny.sqlclient.desc.ColumnDescriptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.desi.catalogs.query.adql.TranslatedQuery;
import org.desi.catalogs.query.format.TableColumn;

/**
 * Runs a translated ADQL query through a PostgreSQL cursor inside a transaction (as the read-only
 * role, under the statement timeout): the result's columns are known from the first fetch, and the
 * rows stream out batch by batch, never held all at once.
 */
@ApplicationScoped
public class TapQueryRunner {

    /**
     * Columns, the rows as they come, and whether MAXREC cut the result (known once the rows are consumed);
     * {@code complete}: every row is already in memory (one fetch), no connection is held.
     */
    public record Result(List<TableColumn> columns, Multi<Object[]> rows, AtomicBoolean overflow, boolean complete) {
    }

    private final Pool pool;
    private final ConePool conePool;

    public TapQueryRunner(Pool pool, ConePool conePool) {
        this.pool = pool;
        this.conePool = conePool;
    }

    public Uni<Result> run(TranslatedQuery q, long maxRec, int fetchRows) {
        if (q.limit() <= fetchRows) {
            // TOP n with n small (a cone, a look at a table): one round trip, no transaction or cursor; the
            // LIMIT bounds the memory. A cone of one table has one plan whatever its numbers: the cone pool's.
            Tuple params = Tuple.from(q.params());
            return (q.indexBoundCone() ? conePool.execute(q.sql(), params) : pool.preparedQuery(q.sql()).execute(params))
                    .map(rows -> result(q, maxRec, fetchRows, null, null, null, rows));
        }
        return streamed(q, maxRec, fetchRows);
    }

    /**
     * A result read through a cursor in a read-only transaction. When the first fetch holds every row, the
     * connection goes back to the pool at once; otherwise the cursor holds it until the rows are consumed or
     * the response is cancelled (a client that vanishes before the stream starts is covered by
     * idle_in_transaction_session_timeout). The query runs once either way (it used to run a second time for a
     * result larger than one fetch: twice the database's work for a large TAP join).
     */
    private Uni<Result> streamed(TranslatedQuery q, long maxRec, int fetchRows) {
        return pool.getConnection().flatMap(conn -> {
            AtomicReference<Transaction> txRef = new AtomicReference<>();
            return conn.begin().invoke(txRef::set)
                    .flatMap(tx -> conn.prepare(q.sql()))
                    .flatMap(ps -> {
                        Cursor cursor = ps.cursor(Tuple.from(q.params()));
                        return cursor.read(fetchRows).flatMap(first -> cursor.hasMore()
                                ? Uni.createFrom().item(result(q, maxRec, fetchRows, conn, txRef.get(), cursor, first))
                                : release(txRef.get(), conn).map(done -> result(q, maxRec, fetchRows, null, null, null,
                                        first)));
                    })
                    .onFailure().call(() -> release(txRef.get(), conn))
                    .onCancellation().call(() -> release(txRef.get(), conn));
        });
    }

    private static Result result(TranslatedQuery q, long maxRec, int fetchRows, SqlConnection conn, Transaction tx,
                                 Cursor cursor, RowSet<Row> first) {
        List<ColumnDescriptor> descriptors = first.columnDescriptors();
        List<TableColumn> columns = new ArrayList<>();
        for (int i = 0; i < q.columns().size(); i++) {
            TranslatedQuery.OutputColumn c = q.columns().get(i);
            columns.add(c.source() != null ? c.source().asResultColumn(c.name())
                    : new TableColumn(c.name(), sqlType(descriptors.get(i)), null, null, null));
        }
        AtomicBoolean overflow = new AtomicBoolean();
        AtomicLong seen = new AtomicLong();
        int width = columns.size();
        Multi<RowSet<Row>> more = Multi.createFrom().deferred(() -> cursor != null && cursor.hasMore()
                ? Multi.createBy().repeating().uni(() -> cursor.read(fetchRows)).whilst(rs -> cursor.hasMore())
                : Multi.createFrom().empty());
        Multi<Object[]> rows = Multi.createBy().concatenating().streams(Multi.createFrom().item(first), more)
                .onItem().transformToIterable(rs -> {
                    List<Object[]> out = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        if (seen.incrementAndGet() > maxRec) {
                            overflow.set(true);   // the SQL asked for MAXREC + 1 rows
                            break;
                        }
                        Object[] v = new Object[width];
                        for (int i = 0; i < width; i++) {
                            Object x = r.getValue(i);
                            v[i] = x instanceof BigDecimal d ? (Object) d.doubleValue() : x;
                        }
                        out.add(v);
                    }
                    return out;
                })
                .onTermination().call(() -> conn == null ? Uni.createFrom().voidItem() : release(tx, conn));
        return new Result(columns, rows, overflow, conn == null);
    }

    /** Ends the read-only transaction (closing the cursor's portal) and returns the connection, whatever fails. */
    private static Uni<Void> release(Transaction tx, SqlConnection conn) {
        Uni<Void> rollback = tx == null ? Uni.createFrom().voidItem() : tx.rollback().onFailure().recoverWithNull();
        return rollback.ifNoItem().after(java.time.Duration.ofSeconds(10)).recoverWithItem((Void) null)
                .chain(() -> conn.close().onFailure().recoverWithNull()).replaceWithVoid();
    }

    /** The registry's type names (what the VOTable and CSV writers map) for a computed column. */
    private static String sqlType(ColumnDescriptor d) {
        String base = switch (d.typeName().toUpperCase(java.util.Locale.ROOT).replace("_", "")) {
            case "INT2" -> "smallint";
            case "INT4" -> "integer";
            case "INT8" -> "bigint";
            case "FLOAT4" -> "real";
            case "FLOAT8", "NUMERIC" -> "double precision";
            case "BOOL" -> "boolean";
            default -> "text";
        };
        return d.isArray() && !base.equals("text") ? base + "[]" : base;
    }
}

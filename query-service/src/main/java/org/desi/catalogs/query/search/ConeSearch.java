package org.desi.catalogs.query.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.desi.catalogs.query.format.TableColumn;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.query.repository.CatalogRepository;

/**
 * Runs a cone search and returns one page: the REST API and the IVOA Simple Cone Search endpoint
 * both use it, with their own UCD vocabulary (UCD1+ for the API, the UCD1 names SCS 1.03 requires).
 */
@ApplicationScoped
public class ConeSearch {

    /** A cone-search request, already validated for ranges. Angles in degrees. */
    public record Request(String catalog, double raDeg, double decDeg, double radiusDeg, Map<String, double[]> filters,
                          List<String> columns, int limit, String cursor, boolean scsUcds) {

        String fingerprint() {
            StringBuilder f = new StringBuilder(catalog).append('|').append(raDeg).append('|').append(decDeg)
                    .append('|').append(radiusDeg).append('|').append(columns);
            filters.forEach((k, v) -> f.append('|').append(k).append(':').append(v[0]).append(':').append(v[1]));
            return Integer.toHexString(f.toString().hashCode());
        }
    }

    /** One page of rows, nearest first, with the cursor of the next page (null on the last page). */
    public record Page(CatalogInfo catalog, List<TableColumn> columns, List<Object[]> rows, boolean truncated,
                       String nextCursor) {
    }

    private final CatalogRepository catalogs;
    private final Pool pool;
    private final ConePool conePool;
    private final MeterRegistry metrics;

    /**
     * @param pool     the service's pool: streamed exports (a server-side cursor per request)
     * @param conePool pages
     */
    public ConeSearch(CatalogRepository catalogs, Pool pool, ConePool conePool, MeterRegistry metrics) {
        this.catalogs = catalogs;
        this.pool = pool;
        this.conePool = conePool;
        this.metrics = metrics;
    }

    public Uni<Page> search(Request req, String formatTag) {
        Cursor after = req.cursor() == null || req.cursor().isBlank() ? null
                : Cursor.decode(req.cursor(), req.fingerprint(), 2);
        Timer.Sample timer = Timer.start(metrics);
        return catalogs.requireForQuery(req.catalog()).flatMap(cat -> {
            ConeQuery q = ConeQuery.build(cat, req.raDeg(), req.decDeg(), req.radiusDeg(), req.filters(), req.columns(),
                    req.limit(), after);
            return conePool.execute(q.sql(), q.params()).map(rows -> {
                List<Object[]> page = new ArrayList<>(Math.min(rows.size(), req.limit()));
                int width = q.columns().size() + 1;
                Object lastId = null;
                double lastDistance = 0;
                boolean truncated = false;
                for (Row r : rows) {
                    if (page.size() == req.limit()) {
                        truncated = true;
                        break;
                    }
                    Object[] values = new Object[width];
                    for (int i = 0; i < width; i++) {
                        values[i] = r.getValue(i);
                    }
                    page.add(values);
                    lastDistance = r.getDouble(width - 1);
                    lastId = r.getValue(width);
                }
                timer.stop(metrics.timer("desi.query.cone", "format", formatTag));
                metrics.counter("desi.query.cone.rows").increment(page.size());
                String next = truncated ? new Cursor(List.of(lastDistance, idKey(lastId)), req.fingerprint()).encode()
                        : null;
                return new Page(cat, columns(cat, q.columns(), req.scsUcds()), page, truncated, next);
            });
        });
    }

    /** A result that streams from a server-side cursor; {@code truncated} is known once the rows are consumed. */
    public record Streamed(CatalogInfo catalog, List<TableColumn> columns, Multi<Object[]> rows,
                           AtomicBoolean truncated) {
    }

    /**
     * The cone's rows as they come from a PostgreSQL cursor ({@code fetch} rows at a time, inside a
     * read-only transaction), never held all at once: for exports of up to millions of rows.
     */
    public Uni<Streamed> stream(Request req, int fetch) {
        return catalogs.requireForQuery(req.catalog()).map(cat -> {
            ConeQuery q = ConeQuery.build(cat, req.raDeg(), req.decDeg(), req.radiusDeg(), req.filters(), req.columns(),
                    req.limit(), null);
            int width = q.columns().size() + 1;
            AtomicBoolean truncated = new AtomicBoolean();
            AtomicLong seen = new AtomicLong();
            Multi<Row> rows = pool.getConnection().toMulti().flatMap(conn -> conn.begin().toMulti()
                    .flatMap(tx -> conn.prepare(q.sql()).toMulti()
                            .flatMap(ps -> ps.createStream(fetch, q.params()).toMulti())
                            .onTermination().call(() -> tx.rollback().onFailure().recoverWithNull()))
                    .onTermination().call(conn::close));
            Multi<Object[]> values = rows.filter(r -> {
                if (seen.incrementAndGet() > req.limit()) {
                    truncated.set(true);   // the query asks for one row more than the limit
                    return false;
                }
                return true;
            }).map(r -> {
                Object[] v = new Object[width];
                for (int i = 0; i < width; i++) {
                    v[i] = r.getValue(i);
                }
                return v;
            }).onCompletion().invoke(() -> metrics.counter("desi.query.export.rows").increment(
                    Math.min(seen.get(), req.limit())));
            return new Streamed(cat, columns(cat, q.columns(), req.scsUcds()), values, truncated);
        });
    }

    private static Object idKey(Object id) {
        return id instanceof Number n && !(id instanceof Double) && !(id instanceof Float) ? (Object) n.longValue()
                : String.valueOf(id);
    }

    static List<TableColumn> columns(CatalogInfo cat, List<String> names, boolean scs) {
        List<TableColumn> out = new ArrayList<>();
        for (String n : names) {
            CatalogInfo.Column c = cat.column(n);
            out.add(new TableColumn(n, c.type(), c.unit(), ucd(cat, n, scs), c.description()));
        }
        out.add(new TableColumn("distance_arcsec", "double precision", "arcsec", scs ? null : "pos.angDistance",
                "great-circle distance from the cone centre"));
        return out;
    }

    /** UCDs of the key columns: SCS 1.03 wants UCD1 (ID_MAIN, POS_EQ_RA_MAIN, POS_EQ_DEC_MAIN), VOTable 1.3 UCD1+. */
    static String ucd(CatalogInfo cat, String column, boolean scs) {
        if (column.equals(cat.idColumn())) {
            return scs ? "ID_MAIN" : "meta.id;meta.main";
        }
        if (column.equals(cat.raColumn())) {
            return scs ? "POS_EQ_RA_MAIN" : "pos.eq.ra;meta.main";
        }
        if (column.equals(cat.decColumn())) {
            return scs ? "POS_EQ_DEC_MAIN" : "pos.eq.dec;meta.main";
        }
        if (column.equals(cat.zColumn()) && !scs) {
            return "src.redshift";
        }
        return null;
    }
}

package org.desi.catalogs.query.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.adql.TapColumn;
import org.desi.catalogs.query.adql.TapTable;
import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

/**
 * The tables the TAP service serves, read from the TAP_SCHEMA views (schema v11) and the catalog
 * registry: their ADQL names and columns, and where each one's rows are.
 */
@ApplicationScoped
public class TapSchemaRepository {

    private final Pool pool;
    private final CoverageRepository coverages;
    private final long cacheNanos;
    private volatile Map<String, TapTable> cached;
    private volatile long cachedUntil;
    /** The refresh under way, if any (single flight). */
    private final AtomicReference<Uni<Map<String, TapTable>>> refreshing = new AtomicReference<>();

    public TapSchemaRepository(Pool pool, CoverageRepository coverages, QuerySettings settings) {
        this.pool = pool;
        this.coverages = coverages;
        this.cacheNanos = settings.registryCacheSeconds() * 1_000_000_000L;
    }

    /**
     * Lower-case qualified ADQL name -> table, in TAP_SCHEMA order. When the cached copy has expired, one
     * refresh runs and requests keep the stale copy meanwhile: otherwise every request arriving at the
     * expiry read TAP_SCHEMA itself (~20 ms of views each), a latency spike every few seconds under load.
     */
    public Uni<Map<String, TapTable>> tables() {
        Map<String, TapTable> c = cached;
        if (c != null && System.nanoTime() - cachedUntil < 0) {
            return Uni.createFrom().item(c);
        }
        if (cacheNanos <= 0) {
            return load();
        }
        Uni<Map<String, TapTable>> running = refreshing.get();
        if (running == null) {
            Uni<Map<String, TapTable>> refresh = load().onTermination().invoke(() -> refreshing.set(null))
                    .memoize().indefinitely();
            if (refreshing.compareAndSet(null, refresh)) {
                refresh.subscribe().with(ignored -> { }, ignored -> { });   // failures surface to waiting callers
                running = refresh;
            } else {
                running = refreshing.get();
            }
        }
        if (c != null) {
            return Uni.createFrom().item(c);
        }
        return running != null ? running : load();   // nothing cached yet: wait for the first read
    }

    private Uni<Map<String, TapTable>> load() {
        Uni<Map<String, List<TapColumn>>> columns = pool.query("SELECT table_name, column_name, datatype, arraysize,"
                + " unit, ucd, description, principal, indexed FROM tap_schema.columns ORDER BY table_name, column_index").execute()
                .map(rows -> {
                    Map<String, List<TapColumn>> out = new HashMap<>();
                    for (Row r : rows) {
                        // a reserved word is listed delimited ("size"): the column itself is named without quotes
                        String listed = r.getString(1);
                        String name = listed.length() >= 2 && listed.startsWith("\"") && listed.endsWith("\"")
                                ? listed.substring(1, listed.length() - 1).replace("\"\"", "\"") : listed;
                        out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new TapColumn(name,
                                r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                                r.getInteger(7) == 1, r.getInteger(8) == 1, listed));
                    }
                    return out;
                });
        Uni<List<Row>> catalogs = pool.query("SELECT t.table_name, t.table_index, c.catalog_id, c.kind, c.table_name"
                        + " AS physical, c.ra_column, c.dec_column, c.zone_height_deg, c.row_count FROM tap_schema.tables t LEFT JOIN"
                        + " desi.catalog c ON t.table_name = 'catalogs.' || c.name ORDER BY t.table_index").execute()
                .map(rows -> {
                    List<Row> out = new ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                });
        return Uni.combine().all().unis(columns, catalogs).asTuple().flatMap(t -> {
            // each file-partitioned catalog's files and where their rows lie, for cones to leave files out
            return coverages.forPruningAll().map(pruning -> {
                Map<String, TapTable> out = new LinkedHashMap<>();
                for (Row r : t.getItem2()) {
                    String adql = r.getString("table_name");
                    List<TapColumn> cols = t.getItem1().getOrDefault(adql, List.of());
                    FileCoverages files = r.getInteger("catalog_id") == null ? FileCoverages.NONE
                            : pruning.getOrDefault(r.getInteger("catalog_id"), FileCoverages.NONE);
                    out.put(adql.toLowerCase(Locale.ROOT), table(adql, cols, r, files));
                }
                return out;
            });
        }).map(out -> {
            if (cacheNanos > 0) {
                cached = out;
                cachedUntil = System.nanoTime() + cacheNanos;
            }
            return out;
        });
    }

    private static TapTable table(String adql, List<TapColumn> cols, Row r, FileCoverages files) {
        if (adql.startsWith("TAP_SCHEMA.")) {
            return new TapTable(adql, "tap_schema." + quote(adql.substring("TAP_SCHEMA.".length())), cols, null, null,
                    null, 0);
        }
        if (adql.startsWith("desi.")) {
            // the void, environment and pair tables: ADQL names are their own (schema v13); positions where
            // they have ra and dec (void centres), without a zone index to prefilter by
            String[] parts = adql.split("\\.", 2);
            boolean positions = cols.stream().anyMatch(c -> c.name().equals("ra"))
                    && cols.stream().anyMatch(c -> c.name().equals("dec"));
            return new TapTable(adql, quote(parts[0]) + "." + quote(parts[1]), cols, positions ? "ra" : null,
                    positions ? "dec" : null, null, 0);
        }
        String physical = r.getString("physical");
        String ra = r.getString("ra_column");
        String dec = r.getString("dec_column");
        boolean positions = ra != null && dec != null;
        String kind = r.getString("kind");
        boolean zone = positions && (kind.equals("generic") || kind.equals("fastspecfit"));
        String from = physical;
        if (physical.startsWith("desi.")) {
            // a table shared by catalogs: only this catalog's rows and registered columns (PostgreSQL flattens
            // the sub-select, so the (zone, ra) index still serves the query)
            StringBuilder s = new StringBuilder("(SELECT ");
            for (TapColumn c : cols) {
                s.append(quote(c.name())).append(", ");
            }
            if (zone && cols.stream().noneMatch(c -> c.name().equals("zone"))) {
                s.append("zone, ");
            }
            if (zone && FileCoverages.appliesTo(kind)) {
                s.append("source_file_id, ");   // for cones to leave files out (never listed: `*` is the columns)
            }
            s.setLength(s.length() - 2);
            s.append(" FROM ").append(physical).append(" WHERE catalog_id = ").append(r.getInteger("catalog_id"))
                    .append(')');
            from = s.toString();
        }
        return new TapTable(adql, from, cols, positions ? ra : null, positions ? dec : null, zone ? "zone" : null,
                r.getDouble("zone_height_deg") == null ? 0 : r.getDouble("zone_height_deg"),
                zone ? files::filesOutsideCone : TapTable.FilesOutsideCone.NONE,
                r.getLong("row_count") == null ? -1 : r.getLong("row_count"));
    }

    /** A foreign key as TAP_SCHEMA.keys and key_columns give it (single-column keys). */
    public record ForeignKey(String fromTable, String targetTable, String fromColumn, String targetColumn) {
    }

    public Uni<List<ForeignKey>> foreignKeys() {
        return pool.query("SELECT k.from_table, k.target_table, c.from_column, c.target_column FROM tap_schema.keys k"
                + " JOIN tap_schema.key_columns c USING (key_id) ORDER BY k.key_id").execute().map(rows -> {
                    List<ForeignKey> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new ForeignKey(r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
                    }
                    return out;
                });
    }
}

package org.desi.catalogs.query.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.desi.catalogs.query.QuerySettings;
import java.util.ArrayList;
import java.util.List;
import org.desi.catalogs.service.problem.ApiProblemException;

/** Reads the catalog registry (reactive). */
@ApplicationScoped
public class CatalogRepository {

    private static final String CATALOG_SQL = "SELECT catalog_id, name, kind, table_name, id_column, ra_column,"
            + " dec_column, z_column, zone_height_deg, row_count FROM desi.catalog";

    private final Pool pool;
    private final CoverageRepository coverages;
    private final long cacheNanos;
    /** name -> (entry, expiry in System.nanoTime); only found catalogs are kept. */
    private final Map<String, Object[]> forQuery = new ConcurrentHashMap<>();

    public CatalogRepository(Pool pool, CoverageRepository coverages, QuerySettings settings) {
        this.pool = pool;
        this.coverages = coverages;
        this.cacheNanos = settings.registryCacheSeconds() * 1_000_000_000L;
    }

    public Uni<List<CatalogInfo>> list() {
        return pool.query(CATALOG_SQL + " ORDER BY name").execute().flatMap(rows -> {
            List<Uni<CatalogInfo>> all = new ArrayList<>();
            for (Row r : rows) {
                all.add(details(r, true));
            }
            return all.isEmpty() ? Uni.createFrom().item(List.<CatalogInfo>of())
                    : Uni.join().all(all).andFailFast();
        });
    }

    /** The catalog with its columns and source files, or a 404 problem naming it. */
    public Uni<CatalogInfo> require(String name) {
        return find(name).flatMap(r -> details(r, true));
    }

    /** The catalog with its columns only (what a query needs; no source-file lookup), or a 404. */
    public Uni<CatalogInfo> requireForQuery(String name) {
        // the hot path of every cone search: reuse the registry entry for a few seconds (two round trips saved)
        Object[] cached = forQuery.get(name);
        if (cached != null && System.nanoTime() - (Long) cached[1] < 0) {
            return Uni.createFrom().item((CatalogInfo) cached[0]);
        }
        return find(name).flatMap(r -> details(r, false)).invoke(info -> {
            if (cacheNanos > 0) {
                if (forQuery.size() > 10_000) {
                    forQuery.clear();
                }
                forQuery.put(name, new Object[] {info, System.nanoTime() + cacheNanos});
            }
        });
    }

    /** Drops a catalog's cached entry: it was just deleted through this replica (others notice within the cache's time). */
    public void forget(String name) {
        forQuery.remove(name);
    }

    private Uni<Row> find(String name) {
        return pool.preparedQuery(CATALOG_SQL + " WHERE name = $1").execute(Tuple.of(name)).flatMap(rows -> {
            if (!rows.iterator().hasNext()) {
                throw ApiProblemException.notFound("no catalog named '" + name + "'; GET /api/v1/catalogs lists them");
            }
            return Uni.createFrom().item(rows.iterator().next());
        });
    }

    private Uni<CatalogInfo> details(Row c, boolean withFiles) {
        int id = c.getInteger("catalog_id");
        Uni<List<CatalogInfo.Column>> columns = pool.preparedQuery("SELECT name, sql_type, unit, description FROM"
                        + " desi.catalog_column WHERE catalog_id = $1 ORDER BY ordinal").execute(Tuple.of(id))
                .map(rows -> {
                    List<CatalogInfo.Column> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new CatalogInfo.Column(r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
                    }
                    return out;
                });
        Uni<List<CatalogInfo.SourceFile>> files = !withFiles ? Uni.createFrom().item(List.<CatalogInfo.SourceFile>of()) : pool.preparedQuery("SELECT file_name, sha256, size_bytes, row_count,"
                        + " loaded_at::text FROM desi.catalog_source_file WHERE catalog_id = $1 ORDER BY file_name")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<CatalogInfo.SourceFile> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new CatalogInfo.SourceFile(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3),
                                r.getString(4)));
                    }
                    return out;
                });
        Uni<Optional<CoverageRepository.Summary>> coverage = !withFiles
                ? Uni.createFrom().item(Optional.<CoverageRepository.Summary>empty()) : coverages.summary(id);
        String kind = c.getString("kind");
        Uni<FileCoverages> pruning = withFiles || !FileCoverages.appliesTo(kind)
                ? Uni.createFrom().item(FileCoverages.NONE) : coverages.forPruning(id);
        String name = c.getString("name");
        return Uni.combine().all().unis(columns, files, coverage, pruning).asTuple().map(t -> new CatalogInfo(name,
                kind, c.getLong("row_count"), c.getString("id_column"), c.getString("ra_column"),
                c.getString("dec_column"), c.getString("z_column"), c.getDouble("zone_height_deg"), t.getItem1(),
                t.getItem2(), t.getItem3().map(m -> new CatalogInfo.Coverage(m.order(), m.areaDeg2(),
                        "/api/v1/catalogs/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                                .replace("+", "%20") + "/moc")).orElse(null),
                id, c.getString("table_name"), t.getItem4()));
    }
}

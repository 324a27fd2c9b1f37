package org.desi.catalogs.query.repository;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.desi.catalogs.core.sky.SkyCoverage;

/**
 * A catalog's sky coverage: the union of the coverage ingest recorded for each of its source files
 * (so a replaced or deleted file's cells go with it).
 */
@ApplicationScoped
public class CoverageRepository {

    /** What a catalog description shows of its coverage: the order and the covered area [deg^2]. */
    public record Summary(int order, double areaDeg2) {
    }

    /** A summary and the state of the files it was computed from. */
    private record Cached(String filesSignature, Optional<Summary> summary) {
    }

    private final Pool pool;
    /**
     * Summaries by catalog id. GET /api/v1/catalogs (the web page's first request) would otherwise inflate and
     * merge every catalog's bitmaps (MiBs each) on every call; a cheap query of the files' ids, hashes and
     * orders tells whether a summary still holds.
     */
    private final Map<Integer, Cached> summaries = new ConcurrentHashMap<>();

    public CoverageRepository(Pool pool) {
        this.pool = pool;
    }

    /** The catalog's coverage order and area, recomputed only when its files changed. */
    public Uni<Optional<Summary>> summary(int catalogId) {
        return pool.preparedQuery("SELECT coalesce(string_agg(f.file_id || ':' || f.sha256 || ':' || c.moc_order, ','"
                        + " ORDER BY f.file_id), '') FROM desi.source_file_coverage c JOIN desi.catalog_source_file f"
                        + " USING (file_id) WHERE f.catalog_id = $1")
                .execute(Tuple.of(catalogId))
                .flatMap(rows -> {
                    String signature = rows.iterator().next().getString(0);
                    Cached cached = summaries.get(catalogId);
                    if (cached != null && cached.filesSignature().equals(signature)) {
                        return Uni.createFrom().item(cached.summary());
                    }
                    return of(catalogId).map(found -> {
                        Optional<Summary> summary = found.map(c -> new Summary(c.order(), c.areaDeg2()));
                        summaries.put(catalogId, new Cached(signature, summary));
                        return summary;
                    });
                });
    }

    /** The coverage at the finest order all of the catalog's files share, or empty when none was recorded. */
    public Uni<Optional<SkyCoverage>> of(int catalogId) {
        return pool.preparedQuery("SELECT c.cells FROM desi.source_file_coverage c JOIN desi.catalog_source_file f"
                        + " USING (file_id) WHERE f.catalog_id = $1 ORDER BY c.moc_order")
                .execute(Tuple.of(catalogId))
                // inflating and merging bitmaps of up to MiBs is CPU work: off the event loop
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    SkyCoverage union = null;
                    for (Row r : rows) {
                        SkyCoverage file = SkyCoverage.fromBytes(r.getBuffer(0).getBytes());
                        if (union == null) {
                            union = file;   // the coarsest order comes first: the others are degraded to it
                        } else {
                            union.addAll(file.degradedTo(union.order()));
                        }
                    }
                    return Optional.ofNullable(union);
                });
    }
}

package org.desi.catalogs.query.repository;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.desi.catalogs.core.sky.SkyCoverage;

/**
 * A catalog's sky coverage: the union of the coverage ingest recorded for each of its source files
 * (so a replaced or deleted file's cells go with it).
 */
@ApplicationScoped
public class CoverageRepository {

    private final Pool pool;

    public CoverageRepository(Pool pool) {
        this.pool = pool;
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

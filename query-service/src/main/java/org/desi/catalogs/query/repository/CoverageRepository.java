package org.desi.catalogs.query.repository;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /** At most this many files' pruning coverages are kept: at most 6 KiB each (order 6), 24 MiB in all. */
    static final int MAX_PRUNING_FILES = 4096;
    /** Each file's coverage coarsened for cone pruning, by file id (a file id's rows never change). */
    private final Map<Integer, SkyCoverage> pruningByFile = new ConcurrentHashMap<>();

    public CoverageRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The catalog's files with their coverage at order {@link FileCoverages#ORDER} or coarser, for cone
     * pruning: one query of the files' ids; the bitmaps of files not seen before are read, inflated (off
     * the event loop) and kept. Files without a recorded coverage are left out (never skipped).
     */
    public Uni<FileCoverages> forPruning(int catalogId) {
        return pool.preparedQuery("SELECT f.catalog_id, f.file_id FROM desi.catalog_source_file f JOIN"
                        + " desi.source_file_coverage c USING (file_id) WHERE f.catalog_id = $1 ORDER BY f.file_id")
                .execute(Tuple.of(catalogId))
                .flatMap(this::pruningOf)
                .map(byCatalog -> byCatalog.getOrDefault(catalogId, FileCoverages.NONE));
    }

    /**
     * {@link #forPruning} for every catalog whose rows are partitioned by file, in one query of the files'
     * ids (the TAP schema's refresh): catalog id -> its files; catalogs with fewer than two files are left out.
     */
    public Uni<Map<Integer, FileCoverages>> forPruningAll() {
        return pool.preparedQuery("SELECT f.catalog_id, f.file_id FROM desi.catalog_source_file f JOIN"
                        + " desi.source_file_coverage c USING (file_id) JOIN desi.catalog k USING (catalog_id)"
                        + " WHERE k.kind = ANY($1) ORDER BY f.catalog_id, f.file_id")
                .execute(Tuple.of(FileCoverages.KINDS.toArray(new String[0])))
                .flatMap(this::pruningOf);
    }

    /** Rows of (catalog_id, file_id) -> each catalog's files with their cached or newly read coverage. */
    private Uni<Map<Integer, FileCoverages>> pruningOf(RowSet<Row> rows) {
        Map<Integer, List<Integer>> filesByCatalog = new HashMap<>();
        List<Integer> unseen = new ArrayList<>();
        for (Row r : rows) {
            filesByCatalog.computeIfAbsent(r.getInteger(0), k -> new ArrayList<>()).add(r.getInteger(1));
        }
        filesByCatalog.values().removeIf(files -> files.size() < 2);   // nothing to choose between
        for (List<Integer> files : filesByCatalog.values()) {
            for (int id : files) {
                if (!pruningByFile.containsKey(id)) {
                    unseen.add(id);
                }
            }
        }
        if (unseen.isEmpty()) {
            return Uni.createFrom().item(pruning(filesByCatalog));
        }
        return pool.preparedQuery("SELECT file_id, cells FROM desi.source_file_coverage WHERE file_id = ANY($1)")
                .execute(Tuple.of(unseen.toArray(new Integer[0])))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(cells -> {
                    if (pruningByFile.size() + unseen.size() > MAX_PRUNING_FILES) {
                        pruningByFile.clear();   // deleted catalogs' files: a bound, not an eviction policy
                    }
                    for (Row r : cells) {
                        SkyCoverage c = SkyCoverage.fromBytes(r.getBuffer(1).getBytes());
                        pruningByFile.put(r.getInteger(0), c.degradedTo(Math.min(c.order(), FileCoverages.ORDER)));
                    }
                    return pruning(filesByCatalog);
                });
    }

    private Map<Integer, FileCoverages> pruning(Map<Integer, List<Integer>> filesByCatalog) {
        Map<Integer, FileCoverages> out = new HashMap<>();
        filesByCatalog.forEach((catalogId, fileIds) -> {
            List<FileCoverages.FileCoverage> files = new ArrayList<>(fileIds.size());
            for (int id : fileIds) {
                SkyCoverage c = pruningByFile.get(id);
                if (c != null) {   // absent: removed from the cache meanwhile; the file is then searched
                    files.add(new FileCoverages.FileCoverage(id, c));
                }
            }
            out.put(catalogId, new FileCoverages(files));
        });
        return out;
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

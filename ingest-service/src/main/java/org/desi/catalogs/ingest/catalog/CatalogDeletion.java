package org.desi.catalogs.ingest.catalog;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.desi.catalogs.ingest.job.IngestSettings;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;

/**
 * Deletes a catalog with everything that hangs on it, in one transaction: its rows (a FastSpecFit
 * catalog's partitions, dropped by the schema at commit; a generic catalog's own table, dropped here),
 * its voids and holes, the cross-match jobs and placements that used it; its ingest jobs stay readable,
 * stamped as no longer holding their files (schema v17). Refused while a job that reads or writes the
 * catalog is queued or running: the catalog's row is locked first, so a job starting meanwhile waits
 * for the outcome and then finds no catalog.
 */
@ApplicationScoped
public class CatalogDeletion {

    /** A generic catalog's table as ingest-service writes it ({@code GenericProfile}): its own, in catalog_data. */
    private static final Pattern GENERIC_TABLE = Pattern.compile("catalog_data\\.(\"?)[a-z][a-z0-9_]{0,62}\\1");

    /** A deleted catalog, as the API answers. */
    public record DeletedCatalog(String name, String kind, long rowCount, long crossmatchJobsDeleted,
                                 OffsetDateTime deletedAt) {
    }

    private final Pool pool;
    private final IngestSettings settings;
    private final MeterRegistry metrics;

    public CatalogDeletion(Pool pool, IngestSettings settings, MeterRegistry metrics) {
        this.pool = pool;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Deletes catalog {@code name}; a 404 problem when there is none, a 409 naming the jobs that hold it. */
    public Uni<DeletedCatalog> delete(String name) {
        QueryParams.catalogName("catalog", name);
        // SET LOCAL takes no parameters; the value is an int from the settings
        String lockTimeout = "SET LOCAL lock_timeout = '" + Math.max(1, settings.catalogDeleteLockTimeoutSeconds()) + "s'";
        return pool.withTransaction(c -> c.query(lockTimeout).execute().flatMap(ignored -> c.preparedQuery(
                        "SELECT catalog_id, kind, table_name, row_count FROM desi.catalog WHERE name = $1 FOR UPDATE")
                        .execute(Tuple.of(name)))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiProblemException.notFound("no catalog " + name);
                    }
                    Row r = rows.iterator().next();
                    return refuseWhileJobsHoldIt(c, name, r.getInteger("catalog_id"))
                            .flatMap(ignored -> deleteLocked(c, name, r));
                }))
                .onFailure(CatalogDeletion::lockNotGranted).transform(e -> new ApiProblemException(503, "catalog " + name
                        + " was not deleted: running queries kept the tables it needs locked for more than "
                        + settings.catalogDeleteLockTimeoutSeconds() + " s (DESI_INGEST_CATALOG_DELETE_LOCK_TIMEOUT_SECONDS);"
                        + " retry when they have finished", e))
                .invoke(this::countDeleted)
                .onFailure().invoke(this::countRefused);
    }

    /**
     * {@code desi_ingest_catalog_deletions_total{outcome}} (deleted, in_use, lock_timeout, not_found, error) and
     * {@code desi_ingest_catalog_rows_deleted_total{kind}}: an SRE sees deletions, and the ones that were refused.
     */
    private void countDeleted(DeletedCatalog d) {
        metrics.counter("desi.ingest.catalog.deletions", "outcome", "deleted").increment();
        metrics.counter("desi.ingest.catalog.rows.deleted", "kind", d.kind()).increment(d.rowCount());
    }

    private void countRefused(Throwable e) {
        String outcome = !(e instanceof ApiProblemException p) ? "error" : switch (p.status()) {
            case 404 -> "not_found";
            case 409 -> "in_use";
            case 503 -> "lock_timeout";
            default -> "error";
        };
        metrics.counter("desi.ingest.catalog.deletions", "outcome", outcome).increment();
    }

    /** PostgreSQL's lock_timeout (55P03), also from the partition drop the schema defers to the commit. */
    private static boolean lockNotGranted(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg && "55P03".equals(pg.getSqlState());
    }

    private static Uni<Void> refuseWhileJobsHoldIt(SqlConnection c, String name, int catalogId) {
        return c.preparedQuery("SELECT 'ingest job ' || run_id FROM desi.ingest_run WHERE catalog_name = $1"
                        + " AND status IN ('QUEUED', 'RUNNING')"
                        + " UNION ALL SELECT 'cross-match job ' || job_id FROM desi.crossmatch_job"
                        + " WHERE $2 IN (left_catalog_id, right_catalog_id) AND status IN ('QUEUED', 'RUNNING')"
                        + " ORDER BY 1 LIMIT 20")
                .execute(Tuple.of(name, catalogId))
                .map(rows -> {
                    List<String> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(row.getString(0)));
                    if (!jobs.isEmpty()) {
                        throw new ApiProblemException(409, "catalog " + name + " is in use by " + String.join(", ", jobs)
                                + " (queued or running); cancel them or wait until they finish, then delete it");
                    }
                    return null;
                });
    }

    private static Uni<DeletedCatalog> deleteLocked(SqlConnection c, String name, Row catalog) {
        int id = catalog.getInteger("catalog_id");
        String kind = catalog.getString("kind");
        String table = catalog.getString("table_name");
        // counted before the cascade removes them
        return c.preparedQuery("SELECT count(*) FROM desi.crossmatch_job WHERE $1 IN (left_catalog_id, right_catalog_id)")
                .execute(Tuple.of(id))
                .flatMap(jobs -> {
                    long crossmatchJobs = jobs.iterator().next().getLong(0);
                    return c.preparedQuery("DELETE FROM desi.catalog WHERE catalog_id = $1 RETURNING clock_timestamp()")
                            .execute(Tuple.of(id))
                            .flatMap(deleted -> dropGenericTable(c, kind, table)
                                    .map(ignored -> new DeletedCatalog(name, kind, catalog.getLong("row_count"),
                                            crossmatchJobs, deleted.iterator().next().getOffsetDateTime(0))));
                });
    }

    /** A generic catalog's table is the catalog's own (the other kinds share tables the schema cleans). */
    private static Uni<Void> dropGenericTable(SqlConnection c, String kind, String table) {
        if (!kind.equals("generic")) {
            return Uni.createFrom().voidItem();
        }
        if (!GENERIC_TABLE.matcher(table).matches()) {
            // never drop what this service did not create; the registry row goes, the table is left to an admin
            return Uni.createFrom().voidItem();
        }
        return c.query("DROP TABLE IF EXISTS " + table).execute().replaceWithVoid();
    }
}

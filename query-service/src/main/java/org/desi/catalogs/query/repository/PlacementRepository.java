package org.desi.catalogs.query.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * The placement a statistic may be computed from: the newest voids job for the (galaxies, voids)
 * pair, only if it SUCCEEDED and neither catalog changed after it was submitted. Anything else is a
 * 409 naming the job and the request that reruns it: statistics from half a placement, or from
 * environments of an older version of a catalog, would be wrong without looking wrong.
 */
@ApplicationScoped
public class PlacementRepository {

    /** A complete placement: the job, when it finished, and the V2 rule it used (null for VoidFinder). */
    public record Placement(long jobId, String finishedAt, String v2Rule) {
    }

    private final Pool pool;

    public PlacementRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Placement> requireComplete(int galaxyCatalogId, String galaxies, int voidCatalogId, String voids) {
        String rerun = "POST /api/v1/crossmatch/jobs {\"type\": \"voids\", \"galaxies\": \"" + galaxies
                + "\", \"voids\": \"" + voids + "\"}";
        return pool.preparedQuery("SELECT j.job_id, j.status, j.error, j.finished_at::text, j.v2_rule,"
                        + " (SELECT max(t)::text FROM (SELECT updated_at AS t FROM desi.catalog WHERE catalog_id IN ($1, $2)"
                        + " UNION ALL SELECT loaded_at FROM desi.catalog_source_file WHERE catalog_id IN ($1, $2)) c"
                        + " WHERE t > j.created_at) AS changed_at"
                        + " FROM desi.crossmatch_job j WHERE j.type = 'voids' AND j.left_catalog_id = $1"
                        + " AND j.right_catalog_id = $2 ORDER BY j.job_id DESC LIMIT 1")
                .execute(Tuple.of(galaxyCatalogId, voidCatalogId)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw new ApiProblemException(409, "no placement of '" + galaxies + "' in '" + voids
                                + "' exists: run it first (" + rerun + ") and ask again when it reads SUCCEEDED");
                    }
                    Row r = rows.iterator().next();
                    long job = r.getLong("job_id");
                    String status = r.getString("status");
                    if (!"SUCCEEDED".equals(status)) {
                        throw new ApiProblemException(409, "the placement of '" + galaxies + "' in '" + voids + "' is"
                                + " incomplete: job " + job + " is " + status
                                + (r.getString("error") == null ? "" : " (" + r.getString("error") + ")")
                                + ("QUEUED".equals(status) || "RUNNING".equals(status)
                                ? "; ask again when GET /api/v1/crossmatch/jobs/" + job + " reads SUCCEEDED"
                                : "; rerun it: " + rerun));
                    }
                    if (r.getString("changed_at") != null) {
                        throw new ApiProblemException(409, "'" + galaxies + "' or '" + voids + "' changed at "
                                + r.getString("changed_at") + ", after placement job " + job + " was submitted; its"
                                + " environments may not match the catalogs: rerun it (" + rerun + ")");
                    }
                    return new Placement(job, r.getString("finished_at"), r.getString("v2_rule"));
                });
    }
}

package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.format.CsvWriter;
import org.desi.catalogs.query.format.OutputFormat;
import org.desi.catalogs.query.format.TableColumn;
import org.desi.catalogs.query.format.VoTableWriter;
import org.desi.catalogs.query.search.Cursor;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The pairs of a sky cross-match job, keyset-paged in (left id, right id) order. */
@Path("/api/v1/crossmatch/jobs/{id}/pairs")
public class PairsResource {

    private static final List<TableColumn> COLUMNS = List.of(
            new TableColumn("left_id", "bigint", null, "meta.id", "id in the left catalog"),
            new TableColumn("right_id", "bigint", null, "meta.id", "id in the right catalog"),
            new TableColumn("separation_arcsec", "double precision", "arcsec", "pos.angDistance",
                    "great-circle separation"));

    private final Pool pool;
    private final QuerySettings settings;

    public PairsResource(Pool pool, QuerySettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv", "application/x-votable+xml"})
    @Operation(summary = "Pairs of a sky cross-match job (left id, right id, separation [arcsec]); 404 for unknown jobs")
    public Uni<Response> pairs(@Parameter(description = "Cross-match job id") @PathParam("id") String id,
            @Parameter(description = "Pairs per page, 1..DESI_QUERY_MAX_LIMIT; default 100") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "json, csv or votable") @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        long jobId = QueryParams.id("id", id);
        int n = QueryParams.integer("limit", limit, 1, settings.maxLimit(), settings.defaultLimit());
        OutputFormat out = OutputFormat.choose(format, accept);
        String fingerprint = "pairs|" + jobId;
        Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor, fingerprint, 2);
        return pool.preparedQuery("SELECT j.type, j.status, j.pairs, l.name, r.name FROM desi.crossmatch_job j"
                        + " JOIN desi.catalog l ON l.catalog_id = j.left_catalog_id"
                        + " JOIN desi.catalog r ON r.catalog_id = j.right_catalog_id WHERE j.job_id = $1")
                .execute(Tuple.of(jobId)).flatMap(jobs -> {
                    if (!jobs.iterator().hasNext()) {
                        throw ApiProblemException.notFound("no cross-match job " + jobId);
                    }
                    Row job = jobs.iterator().next();
                    if (!"sky".equals(job.getString(0))) {
                        throw ApiProblemException.badRequest("job " + jobId + " is a voids job: its results are the"
                                + " galaxy environments (GET /api/v1/voids/{voidCatalog}/{voidId}/galaxies)");
                    }
                    long afterLeft = after == null ? Long.MIN_VALUE : ((Number) after.key().get(0)).longValue();
                    long afterRight = after == null ? Long.MIN_VALUE : ((Number) after.key().get(1)).longValue();
                    return pool.preparedQuery("SELECT left_id, right_id, separation_arcsec FROM desi.crossmatch_pair"
                                    + " WHERE job_id = $1 AND (left_id, right_id) > ($2, $3) ORDER BY left_id, right_id"
                                    + " LIMIT $4")
                            .execute(Tuple.of(jobId, afterLeft, afterRight, n + 1))
                            .map(rows -> respond(out, job, jobId, rows, n, fingerprint));
                });
    }

    private static Response respond(OutputFormat out, Row job, long jobId, Iterable<Row> rows, int n, String fingerprint) {
        List<Object[]> page = new ArrayList<>();
        boolean truncated = false;
        for (Row r : rows) {
            if (page.size() == n) {
                truncated = true;
                break;
            }
            page.add(new Object[] {r.getLong(0), r.getLong(1), r.getDouble(2)});
        }
        String next = truncated ? new Cursor(List.of(page.get(n - 1)[0], page.get(n - 1)[1]), fingerprint).encode()
                : null;
        Response.ResponseBuilder b = switch (out) {
            case CSV -> Response.ok(CsvWriter.write(COLUMNS, page), out.mediaType());
            case VOTABLE -> Response.ok(VoTableWriter.write("pairs_" + jobId, "Pairs of cross-match job " + jobId
                    + " (" + job.getString(3) + " x " + job.getString(4) + ")", COLUMNS, page,
                    next == null ? Map.of() : Map.of("NEXT_CURSOR", next)), out.mediaType());
            case JSON -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("jobId", jobId);
                body.put("status", job.getString(1));
                body.put("left", job.getString(3));
                body.put("right", job.getString(4));
                body.put("pairsTotal", job.getLong(2));
                body.put("count", page.size());
                body.put("truncated", truncated);
                body.put("nextCursor", next);
                List<Map<String, Object>> list = new ArrayList<>();
                for (Object[] p : page) {
                    list.add(Map.of("leftId", p[0], "rightId", p[1], "separationArcsec", p[2]));
                }
                body.put("pairs", list);
                yield Response.ok(body, out.mediaType());
            }
        };
        if (next != null) {
            b.header("X-Next-Cursor", next);
        }
        return b.header("X-Truncated", truncated).build();
    }
}

package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.format.CsvWriter;
import org.desi.catalogs.query.format.OutputFormat;
import org.desi.catalogs.query.format.TableStream;
import org.desi.catalogs.query.format.VoTableWriter;
import org.desi.catalogs.query.search.ConeSearch;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * Large cone results as one streamed CSV or VOTable: rows go from a PostgreSQL cursor to the client
 * in chunks as it reads, so an export of a million rows never sits in the service's memory. The
 * VOTable ends with INFO TRUNCATED (known only at the end); pages with cursors stay on /cone.
 */
@Path("/api/v1/catalogs/{catalog}/export")
public class ExportResource {

    private static final int FETCH_ROWS = 1000;
    private static final int ROWS_PER_CHUNK = 500;

    private final ConeSearch cones;
    private final QuerySettings settings;

    public ExportResource(ConeSearch cones, QuerySettings settings) {
        this.cones = cones;
        this.settings = settings;
    }

    @GET
    // one declared type (streamed bodies cannot be negotiated); the Content-Type header says csv or votable
    @Produces("text/csv")
    @Operation(summary = "Stream every object within a radius (CSV or VOTable), nearest first",
            description = "Same parameters and filters as /cone; limit up to DESI_QUERY_MAX_EXPORT_ROWS (default"
                    + " 1,000,000), default that maximum. Chunked transfer; no paging cursor.")
    public RestMulti<String> export(
            @Parameter(description = "Catalog name") @PathParam("catalog") String catalog,
            @Parameter(description = "Right ascension of the centre (ICRS) [deg], 0 <= ra < 360") @QueryParam("ra") String ra,
            @Parameter(description = "Declination of the centre (ICRS) [deg], -90 <= dec <= 90") @QueryParam("dec") String dec,
            @Parameter(description = "Cone radius [deg], 0 < radius <= DESI_QUERY_MAX_RADIUS_DEG") @QueryParam("radius") String radius,
            @Parameter(description = "Most rows, 1..DESI_QUERY_MAX_EXPORT_ROWS") @QueryParam("limit") String limit,
            @Parameter(description = "Comma-separated columns (default: all registered)") @QueryParam("columns") String columns,
            @Parameter(description = "csv (default) or votable") @QueryParam("format") String format,
            @HeaderParam("Accept") String accept, @Context UriInfo uri) {
        ConeSearch.Request req = ConeSearchResource.request(settings, catalog, ra, dec, radius, columns, uri,
                QueryParams.integer("limit", limit, 1, settings.maxExportRows(), settings.maxExportRows()), null);
        OutputFormat out = format == null && (accept == null || !accept.contains("votable")) ? OutputFormat.CSV
                : OutputFormat.choose(format, accept);
        if (out == OutputFormat.JSON) {
            throw ApiProblemException.badRequest("format must be csv or votable for an export (JSON pages: /cone)");
        }
        double raDeg = req.raDeg();
        double decDeg = req.decDeg();
        double radiusDeg = req.radiusDeg();
        return RestMulti.fromUniResponse(cones.stream(req, FETCH_ROWS), s -> body(s, out, raDeg, decDeg, radiusDeg),
                s -> Map.of("Content-Type", List.of(out.mediaType())));
    }

    private static Multi<String> body(ConeSearch.Streamed s, OutputFormat out, double ra, double dec, double radius) {
        boolean csv = out == OutputFormat.CSV;
        Map<String, String> infos = new LinkedHashMap<>();
        infos.put("RA", Double.toString(ra));
        infos.put("DEC", Double.toString(dec));
        infos.put("RADIUS_DEG", Double.toString(radius));
        String head = csv ? CsvWriter.header(s.columns())
                : VoTableWriter.start(s.catalog().name(), "Cone export of " + s.catalog().name(), s.columns(), infos, -1);
        return TableStream.of(head, s.columns(), s.rows(), csv ? TableStream.Serialization.CSV
                : TableStream.Serialization.TABLEDATA, "the export", ExportResource::reason,
                () -> Map.of("TRUNCATED", Boolean.toString(s.truncated().get())));
    }

    private static String reason(Throwable e) {
        if (e instanceof io.vertx.pgclient.PgException pg && "57014".equals(pg.getSqlState())) {
            return "the database cancelled it at its statement timeout (DESI_QUERY_STATEMENT_TIMEOUT_MS); ask for less";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

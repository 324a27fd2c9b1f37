package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.format.CsvWriter;
import org.desi.catalogs.query.format.OutputFormat;
import org.desi.catalogs.query.format.TableColumn;
import org.desi.catalogs.query.format.VoTableWriter;
import org.desi.catalogs.query.search.ConeSearch;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Cone search on any registered catalog with positions: rows sorted by distance, with range filters. */
@Path("/api/v1/catalogs/{catalog}/cone")
public class ConeSearchResource {

    private final ConeSearch cones;
    private final QuerySettings settings;

    public ConeSearchResource(ConeSearch cones, QuerySettings settings) {
        this.cones = cones;
        this.settings = settings;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv", "application/x-votable+xml"})
    @Operation(summary = "Objects within a radius of a sky position, nearest first",
            description = "Range filters on any numeric column as <column>.min=<value> and <column>.max=<value>"
                    + " (validated against the catalog's registered columns). Each row carries distance_arcsec."
                    + " A page that is cut returns nextCursor (JSON) or the X-Next-Cursor header (CSV, VOTable):"
                    + " pass it as cursor= with the same parameters for the next page.")
    public Uni<Response> cone(
            @Parameter(description = "Catalog name (GET /api/v1/catalogs)") @PathParam("catalog") String catalog,
            @Parameter(description = "Right ascension of the centre (ICRS) [deg], 0 <= ra < 360") @QueryParam("ra") String ra,
            @Parameter(description = "Declination of the centre (ICRS) [deg], -90 <= dec <= 90") @QueryParam("dec") String dec,
            @Parameter(description = "Cone radius [deg], 0 < radius <= DESI_QUERY_MAX_RADIUS_DEG (default 10)") @QueryParam("radius") String radius,
            @Parameter(description = "Rows per page, 1..DESI_QUERY_MAX_LIMIT (default 10000); default 100") @QueryParam("limit") String limit,
            @Parameter(description = "Opaque cursor from the previous page (nextCursor / X-Next-Cursor)") @QueryParam("cursor") String cursor,
            @Parameter(description = "Comma-separated columns to return (default: all registered)") @QueryParam("columns") String columns,
            @Parameter(description = "json, csv or votable (default from Accept, else json)") @QueryParam("format") String format,
            @HeaderParam("Accept") String accept, @Context UriInfo uri) {
        OutputFormat out = OutputFormat.choose(format, accept);
        ConeSearch.Request req = request(settings, catalog, ra, dec, radius, columns, uri,
                QueryParams.integer("limit", limit, 1, settings.maxLimit(), settings.defaultLimit()), cursor);
        double raDeg = req.raDeg();
        double decDeg = req.decDeg();
        double radiusDeg = req.radiusDeg();
        int n = req.limit();
        return cones.search(req, out.name().toLowerCase()).map(page -> {
            Response.ResponseBuilder r = switch (out) {
                case CSV -> Response.ok(CsvWriter.write(page.columns(), page.rows()), out.mediaType());
                case VOTABLE -> Response.ok(VoTableWriter.write(page.catalog().name(), "Cone search of "
                        + page.catalog().name(), page.columns(), page.rows(), infos(raDeg, decDeg, radiusDeg, page)),
                        out.mediaType());
                case JSON -> Response.ok(json(page, raDeg, decDeg, radiusDeg, n), out.mediaType());
            };
            r.header("X-Truncated", page.truncated());
            if (page.nextCursor() != null) {
                r.header("X-Next-Cursor", page.nextCursor());
            }
            return r.build();
        });
    }

    /** Validates the cone parameters shared by /cone and /export (ranges in the messages). */
    static ConeSearch.Request request(QuerySettings settings, String catalog, String ra, String dec, String radius,
                                      String columns, UriInfo uri, int limit, String cursor) {
        double raDeg = QueryParams.number("ra", ra, 0, 360, true, "deg");
        double decDeg = QueryParams.number("dec", dec, -90, 90, false, "deg");
        double radiusDeg = QueryParams.number("radius", radius, 0, settings.maxRadiusDeg(), false, "deg");
        if (radiusDeg == 0) {
            throw ApiProblemException.badRequest("radius must be in (0, " + QueryParams.fmt(settings.maxRadiusDeg())
                    + "] deg, got 0");
        }
        List<String> wanted = columns == null || columns.isBlank() ? List.of()
                : Arrays.stream(columns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ConeSearch.Request(catalog, raDeg, decDeg, radiusDeg, filters(uri), wanted, limit, cursor, false);
    }

    /** {@code <column>.min} / {@code <column>.max} parameters as column -> {min, max} (NaN = open). */
    static Map<String, double[]> filters(UriInfo uri) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : uri.getQueryParameters().entrySet()) {
            String key = e.getKey();
            boolean min = key.endsWith(".min");
            if (!min && !key.endsWith(".max")) {
                continue;
            }
            String column = key.substring(0, key.length() - 4);
            double v = QueryParams.number(key, e.getValue().get(0), -Double.MAX_VALUE, Double.MAX_VALUE, false, null);
            double[] range = out.computeIfAbsent(column, k -> new double[] {Double.NaN, Double.NaN});
            range[min ? 0 : 1] = v;
        }
        return out;
    }

    private static Map<String, String> infos(double ra, double dec, double radius, ConeSearch.Page page) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("RA", Double.toString(ra));
        m.put("DEC", Double.toString(dec));
        m.put("RADIUS_DEG", Double.toString(radius));
        m.put("TRUNCATED", Boolean.toString(page.truncated()));
        if (page.nextCursor() != null) {
            m.put("NEXT_CURSOR", page.nextCursor());
        }
        return m;
    }

    private static Map<String, Object> json(ConeSearch.Page page, double ra, double dec, double radius, int limit) {
        List<Map<String, Object>> rows = new ArrayList<>(page.rows().size());
        List<TableColumn> cols = page.columns();
        for (Object[] r : page.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                m.put(cols.get(i).name(), r[i]);
            }
            rows.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("catalog", page.catalog().name());
        body.put("ra", ra);
        body.put("dec", dec);
        body.put("radiusDeg", radius);
        body.put("limit", limit);
        body.put("count", rows.size());
        body.put("truncated", page.truncated());
        body.put("nextCursor", page.nextCursor());
        body.put("rows", rows);
        return body;
    }
}

package org.desi.catalogs.query.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
import org.desi.catalogs.query.repository.CatalogRepository;
import org.desi.catalogs.query.search.ConeQuery;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Cone search on any registered catalog with positions: rows sorted by distance, with range filters. */
@Path("/api/v1/catalogs/{catalog}/cone")
public class ConeSearchResource {

    private static final String CSV = "text/csv";

    private final CatalogRepository catalogs;
    private final Pool pool;
    private final QuerySettings settings;
    private final MeterRegistry metrics;

    public ConeSearchResource(CatalogRepository catalogs, Pool pool, QuerySettings settings, MeterRegistry metrics) {
        this.catalogs = catalogs;
        this.pool = pool;
        this.settings = settings;
        this.metrics = metrics;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Objects within a radius of a sky position, nearest first",
            description = "Range filters on any numeric column as <column>.min=<value> and <column>.max=<value>"
                    + " (validated against the catalog's registered columns). Each row carries distance_arcsec.")
    public Uni<Response> cone(@PathParam("catalog") String catalog,
            @Parameter(description = "Right ascension of the centre (ICRS) [deg], 0 <= ra < 360") @QueryParam("ra") String ra,
            @Parameter(description = "Declination of the centre (ICRS) [deg], -90 <= dec <= 90") @QueryParam("dec") String dec,
            @Parameter(description = "Cone radius [deg], 0 < radius <= desi.query.max-radius-deg (default 10)") @QueryParam("radius") String radius,
            @Parameter(description = "Rows per page, 1..desi.query.max-limit (default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "Comma-separated columns to return (default: all registered)") @QueryParam("columns") String columns,
            @Parameter(description = "json or csv (default from Accept, else json)") @QueryParam("format") String format,
            @HeaderParam("Accept") String accept, @Context UriInfo uri) {
        double raDeg = QueryParams.number("ra", ra, 0, 360, true, "deg");
        double decDeg = QueryParams.number("dec", dec, -90, 90, false, "deg");
        double radiusDeg = QueryParams.number("radius", radius, 0, settings.maxRadiusDeg(), false, "deg");
        if (radiusDeg == 0) {
            throw ApiProblemException.badRequest("radius must be in (0, " + QueryParams.fmt(settings.maxRadiusDeg()) + "] deg, got 0");
        }
        int n = QueryParams.integer("limit", limit, 1, settings.maxLimit(), settings.defaultLimit());
        boolean csv = chooseCsv(format, accept);
        Map<String, double[]> filters = filters(uri);
        List<String> wanted = columns == null || columns.isBlank() ? List.of()
                : Arrays.stream(columns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        Timer.Sample timer = Timer.start(metrics);
        return catalogs.requireForQuery(catalog).flatMap(cat -> {
            ConeQuery q = ConeQuery.build(cat, raDeg, decDeg, radiusDeg, filters, wanted, n);
            return pool.preparedQuery(q.sql()).execute(q.params()).map(rows -> {
                List<Row> page = new ArrayList<>();
                for (Row r : rows) {
                    page.add(r);
                }
                boolean truncated = page.size() > n;
                if (truncated) {
                    page = page.subList(0, n);
                }
                timer.stop(metrics.timer("desi.query.cone", "format", csv ? "csv" : "json"));
                metrics.counter("desi.query.cone.rows").increment(page.size());
                List<String> names = new ArrayList<>(q.columns());
                names.add("distance_arcsec");
                return csv ? Response.ok(toCsv(names, page), CSV).header("X-Truncated", truncated).build()
                        : Response.ok(toJson(cat.name(), raDeg, decDeg, radiusDeg, n, truncated, names, page),
                                MediaType.APPLICATION_JSON).build();
            });
        });
    }

    private static boolean chooseCsv(String format, String accept) {
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiProblemException.badRequest("format must be json or csv, got '" + format + "'");
            };
        }
        return accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON);
    }

    private static Map<String, double[]> filters(UriInfo uri) {
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

    private static Map<String, Object> toJson(String catalog, double ra, double dec, double radius, int limit,
                                              boolean truncated, List<String> names, List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                m.put(names.get(i), r.getValue(i));
            }
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("catalog", catalog);
        body.put("ra", ra);
        body.put("dec", dec);
        body.put("radiusDeg", radius);
        body.put("limit", limit);
        body.put("count", rows.size());
        body.put("truncated", truncated);
        body.put("rows", out);
        return body;
    }

    private static String toCsv(List<String> names, List<Row> rows) {
        StringBuilder s = new StringBuilder(String.join(",", names)).append('\n');
        for (Row r : rows) {
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    s.append(',');
                }
                Object v = r.getValue(i);
                if (v != null) {
                    String text = v instanceof Object[] arr ? Arrays.toString(arr) : v.toString();
                    boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n");
                    s.append(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
                }
            }
            s.append('\n');
        }
        return s.toString();
    }
}

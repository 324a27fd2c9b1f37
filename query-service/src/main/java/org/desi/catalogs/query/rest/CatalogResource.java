package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.query.search.ObjectLookup;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.core.sky.SkyCoverage;
import org.desi.catalogs.query.format.MocDocument;
import org.desi.catalogs.query.format.MocSkyMap;
import org.desi.catalogs.query.repository.CatalogRepository;
import org.desi.catalogs.query.repository.CoverageRepository;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The catalog registry: what can be queried, with columns, units and source files. */
@Path("/api/v1/catalogs")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final CatalogRepository catalogs;
    private final ObjectLookup objects;
    private final CoverageRepository coverages;

    public CatalogResource(CatalogRepository catalogs, ObjectLookup objects, CoverageRepository coverages) {
        this.catalogs = catalogs;
        this.objects = objects;
        this.coverages = coverages;
    }

    @GET
    @Operation(summary = "Registered catalogs with row counts, columns (type, unit) and source files")
    public Uni<List<CatalogInfo>> list() {
        return catalogs.list();
    }

    @GET
    @Path("/{catalog}")
    @Operation(summary = "One catalog, or 404")
    public Uni<CatalogInfo> get(@PathParam("catalog") String catalog) {
        return catalogs.require(catalog);
    }

    @GET
    @Path("/{catalog}/objects/{id}")
    @Operation(summary = "One row by the catalog's id column (e.g. TARGETID): column (lower case) -> value, NULL as"
            + " null, arrays as arrays; 404 when no row has that id, 400 when the id is not of the id column's type")
    public Uni<Map<String, Object>> object(@PathParam("catalog") String catalog, @PathParam("id") String id) {
        return objects.find(catalog, id);
    }

    @GET
    @Path("/{catalog}/moc")
    @Produces({MediaType.APPLICATION_JSON, "application/fits", "image/svg+xml"})
    @Operation(summary = "The catalog's sky coverage as an IVOA MOC 2.0 (HEALPix nested, ICRS), normalized, for TOPCAT"
            + " and Aladin; order 0 up to the stored order (default), format json (default) or fits; format svg draws"
            + " it on the whole sky (Mollweide, RA increasing to the left, at order min(order, 6))")
    public Uni<Response> moc(@PathParam("catalog") String catalog,
                             @Parameter(description = "MOC order, 0 to the stored order (the catalog description's"
                                     + " coverage.mocOrder); default the stored order") @QueryParam("order") String order,
                             @Parameter(description = "json (default), fits or svg (a picture)") @QueryParam("format")
                             String format) {
        String kind = format == null || format.isBlank() ? "json" : format.toLowerCase(java.util.Locale.ROOT);
        if (!List.of("json", "fits", "svg").contains(kind)) {
            throw ApiProblemException.badRequest("format '" + format + "' is not one of json, fits, svg");
        }
        return catalogs.requireForQuery(catalog).flatMap(cat -> coverages.of(cat.catalogId()).map(found -> {
            SkyCoverage coverage = found.orElseThrow(() -> ApiProblemException.notFound("catalog " + cat.name()
                    + " has no recorded sky coverage (it has no positions, or its files were loaded before coverage"
                    + " was recorded: load them again)"));
            // the stored order bounds what can be served: finer cells were never recorded
            int mocOrder = QueryParams.integer("order", order, 0, coverage.order(), coverage.order());
            if (kind.equals("svg")) {
                SkyCoverage drawn = coverage.degradedTo(mocOrder);
                return Response.ok(MocSkyMap.svg(cat.name(), drawn, coverage.areaDeg2()), "image/svg+xml")
                        .header("Cache-Control", "no-cache").build();
            }
            MocDocument moc = new MocDocument(coverage.normalizedMoc(mocOrder));
            String file = cat.name().replaceAll("[^A-Za-z0-9_.-]", "_") + "-moc" + mocOrder;
            if (kind.equals("json")) {
                return Response.ok(moc.jsonBytes(), MediaType.APPLICATION_JSON).build();
            }
            StreamingOutput body = moc::writeFits;
            return Response.ok(body, "application/fits")
                    .header("Content-Disposition", "attachment; filename=\"" + file + ".fits\"").build();
        }));
    }
}

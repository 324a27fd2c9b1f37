package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.query.search.ObjectLookup;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.query.repository.CatalogRepository;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The catalog registry: what can be queried, with columns, units and source files. */
@Path("/api/v1/catalogs")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final CatalogRepository catalogs;
    private final ObjectLookup objects;

    public CatalogResource(CatalogRepository catalogs, ObjectLookup objects) {
        this.catalogs = catalogs;
        this.objects = objects;
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
}

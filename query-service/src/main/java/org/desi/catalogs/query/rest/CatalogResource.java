package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.query.repository.CatalogRepository;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The catalog registry: what can be queried, with columns, units and source files. */
@Path("/api/v1/catalogs")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final CatalogRepository catalogs;

    public CatalogResource(CatalogRepository catalogs) {
        this.catalogs = catalogs;
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
}

package org.desi.catalogs.ingest.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.desi.catalogs.ingest.catalog.CatalogDeletion;
import org.desi.catalogs.service.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/** Catalogs as ingest-service writes them: the loads create them, this deletes them. */
@Path("/api/v1/ingest/catalogs")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private static final Logger LOG = Logger.getLogger(CatalogResource.class);

    private final CatalogDeletion deletion;
    private final SecurityIdentity identity;

    public CatalogResource(CatalogDeletion deletion, SecurityIdentity identity) {
        this.deletion = deletion;
        this.identity = identity;
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    @Operation(summary = "Delete a catalog with its rows and the cross-match results that used it",
            description = "One transaction: the catalog's rows (its table or partitions), voids, the cross-match jobs"
                    + " and placements that read it. Its ingest jobs stay readable; the same file loads again"
                    + " afterwards. 409 while a job that uses the catalog is queued or running; 404 if there is none.")
    public Uni<CatalogDeletion.DeletedCatalog> delete(@PathParam("name") String name) {
        return deletion.delete(name).invoke(d -> LOG.infof("catalog %s (%s, %d rows) deleted by %s with %d cross-match"
                + " job(s)", d.name(), d.kind(), d.rowCount(), identity.getPrincipal().getName(), d.crossmatchJobsDeleted()));
    }
}

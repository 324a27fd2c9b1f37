package org.desi.catalogs.query.statistics;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.desi.catalogs.query.repository.CatalogInfo;
import org.desi.catalogs.query.repository.CatalogRepository;
import org.desi.catalogs.query.repository.PlacementRepository;
import org.desi.catalogs.query.repository.VoidCatalogInfo;
import org.desi.catalogs.query.repository.VoidRepository;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every statistic starts from: the galaxy catalog (columns and files), the void catalog
 * (cosmology, limits, file) and a complete placement of one in the other (else 404, 400 or 409).
 */
@ApplicationScoped
public class StatisticsInputs {

    /** The resolved inputs. */
    record Inputs(CatalogInfo galaxies, VoidCatalogInfo voids, PlacementRepository.Placement placement) {
    }

    private final CatalogRepository catalogs;
    private final VoidRepository voidCatalogs;
    private final PlacementRepository placements;
    private final String software;

    public StatisticsInputs(CatalogRepository catalogs, VoidRepository voidCatalogs, PlacementRepository placements,
                            @ConfigProperty(name = "quarkus.application.name", defaultValue = "query-service") String name,
                            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.catalogs = catalogs;
        this.voidCatalogs = voidCatalogs;
        this.placements = placements;
        this.software = name + " " + version;
    }

    Uni<Inputs> resolve(String galaxies, String voids) {
        if (galaxies == null || galaxies.isBlank() || voids == null || voids.isBlank()) {
            throw ApiProblemException.badRequest("galaxies and voids are required: a galaxy catalog with logmstar and"
                    + " dn4000/sfr (e.g. FastSpecFit) and the void catalog it was placed in");
        }
        return voidCatalogs.requireDetails(voids).flatMap(v -> catalogs.require(galaxies).flatMap(g ->
                placements.requireComplete(g.catalogId(), g.name(), v.catalogId(), v.name())
                        .map(p -> new Inputs(g, v, p))));
    }

    Provenance provenance(Inputs in, List<SampleSelection.Cut> cuts) {
        VoidCatalogInfo v = in.voids();
        String distances = v.hubbleH() == 1.0 ? "Mpc/h as in the file (HP = 1)"
                : "converted to Mpc/h from the file's Mpc (HP = " + v.hubbleH() + ")";
        return new Provenance(
                new Provenance.VoidCatalog(v.name(), v.algorithm(), v.fileName(), v.sha256(), v.loadedAt(), v.omegaM(),
                        v.hubbleH(), distances),
                new Provenance.GalaxyCatalog(in.galaxies().name(), in.galaxies().sourceFiles().stream()
                        .map(f -> new Provenance.File(f.fileName(), f.sha256())).toList()),
                new Provenance.PlacementJob(in.placement().jobId(), in.placement().finishedAt(), in.placement().v2Rule()),
                cuts, software);
    }
}

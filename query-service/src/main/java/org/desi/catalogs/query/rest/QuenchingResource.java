package org.desi.catalogs.query.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.desi.catalogs.query.statistics.QuenchingPlot;
import org.desi.catalogs.query.statistics.QuenchingStatistics;
import org.desi.catalogs.query.statistics.VoidProfilePlot;
import org.desi.catalogs.query.statistics.VoidProfileStatistics;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The science answers, as numbers and as plots: quenched fractions of void and wall galaxies per
 * stellar-mass bin, and the void-centric profile at fixed mass.
 */
@Path("/api/v1/statistics")
public class QuenchingResource {

    private final QuenchingStatistics quenching;
    private final VoidProfileStatistics profile;

    public QuenchingResource(QuenchingStatistics quenching, VoidProfileStatistics profile) {
        this.quenching = quenching;
        this.profile = profile;
    }

    @GET
    @Path("/quenching")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Per stellar-mass bin: void and wall counts, quenched fractions (68% Wilson intervals), void -"
            + " wall difference; over all bins the wall fraction re-weighted to the void masses minus the void fraction;"
            + " the cuts with what each removed, and the provenance")
    public Uni<QuenchingStatistics.Result> quenching(@BeanParam StatisticsParams p,
            @Parameter(description = "Bin edges in log10(Msun), 2..41 increasing values in [5, 14]; default 9,9.5,...,12")
            @QueryParam("massBins") String massBins) {
        return quenching.compute(p.galaxies, p.voids, p.proxy, massBins, p.selection());
    }

    @GET
    @Path("/quenching.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "The quenching statistics as an SVG plot (same parameters)")
    public Uni<Response> quenchingSvg(@BeanParam StatisticsParams p, @QueryParam("massBins") String massBins) {
        return quenching(p, massBins).map(r -> Response.ok(QuenchingPlot.svg(r), "image/svg+xml").build());
    }

    @GET
    @Path("/quenching.png")
    @Produces("image/png")
    @Blocking
    @Operation(summary = "The quenching statistics as a PNG plot (same parameters)")
    public Uni<Response> quenchingPng(@BeanParam StatisticsParams p, @QueryParam("massBins") String massBins) {
        return quenching(p, massBins).map(r -> Response.ok(QuenchingPlot.png(r), "image/png").build());
    }

    @GET
    @Path("/void-profile")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Quenched fraction in shells of R/R_eff (distance to the galaxy's void centre over its"
            + " effective radius; nearest void for wall galaxies) at fixed stellar mass")
    public Uni<VoidProfileStatistics.Result> voidProfile(@BeanParam StatisticsParams p,
            @Parameter(description = "Lower stellar-mass limit, log10(Msun) in [5, 14]; default 9") @QueryParam("massMin") String massMin,
            @Parameter(description = "Upper stellar-mass limit (exclusive), log10(Msun) in [5, 14]; default 12") @QueryParam("massMax") String massMax,
            @Parameter(description = "Shell edges of R/R_eff from 0, 2..21 increasing values in [0, 100]; default"
                    + " 0,0.5,1,1.5,2,3 (plus the open shell beyond the last)") @QueryParam("rBins") String rBins) {
        return profile.compute(p.galaxies, p.voids, p.proxy, massMin, massMax, rBins, p.selection());
    }

    @GET
    @Path("/void-profile.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "The void-centric profile as an SVG plot (same parameters)")
    public Uni<Response> voidProfileSvg(@BeanParam StatisticsParams p, @QueryParam("massMin") String massMin,
                                        @QueryParam("massMax") String massMax, @QueryParam("rBins") String rBins) {
        return voidProfile(p, massMin, massMax, rBins).map(r -> Response.ok(VoidProfilePlot.svg(r), "image/svg+xml").build());
    }

    @GET
    @Path("/void-profile.png")
    @Produces("image/png")
    @Blocking
    @Operation(summary = "The void-centric profile as a PNG plot (same parameters)")
    public Uni<Response> voidProfilePng(@BeanParam StatisticsParams p, @QueryParam("massMin") String massMin,
                                        @QueryParam("massMax") String massMax, @QueryParam("rBins") String rBins) {
        return voidProfile(p, massMin, massMax, rBins).map(r -> Response.ok(VoidProfilePlot.png(r), "image/png").build());
    }
}

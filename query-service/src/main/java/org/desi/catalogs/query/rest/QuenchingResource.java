package org.desi.catalogs.query.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.desi.catalogs.query.statistics.QuenchingPlot;
import org.desi.catalogs.query.statistics.QuenchingStatistics;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Quenched fractions of void and wall galaxies per stellar-mass bin, as numbers and as a plot. */
@Path("/api/v1/statistics")
public class QuenchingResource {

    private final QuenchingStatistics statistics;

    public QuenchingResource(QuenchingStatistics statistics) {
        this.statistics = statistics;
    }

    @GET
    @Path("/quenching")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Per stellar-mass bin: void and wall counts, quenched fractions with 68% Wilson intervals")
    public Uni<QuenchingStatistics.Result> quenching(
            @Parameter(description = "Galaxy catalog with logmstar and dn4000/sfr (FastSpecFit)", required = true) @QueryParam("galaxies") String galaxies,
            @Parameter(description = "Void catalog the galaxies were placed in (voids cross-match job)", required = true) @QueryParam("voids") String voids,
            @Parameter(description = "dn4000 (Dn4000 > 1.6, default) or ssfr (log10 sSFR < -11 per year)") @QueryParam("proxy") String proxy,
            @Parameter(description = "Bin edges in log10(Msun), 2..41 increasing values in [5, 14]; default 9,9.5,...,12") @QueryParam("massBins") String massBins) {
        return statistics.compute(galaxies, voids, QuenchingStatistics.Proxy.parse(proxy),
                QuenchingStatistics.parseBins(massBins));
    }

    @GET
    @Path("/quenching.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "The quenching statistics as an SVG plot (same parameters)")
    public Uni<Response> svg(@QueryParam("galaxies") String galaxies, @QueryParam("voids") String voids,
                             @QueryParam("proxy") String proxy, @QueryParam("massBins") String massBins) {
        return quenching(galaxies, voids, proxy, massBins)
                .map(r -> Response.ok(QuenchingPlot.svg(r), "image/svg+xml").build());
    }

    @GET
    @Path("/quenching.png")
    @Produces("image/png")
    @Blocking
    @Operation(summary = "The quenching statistics as a PNG plot (same parameters)")
    public Uni<Response> png(@QueryParam("galaxies") String galaxies, @QueryParam("voids") String voids,
                             @QueryParam("proxy") String proxy, @QueryParam("massBins") String massBins) {
        return quenching(galaxies, voids, proxy, massBins)
                .map(r -> Response.ok(QuenchingPlot.png(r), "image/png").build());
    }
}

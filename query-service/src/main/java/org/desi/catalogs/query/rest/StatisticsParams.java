package org.desi.catalogs.query.rest;

import jakarta.ws.rs.QueryParam;
import org.desi.catalogs.query.statistics.SampleSelection;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters every statistic shares: the catalogs, the quenching proxy and the sample cuts. */
public class StatisticsParams {

    @QueryParam("galaxies")
    @Parameter(description = "Galaxy catalog with logmstar and dn4000/sfr (FastSpecFit)", required = true)
    public String galaxies;

    @QueryParam("voids")
    @Parameter(description = "Void catalog the galaxies were placed in by a SUCCEEDED voids cross-match job (else 409)",
            required = true)
    public String voids;

    @QueryParam("proxy")
    @Parameter(description = "dn4000 (Dn4000 > 1.6, default) or ssfr (log10 SFR - LOGMSTAR < -11 per year; SFR <= 0"
            + " counts as quenched)")
    public String proxy;

    @QueryParam("cuts")
    @Parameter(description = "default (the DESIVAST sample: every cut below where the catalog has its columns) or none")
    public String cuts;

    @QueryParam("zRange")
    @Parameter(description = "zmin,zmax (0..10) or none; default the void catalog's ZLIML,ZLIMU")
    public String zRange;

    @QueryParam("zwarn")
    @Parameter(description = "0 (keep ZWARN == 0, default) or none")
    public String zwarn;

    @QueryParam("deltachi2Min")
    @Parameter(description = "keep DELTACHI2 > this (0..1e9, default 40) or none")
    public String deltachi2Min;

    @QueryParam("magLimit")
    @Parameter(description = "keep ABSMAG01_SDSS_R + 0.97 (z - 0.1) <= this [mag] (-30..-5; default the void catalog's"
            + " MAGLIM, else -20) or none")
    public String magLimit;

    SampleSelection.Request selection() {
        return new SampleSelection.Request(cuts, zRange, zwarn, deltachi2Min, magLimit);
    }
}

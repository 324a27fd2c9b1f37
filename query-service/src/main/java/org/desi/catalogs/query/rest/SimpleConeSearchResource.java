package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.format.TableColumn;
import org.desi.catalogs.query.format.VoTableWriter;
import org.desi.catalogs.query.search.ConeSearch;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * IVOA Simple Cone Search 1.03: {@code GET /scs/{catalog}?RA=&DEC=&SR=&VERB=}, a VOTable 1.3 with
 * exactly one FIELD each of UCD ID_MAIN, POS_EQ_RA_MAIN and POS_EQ_DEC_MAIN. Errors are reported
 * the SCS way, not as problem+json: HTTP 200 with a VOTable holding INFO QUERY_STATUS=ERROR (and the
 * SCS 1.03 "Error" INFO), which is what pyvo and STILTS read.
 */
@Path("/scs/{catalog}")
public class SimpleConeSearchResource {

    static final String VOTABLE = "application/x-votable+xml";

    private final ConeSearch cones;
    private final QuerySettings settings;

    public SimpleConeSearchResource(ConeSearch cones, QuerySettings settings) {
        this.cones = cones;
        this.settings = settings;
    }

    @GET
    @Produces({VOTABLE, "text/xml"})
    @Operation(summary = "IVOA Simple Cone Search 1.03 (VOTable 1.3)",
            description = "VERB=1: id, RA, Dec; VERB=2 (default) and 3: every registered column. At most"
                    + " DESI_QUERY_MAX_LIMIT rows, nearest first (INFO TRUNCATED says when cut).")
    public Uni<Response> search(
            @Parameter(description = "Catalog name") @PathParam("catalog") String catalog,
            @Parameter(description = "Right ascension (ICRS) [deg], 0 <= RA < 360 (360 is taken as 0)") @QueryParam("RA") String ra,
            @Parameter(description = "Declination (ICRS) [deg], -90 <= DEC <= 90") @QueryParam("DEC") String dec,
            @Parameter(description = "Search radius [deg], 0 <= SR <= DESI_QUERY_MAX_RADIUS_DEG; 0 returns no rows") @QueryParam("SR") String sr,
            @Parameter(description = "Verbosity 1, 2 or 3") @QueryParam("VERB") String verb) {
        double raDeg;
        double decDeg;
        double srDeg;
        int verbosity;
        try {
            raDeg = QueryParams.number("RA", ra, 0, 360, false, "deg") % 360.0;
            decDeg = QueryParams.number("DEC", dec, -90, 90, false, "deg");
            srDeg = QueryParams.number("SR", sr, 0, settings.maxRadiusDeg(), false, "deg");
            verbosity = QueryParams.integer("VERB", verb, 1, 3, 2);
        } catch (ApiProblemException e) {
            return Uni.createFrom().item(error(e.getMessage()));
        }
        List<String> columns = List.of();
        double radius = srDeg == 0 ? 1e-12 : srDeg;   // SR=0: a valid query that matches (almost) nothing
        Uni<ConeSearch.Page> pageUni = cones.search(new ConeSearch.Request(catalog, raDeg, decDeg, radius, Map.of(),
                columns, settings.maxLimit(), null, true), "scs");
        return pageUni.map(page -> {
            List<Object[]> rows = page.rows();
            List<TableColumn> cols = page.columns();
            if (verbosity == 1) {
                // keep the id, RA and Dec columns (and the distance) only
                List<TableColumn> all = cols;
                int[] keep = java.util.stream.IntStream.range(0, all.size())
                        .filter(i -> all.get(i).ucd() != null || i == all.size() - 1).toArray();
                cols = java.util.Arrays.stream(keep).mapToObj(all::get).toList();
                rows = rows.stream().map(r -> java.util.Arrays.stream(keep).mapToObj(i -> r[i]).toArray()).toList();
            }
            Map<String, String> infos = new LinkedHashMap<>();
            infos.put("RA", Double.toString(raDeg));
            infos.put("DEC", Double.toString(decDeg));
            infos.put("SR", Double.toString(srDeg));
            infos.put("VERB", Integer.toString(verbosity));
            infos.put("TRUNCATED", Boolean.toString(page.truncated()));
            return Response.ok(VoTableWriter.write(page.catalog().name(), "Simple Cone Search of "
                    + page.catalog().name(), cols, rows, infos), VOTABLE).build();
        }).onFailure(ApiProblemException.class).recoverWithItem(e -> error(e.getMessage()));
    }

    private static Response error(String message) {
        return Response.ok(VoTableWriter.error(message), VOTABLE).build();
    }
}

package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.query.adql.TapColumn;
import org.desi.catalogs.query.adql.TapTable;
import org.desi.catalogs.query.format.VoTableWriter;
import org.desi.catalogs.query.repository.TapSchemaRepository;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * DALI examples ({@code /tap/examples}): the ADQL queries TOPCAT lists under "Service-provided" in its TAP
 * window, written for the tables loaded now (the first catalog with positions names the cone, the nearest
 * objects, the uploaded target list and the environment join), and the void and environment tables that always
 * exist. XHTML with the RDFa terms of the DALI examples vocabulary.
 */
@Path("/tap/examples")
public class TapExamplesResource {

    /** One example: its fragment id, title, what it shows, and the query. */
    record Example(String id, String name, String description, String query) {
    }

    private final TapSchemaRepository schema;

    public TapExamplesResource(TapSchemaRepository schema) {
        this.schema = schema;
    }

    @GET
    @Produces("application/xhtml+xml")
    @Operation(summary = "DALI examples: ADQL queries for the tables loaded now (TOPCAT's service-provided examples)")
    public Uni<String> examples() {
        return schema.tables().map(tables -> document(examples(tables)));
    }

    static List<Example> examples(Map<String, TapTable> tables) {
        List<Example> out = new ArrayList<>();
        TapTable positional = null;
        for (TapTable t : tables.values()) {
            if (t.schemaName().equals("catalogs") && t.raColumn() != null && t.decColumn() != null) {
                positional = t;
                break;
            }
        }
        if (positional != null) {
            String name = positional.adqlName();
            String ra = adql(positional, positional.raColumn());
            String dec = adql(positional, positional.decColumn());
            out.add(new Example("cone", "Cone search", "Every object of " + name + " within 6 arcmin of (RA, Dec) ="
                    + " (150, 2) deg; the cone is read through the catalog's declination zones and RA ranges.",
                    "SELECT TOP 1000 *\nFROM " + name + "\nWHERE 1 = CONTAINS(POINT('ICRS', " + ra + ", " + dec + "),"
                            + " CIRCLE('ICRS', 150.0, 2.0, 0.1))"));
            out.add(new Example("nearest", "Nearest objects", "The 10 objects of " + name + " nearest to (150, 2) deg,"
                    + " with their distance in degrees.",
                    "SELECT TOP 10 t.*, DISTANCE(POINT('ICRS', t." + ra + ", t." + dec + "), POINT('ICRS', 150.0, 2.0))"
                            + " AS dist_deg\nFROM " + name + " AS t\nWHERE 1 = CONTAINS(POINT('ICRS', t." + ra + ", t."
                            + dec + "), CIRCLE('ICRS', 150.0, 2.0, 0.5))\nORDER BY dist_deg"));
            out.add(new Example("upload", "Your target list, matched by position", "Upload a table named targets with"
                    + " columns ra and dec in degrees (TOPCAT: the Upload tab; pyvo: uploads={'targets': table}); every"
                    + " object of " + name + " within 1 arcsec of a target.",
                    "SELECT u.*, g.*\nFROM TAP_UPLOAD.targets AS u\nJOIN " + name + " AS g\n  ON 1 = CONTAINS(POINT('ICRS',"
                            + " g." + ra + ", g." + dec + "), CIRCLE('ICRS', u.ra, u.dec, 1.0 / 3600))"));
            TapColumn id = column(positional, "meta.id;meta.main");
            if (id != null) {
                out.add(new Example("environment-join", "Galaxies with their cosmic environment", "Each galaxy of "
                        + name + " with the environment (void, wall, ...) its newest void placement gave it.",
                        "SELECT TOP 1000 g.*, e.environment, e.void_id, e.r_over_reff\nFROM " + name + " AS g\nJOIN"
                                + " desi.galaxy_environment AS e ON e.object_id = g." + id.adqlName()
                                + "\nJOIN desi.\"catalog\" AS c ON c.catalog_id = e.galaxy_catalog_id\nWHERE c.name = '"
                                + positional.unqualifiedName().replace("'", "''") + "'"));
            }
        }
        out.add(new Example("environments", "Galaxies per environment", "How many galaxies each void placement put"
                + " in voids and in walls, per galaxy and void catalog.",
                "SELECT c.name AS galaxies, e.void_catalog_id, e.environment, COUNT(*) AS n\nFROM desi.galaxy_environment"
                        + " AS e\nJOIN desi.\"catalog\" AS c ON c.catalog_id = e.galaxy_catalog_id\nGROUP BY c.name,"
                        + " e.void_catalog_id, e.environment\nORDER BY galaxies, void_catalog_id, environment"));
        out.add(new Example("largest-voids", "Largest VoidFinder voids", "The 20 VoidFinder voids of largest effective"
                + " radius, with their centres.",
                "SELECT TOP 20 catalog_id, void_id, ra, dec, r_eff\nFROM desi.voidfinder_void\nORDER BY r_eff DESC"));
        out.add(new Example("tables", "What is here", "Every table this service serves, with its description.",
                "SELECT schema_name, table_name, description\nFROM TAP_SCHEMA.tables\nORDER BY schema_name,"
                        + " table_name"));
        return out;
    }

    /** How ADQL writes the column named {@code sqlName} of {@code t} (delimited where it must be). */
    private static String adql(TapTable t, String sqlName) {
        TapColumn c = t.column(sqlName, true);
        return c == null ? sqlName : c.adqlName();
    }

    private static TapColumn column(TapTable t, String ucd) {
        for (TapColumn c : t.columns()) {
            if (ucd.equals(c.ucd())) {
                return c;
            }
        }
        return null;
    }

    static String document(List<Example> examples) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head><title>DESI DR1 catalogs: TAP examples</title>"
                + "</head>\n<body vocab=\"http://www.ivoa.net/rdf/examples#\">\n<h1>TAP examples</h1>\n");
        for (Example e : examples) {
            s.append("<div typeof=\"example\" id=\"").append(e.id()).append("\" resource=\"#").append(e.id())
                    .append("\">\n  <h2 property=\"name\">").append(xml(e.name())).append("</h2>\n  <p>")
                    .append(xml(e.description())).append("</p>\n  <pre property=\"query\">").append(xml(e.query()))
                    .append("</pre>\n</div>\n");
        }
        return s.append("</body>\n</html>\n").toString();
    }

    private static String xml(String s) {
        return VoTableWriter.xml(s);
    }
}

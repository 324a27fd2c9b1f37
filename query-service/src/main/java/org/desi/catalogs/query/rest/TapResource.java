package org.desi.catalogs.query.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.desi.catalogs.query.QuerySettings;
import org.desi.catalogs.query.adql.AdqlException;
import org.desi.catalogs.query.adql.AdqlTranslator;
import org.desi.catalogs.query.adql.TapColumn;
import org.desi.catalogs.query.adql.TapRequest;
import org.desi.catalogs.query.adql.TapTable;
import org.desi.catalogs.query.adql.TapUpload;
import org.desi.catalogs.query.adql.TranslatedQuery;
import org.desi.catalogs.query.format.TapResultDocument;
import org.desi.catalogs.query.format.VoTableWriter;
import org.desi.catalogs.query.gateway.UploadUrlFetcher;
import org.desi.catalogs.query.repository.TapSchemaRepository;
import org.desi.catalogs.query.search.TapMetrics;
import org.desi.catalogs.query.search.TapQueryRunner;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * IVOA TAP 1.1 (synchronous queries) with ADQL 2.1 and the VOSI resources: what TOPCAT, pyvo and
 * STILTS speak. Parameter names are case-insensitive (DALI); errors are VOTable documents with
 * QUERY_STATUS=ERROR. Tables sent with the query (UPLOAD: inline parts, or URLs fetched by
 * {@link UploadUrlFetcher}) are joined as {@code TAP_UPLOAD.<name>}; asynchronous (UWS) jobs are
 * {@link TapAsyncResource}'s.
 */
@Path("/tap")
public class TapResource {

    static final String VOTABLE = TapRequest.VOTABLE;
    static final int FETCH_ROWS = 2000;

    private final TapSchemaRepository schema;
    private final TapQueryRunner runner;
    private final QuerySettings settings;
    private final UploadUrlFetcher fetcher;
    private final TapMetrics metrics;

    public TapResource(TapSchemaRepository schema, TapQueryRunner runner, QuerySettings settings,
                       UploadUrlFetcher fetcher, TapMetrics metrics) {
        this.schema = schema;
        this.runner = runner;
        this.settings = settings;
        this.fetcher = fetcher;
        this.metrics = metrics;
    }

    @GET
    @Path("/sync")
    @Produces(VOTABLE)
    @Operation(summary = "TAP synchronous query (LANG=ADQL, QUERY, MAXREC, RESPONSEFORMAT=votable|votable/b2|csv)")
    public RestMulti<String> syncGet(@Context UriInfo uri) {
        return respond(sync(TapRequest.parameters(null, uri.getQueryParameters())));
    }

    @POST
    @Path("/sync")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(VOTABLE)
    @Operation(summary = "TAP synchronous query, parameters as a form (what TOPCAT and pyvo send)")
    public RestMulti<String> syncPost(@Context UriInfo uri, MultivaluedMap<String, String> form) {
        return respond(sync(TapRequest.parameters(form, uri.getQueryParameters())));
    }

    @POST
    @Path("/sync")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(VOTABLE)
    @io.smallrye.common.annotation.Blocking   // reads the uploaded tables before the query starts
    @Operation(summary = "TAP synchronous query as multipart/form-data, with UPLOAD=name,param:part tables as parts"
            + " (VOTable; ADQL names them TAP_UPLOAD.name)")
    public RestMulti<String> syncMultipart(@Context UriInfo uri,
                                           org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput input) {
        return respond(withUploads(TapUploads.of(input, uri.getQueryParameters())));
    }

    /** The query run with its uploaded tables read (and those named by URL fetched) first. */
    private Uni<Answer> withUploads(TapUploads request) {
        long start = TapMetrics.start();
        TapRequest req;
        List<TapUpload> uploads;
        try {
            req = TapRequest.parse(request.parameters(), settings.tapDefaultMaxRec(), settings.tapMaxRec());
            uploads = request.withTables(req.uploads(), settings.tapUploadMaxRows(), fetcher, metrics,
                    tables -> tables.values().stream().map(TapUploads.Table::upload).toList());
        } catch (AdqlException e) {
            return error(start, 400, e.getMessage());
        }
        return run(req, uploads, start);
    }

    /** What a sync request answers: its status, type and body (streamed when it is a result). */
    private record Answer(int status, String contentType, Multi<String> body) {
    }

    private static RestMulti<String> respond(Uni<Answer> answer) {
        return RestMulti.fromUniResponse(answer, Answer::body, a -> Map.of("Content-Type", List.of(a.contentType())),
                Answer::status);
    }

    private Uni<Answer> sync(Map<String, String> p) {
        long start = TapMetrics.start();
        TapRequest req;
        try {
            req = TapRequest.parse(p, settings.tapDefaultMaxRec(), settings.tapMaxRec());
        } catch (AdqlException e) {
            return error(start, 400, e.getMessage());
        }
        if (!req.uploads().isEmpty()) {
            // tables named by URL are fetched and read off the event loop
            return Uni.createFrom().deferred(() -> withUploads(TapUploads.withoutParts(p)))
                    .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
        }
        return run(req, List.of(), start);
    }

    private Uni<Answer> run(TapRequest req, List<TapUpload> uploads, long start) {
        return schema.tables().flatMap(tables -> {
            TranslatedQuery q;
            try {
                q = AdqlTranslator.translate(req.query(), tables, uploads, req.maxRec());
            } catch (AdqlException e) {
                return error(start, 400, e.getMessage());
            }
            return runner.run(q, req.maxRec(), FETCH_ROWS)
                    .flatMap(r -> rows(metrics.measured(r, "sync", start), req))
                    // the query did not start (bad SQL, a timeout, no connection): counted here, as its rows never were
                    .onFailure().recoverWithUni(e -> error(start, TapResultDocument.status(e), TapResultDocument.reason(e)));
        });
    }

    /**
     * The answer with the rows. Their end is counted by {@link TapMetrics#measured}, also a failure while a
     * complete result is collected: its error answer is not counted again.
     */
    private static Uni<Answer> rows(TapQueryRunner.Result r, TapRequest req) {
        Multi<String> body = TapResultDocument.body(r, req.format(), req.query());
        if (!r.complete()) {
            return Uni.createFrom().item(new Answer(200, req.mediaType(), body));
        }
        // all rows in hand (a cone, a TOP n): one write instead of a chunk per piece
        return body.collect().with(java.util.stream.Collectors.joining())
                .map(doc -> new Answer(200, req.mediaType(), Multi.createFrom().item(doc)))
                .onFailure().recoverWithItem(e -> errorAnswer(TapResultDocument.status(e), TapResultDocument.reason(e)));
    }

    /** An error document; the query counted as refused (a 4xx: the client's error) or failed. */
    private Uni<Answer> error(long start, int status, String message) {
        metrics.ended("sync", start, status < 500);
        return Uni.createFrom().item(errorAnswer(status, message));
    }

    private static Answer errorAnswer(int status, String message) {
        return new Answer(status, VOTABLE, Multi.createFrom().item(VoTableWriter.error(message)));
    }

    // ---------------------------------------------------------------------------------------------
    // VOSI
    // ---------------------------------------------------------------------------------------------

    @GET
    @Path("/availability")
    @Produces(MediaType.TEXT_XML)
    @Operation(summary = "VOSI availability")
    public Uni<String> availability() {
        return schema.tables().map(t -> true).onFailure().recoverWithItem(false).map(up ->
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<vosi:availability"
                        + " xmlns:vosi=\"http://www.ivoa.net/xml/VOSIAvailability/v1.0\">\n  <vosi:available>" + up
                        + "</vosi:available>\n" + (up ? "" : "  <vosi:note>the database does not answer</vosi:note>\n")
                        + "</vosi:availability>\n");
    }

    @GET
    @Path("/capabilities")
    @Produces(MediaType.TEXT_XML)
    @Operation(summary = "VOSI capabilities: TAP 1.1 with ADQL 2.1, its geometry functions, formats and limits")
    public String capabilities(@Context UriInfo uri) {
        String base = xml(uri.getBaseUri().toString().replaceAll("/$", "") + "/tap");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\""
                + " xmlns:tr=\"http://www.ivoa.net/xml/TAPRegExt/v1.0\">\n"
                + "  <capability standardID=\"ivo://ivoa.net/std/TAP\" xsi:type=\"tr:TableAccess\">\n"
                + "    <interface xsi:type=\"vs:ParamHTTP\" role=\"std\" version=\"1.1\">\n"
                + "      <accessURL use=\"base\">" + base + "</accessURL>\n    </interface>\n"
                + "    <language>\n      <name>ADQL</name>\n"
                + "      <version ivo-id=\"ivo://ivoa.net/std/ADQL#v2.1\">2.1</version>\n"
                + "      <description>ADQL 2.1; geometry on ICRS positions in degrees (CIRCLE, convex POLYGON, BOX as"
                + " the polygon of its corners)</description>\n"
                + "      <languageFeatures type=\"ivo://ivoa.net/std/TAPRegExt#features-adqlgeo\">\n"
                + feature("POINT") + feature("CIRCLE") + feature("BOX") + feature("POLYGON") + feature("CONTAINS")
                + feature("INTERSECTS") + feature("DISTANCE") + feature("COORD1") + feature("COORD2")
                + "      </languageFeatures>\n"
                + "      <languageFeatures type=\"ivo://ivoa.net/std/TAPRegExt#features-adql-sets\">\n"
                + feature("UNION") + feature("EXCEPT") + feature("INTERSECT") + "      </languageFeatures>\n"
                + "      <languageFeatures type=\"ivo://ivoa.net/std/TAPRegExt#features-adql-type\">\n"
                + feature("CAST") + "      </languageFeatures>\n"
                + "      <languageFeatures type=\"ivo://ivoa.net/std/TAPRegExt#features-adql-string\">\n"
                + feature("LOWER") + feature("UPPER") + feature("ILIKE") + "      </languageFeatures>\n"
                + "      <languageFeatures type=\"ivo://ivoa.net/std/TAPRegExt#features-adql-offset\">\n"
                + feature("OFFSET") + "      </languageFeatures>\n"
                + "    </language>\n"
                + "    <outputFormat ivo-id=\"ivo://ivoa.net/std/TAPRegExt#output-votable-td\">\n"
                + "      <mime>" + VOTABLE + "</mime>\n      <alias>votable</alias>\n    </outputFormat>\n"
                + "    <outputFormat ivo-id=\"ivo://ivoa.net/std/TAPRegExt#output-votable-binary2\">\n"
                + "      <mime>" + VOTABLE + ";serialization=binary2</mime>\n      <alias>votable/b2</alias>\n"
                + "    </outputFormat>\n"
                + "    <outputFormat>\n      <mime>text/csv</mime>\n      <alias>csv</alias>\n    </outputFormat>\n"
                + "    <uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-inline\"/>\n"
                + (fetcher.enabled() ? "    <uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-http\"/>\n"
                + "    <uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-https\"/>\n" : "")
                + "    <outputLimit>\n      <default unit=\"row\">" + settings.tapDefaultMaxRec() + "</default>\n"
                + "      <hard unit=\"row\">" + settings.tapMaxRec() + "</hard>\n    </outputLimit>\n"
                + "    <uploadLimit>\n      <hard unit=\"row\">" + settings.tapUploadMaxRows() + "</hard>\n"
                + "    </uploadLimit>\n"
                + "  </capability>\n"
                + capability("ivo://ivoa.net/std/VOSI#capabilities", base + "/capabilities")
                + capability("ivo://ivoa.net/std/VOSI#availability", base + "/availability")
                + capability("ivo://ivoa.net/std/VOSI#tables-1.1", base + "/tables")
                + capability("ivo://ivoa.net/std/DALI#examples", base + "/examples")
                + "</vosi:capabilities>\n";
    }

    private static String feature(String form) {
        return "        <feature><form>" + form + "</form></feature>\n";
    }

    private static String capability(String standardId, String url) {
        return "  <capability standardID=\"" + standardId + "\">\n    <interface xsi:type=\"vs:ParamHTTP\">\n"
                + "      <accessURL use=\"full\">" + url + "</accessURL>\n    </interface>\n  </capability>\n";
    }

    @GET
    @Path("/tables")
    @Produces(MediaType.TEXT_XML)
    @Operation(summary = "VOSI tables: every table and column ADQL can name (the content of TAP_SCHEMA)")
    public Uni<String> tables() {
        return Uni.combine().all().unis(schema.tables(), schema.foreignKeys()).asTuple().map(both -> {
            Map<String, TapTable> tables = both.getItem1();
            StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<vosi:tableset"
                    + " xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\""
                    + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                    + " xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\">\n");
            Map<String, List<TapTable>> bySchema = new LinkedHashMap<>();
            for (TapTable t : tables.values()) {
                bySchema.computeIfAbsent(t.schemaName(), k -> new java.util.ArrayList<>()).add(t);
            }
            bySchema.forEach((name, list) -> {
                s.append("  <schema>\n    <name>").append(xml(name)).append("</name>\n");
                for (TapTable t : list) {
                    s.append("    <table type=\"table\">\n      <name>").append(xml(t.adqlName())).append("</name>\n");
                    for (TapColumn c : t.columns()) {
                        s.append("      <column>\n        <name>").append(xml(c.adqlName())).append("</name>\n");
                        if (c.description() != null) {
                            s.append("        <description>").append(xml(c.description())).append("</description>\n");
                        }
                        if (c.unit() != null && !c.unit().isBlank()) {
                            s.append("        <unit>").append(xml(c.unit())).append("</unit>\n");
                        }
                        if (c.ucd() != null) {
                            s.append("        <ucd>").append(xml(c.ucd())).append("</ucd>\n");
                        }
                        s.append("        <dataType xsi:type=\"vs:VOTableType\"")
                                .append(c.arraysize() == null ? "" : " arraysize=\"" + xml(c.arraysize()) + "\"")
                                .append('>').append(c.datatype()).append("</dataType>\n");
                        if (c.indexed()) {
                            s.append("        <flag>indexed</flag>\n");
                        }
                        if (c.principal()) {
                            s.append("        <flag>principal</flag>\n");
                        }
                        s.append("      </column>\n");
                    }
                    for (TapSchemaRepository.ForeignKey fk : both.getItem2()) {
                        if (fk.fromTable().equals(t.adqlName())) {
                            s.append("      <foreignKey>\n        <targetTable>").append(xml(fk.targetTable()))
                                    .append("</targetTable>\n        <fkColumn>\n          <fromColumn>")
                                    .append(xml(fk.fromColumn())).append("</fromColumn>\n          <targetColumn>")
                                    .append(xml(fk.targetColumn())).append("</targetColumn>\n        </fkColumn>\n")
                                    .append("      </foreignKey>\n");
                        }
                    }
                    s.append("    </table>\n");
                }
                s.append("  </schema>\n");
            });
            return s.append("</vosi:tableset>\n").toString();
        });
    }

    private static String xml(String s) {
        return VoTableWriter.xml(s);
    }
}

package org.desi.catalogs.query.adql;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.desi.catalogs.query.format.TableStream;

/**
 * The TAP query parameters of a sync request or an async job, checked (DALI: names case-insensitive,
 * the caller upper-cases them).
 *
 * @param maxRec  rows the client gets at most (MAXREC, or the service default)
 * @param format  CSV, VOTable TABLEDATA (the default) or VOTable BINARY2, from RESPONSEFORMAT
 * @param uploads the tables of UPLOAD, in the order given
 */
public record TapRequest(String query, long maxRec, TableStream.Serialization format, List<Upload> uploads) {

    public static final String VOTABLE = "application/x-votable+xml";
    /** Longest name of an uploaded table (ADQL names it TAP_UPLOAD.name). */
    static final int MAX_UPLOAD_NAME = 64;

    /**
     * One table of UPLOAD: ADQL reads it as {@code TAP_UPLOAD.<tableName>}; its VOTable is the
     * multipart/form-data part named {@code partName} ({@code name,param:part}), or is at {@code url}
     * ({@code name,https://...}); exactly one of the two is set.
     */
    public record Upload(String tableName, String partName, URI url) {
    }

    /**
     * @throws AdqlException naming the parameter and its valid values
     */
    public static TapRequest parse(Map<String, String> p, long defaultMaxRec, long hardMaxRec) {
        String lang = p.get("LANG");
        if (lang == null || lang.isBlank()) {
            throw new AdqlException("LANG is required: LANG=ADQL");
        }
        if (!lang.trim().toUpperCase(Locale.ROOT).matches("ADQL(-2\\.[01])?")) {
            throw new AdqlException("LANG '" + lang + "' is not supported: LANG=ADQL (ADQL 2.1)");
        }
        String request = p.get("REQUEST");
        if (request != null && !request.equalsIgnoreCase("doQuery")) {
            throw new AdqlException("REQUEST '" + request + "' is not supported: REQUEST=doQuery (or leave it out)");
        }
        long maxRec;
        String m = p.get("MAXREC");
        try {
            maxRec = m == null || m.isBlank() ? defaultMaxRec : Long.parseLong(m.trim());
        } catch (NumberFormatException e) {
            throw new AdqlException("MAXREC must be a whole number in [0, " + hardMaxRec + "], got '" + m + "'");
        }
        if (maxRec < 0 || maxRec > hardMaxRec) {
            throw new AdqlException("MAXREC " + maxRec + " is outside [0, " + hardMaxRec + "] (this service's hard"
                    + " limit; page with OFFSET, or export a cone with /api/v1/catalogs/{catalog}/export)");
        }
        String format = p.getOrDefault("RESPONSEFORMAT", p.get("FORMAT"));
        TableStream.Serialization serialization;
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (f.equals("votable/b2") || f.equals("binary2") || (f.startsWith(VOTABLE) && f.contains("serialization=binary2"))) {
            serialization = TableStream.Serialization.BINARY2;
        } else if (f.isEmpty() || f.equals("votable") || f.startsWith(VOTABLE) || f.equals("text/xml")
                || f.equals("application/xml") || f.equals("votable/td")) {
            serialization = TableStream.Serialization.TABLEDATA;
        } else if (f.equals("csv") || f.startsWith("text/csv")) {
            serialization = TableStream.Serialization.CSV;
        } else {
            throw new AdqlException("RESPONSEFORMAT '" + format + "' is not supported: votable (" + VOTABLE
                    + ", TABLEDATA), votable/b2 (" + VOTABLE + ";serialization=binary2) or csv (text/csv)");
        }
        String query = p.get("QUERY");
        if (query == null || query.isBlank()) {
            throw new AdqlException("QUERY is required: an ADQL SELECT statement");
        }
        return new TapRequest(query, maxRec, serialization, uploads(p.get("UPLOAD")));
    }

    /**
     * TAP 1.1's UPLOAD: {@code name,uri} pairs separated by ';', the URI either {@code param:part} (the table
     * sent inline, as a multipart/form-data part) or an http(s) URL the service fetches.
     *
     * @throws AdqlException naming the pair and the form it must have
     */
    public static List<Upload> uploads(String upload) {
        if (upload == null || upload.isBlank()) {
            return List.of();
        }
        List<Upload> out = new java.util.ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String pair : upload.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int comma = pair.indexOf(',');
            if (comma < 0) {
                throw new AdqlException("UPLOAD '" + pair.trim() + "' must be name,param:part or name,<http(s) URL> (a"
                        + " table name, a comma, then where its VOTable is)");
            }
            String name = pair.substring(0, comma).trim();
            String uri = pair.substring(comma + 1).trim();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*") || name.length() > MAX_UPLOAD_NAME) {
                throw new AdqlException("UPLOAD table name '" + name + "' must be an ADQL regular identifier (a letter,"
                        + " then letters, digits or _; at most " + MAX_UPLOAD_NAME + " characters)");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new AdqlException("UPLOAD names the table '" + name + "' twice");
            }
            if (uri.startsWith("param:") && uri.length() > "param:".length()) {
                out.add(new Upload(name, uri.substring("param:".length()), null));
                continue;
            }
            URI url;
            try {
                url = new URI(uri);
            } catch (java.net.URISyntaxException e) {
                url = null;
            }
            String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new AdqlException("UPLOAD of '" + name + "' from '" + uri + "': the table must be param:<part>"
                        + " (sent as that multipart/form-data part) or an http or https URL");
            }
            out.add(new Upload(name, null, url));
        }
        return List.copyOf(out);
    }

    /**
     * The request's parameters by upper-case name (DALI: names are case-insensitive), the first value of
     * each; a form's values win over the query string's.
     */
    public static Map<String, String> parameters(Map<String, List<String>> form, Map<String, List<String>> query) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map<String, List<String>> m : java.util.Arrays.asList(form, query)) {
            if (m != null) {
                m.forEach((k, v) -> {
                    if (!v.isEmpty()) {
                        out.putIfAbsent(k.toUpperCase(Locale.ROOT), v.get(0));
                    }
                });
            }
        }
        return out;
    }

    public String mediaType() {
        return format == TableStream.Serialization.CSV ? "text/csv" : VOTABLE;
    }
}

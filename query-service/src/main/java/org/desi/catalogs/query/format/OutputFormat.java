package org.desi.catalogs.query.format;

import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.desi.catalogs.service.problem.ApiProblemException;

/** The table formats the API writes: chosen by {@code format=}, else by the Accept header, else JSON. */
public enum OutputFormat {
    JSON(MediaType.APPLICATION_JSON), CSV("text/csv"), VOTABLE("application/x-votable+xml");

    private final String mediaType;

    OutputFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static OutputFormat choose(String format, String accept) {
        if (format != null) {
            return switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "csv" -> CSV;
                case "votable", "vot", "xml" -> VOTABLE;
                default -> throw ApiProblemException.badRequest("format must be json, csv or votable, got '" + format + "'");
            };
        }
        if (accept != null && !accept.contains(MediaType.APPLICATION_JSON)) {
            if (accept.contains("votable") || accept.contains("text/xml") || accept.contains("application/xml")) {
                return VOTABLE;
            }
            if (accept.contains("text/csv")) {
                return CSV;
            }
        }
        return JSON;
    }
}

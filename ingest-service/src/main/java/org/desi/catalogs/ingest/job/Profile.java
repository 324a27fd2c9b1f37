package org.desi.catalogs.ingest.job;

import java.util.Arrays;
import java.util.Locale;
import org.desi.catalogs.service.problem.ApiProblemException;

/** The ingest profiles: how a file's HDUs become catalog rows. */
public enum Profile {
    FASTSPECFIT, VOIDFINDER, V2, GENERIC;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Profile parse(String value) {
        if (value == null || value.isBlank()) {
            throw ApiProblemException.badRequest("profile is required: one of " + valid());
        }
        for (Profile p : values()) {
            if (p.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw ApiProblemException.badRequest("unknown profile '" + value + "'; valid profiles are " + valid());
    }

    private static String valid() {
        return String.join(", ", Arrays.stream(values()).map(Profile::id).toList());
    }
}

package org.desi.catalogs.ingest.job;

import java.util.Map;
import java.util.Set;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.rest.QueryParams;

/**
 * A load request: a FITS file under the data directory, the profile that reads it and the catalog
 * it goes into. {@code options}: hdu, idColumn, raColumn, decColumn, zColumn (generic profile); algorithm (v2).
 */
public record IngestRequest(String source, String profile, String catalog, Map<String, String> options) {

    public static final Set<String> OPTION_NAMES = Set.of("hdu", "idColumn", "raColumn", "decColumn", "zColumn", "algorithm");

    public IngestRequest {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** Checks names and options; returns the parsed profile. */
    public Profile validate() {
        Profile p = Profile.parse(profile);
        QueryParams.catalogName("catalog", catalog);
        for (String k : options.keySet()) {
            if (!OPTION_NAMES.contains(k)) {
                throw ApiProblemException.badRequest("unknown option '" + k + "'; valid options are " + OPTION_NAMES);
            }
        }
        boolean ra = options.containsKey("raColumn");
        boolean dec = options.containsKey("decColumn");
        if (ra != dec) {
            throw ApiProblemException.badRequest("raColumn and decColumn go together: give both or neither");
        }
        return p;
    }
}

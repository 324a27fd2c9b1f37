package org.desi.catalogs.service.security;

/**
 * The roles a token's {@code groups} claim can hold, and which endpoints need which. Reads are
 * anonymous unless {@code DESI_READS_REQUIRE_ROLE=true}; health and metrics are always open.
 */
public final class Roles {

    /** Start, upload and cancel ingest jobs, delete catalogs (ingest-service). */
    public static final String INGEST = "desi-ingest";
    /** Start and cancel cross-match jobs (crossmatch-service). */
    public static final String CROSSMATCH = "desi-crossmatch";
    /** Everything the other roles allow. */
    public static final String ADMIN = "desi-admin";
    /** Reads, where reads are configured to need a role. */
    public static final String READ = "desi-read";

    private Roles() {
    }

    /** The roles that open {@code path} for a write, as the 403 problem names them. */
    public static String neededFor(String path) {
        if (path.startsWith("/api/v1/ingest")) {
            return INGEST + " or " + ADMIN;
        }
        if (path.startsWith("/api/v1/crossmatch")) {
            return CROSSMATCH + " or " + ADMIN;
        }
        return READ + " or " + ADMIN;
    }
}

package org.desi.catalogs.ingest.profile;

import java.nio.file.Path;
import java.sql.SQLException;
import org.desi.catalogs.ingest.job.Profile;

/**
 * Reads one FITS file into its catalog within the load transaction. Row-level problems become
 * rejects; structural ones throw {@link org.desi.catalogs.core.fits.FitsFormatException} and the
 * transaction rolls back, so nothing is half-written.
 */
public interface IngestProfile {

    Profile profile();

    LoadResult load(LoadContext ctx) throws SQLException;

    /**
     * What this profile's load of the complete file {@code file} wants of the pass that hashes it (handed to
     * the load as {@link LoadContext#tap()}), or null: the bytes of a range it would otherwise read again.
     * Must not throw: a file it cannot make sense of gets null, and the load says what is wrong with it.
     */
    default ScanTap scanTap(Path file) {
        return null;
    }
}

package org.desi.catalogs.ingest.profile;

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
}

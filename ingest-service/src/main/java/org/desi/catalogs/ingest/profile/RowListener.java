package org.desi.catalogs.ingest.profile;

/**
 * Where a load's row loop ({@link GenericRowEncoder}, {@link FastSpecFitRowEncoder}) reports a
 * rejected row and, every 1,024 rows, its progress.
 */
interface RowListener {

    /** Row {@code rowNumber} (1-based) is not loaded, for {@code reason}; {@code rawValuesJson} may be null. */
    void rejected(long rowNumber, String reason, String rawValuesJson);

    void progress(long rowsRead, long rowsRejected, long bytesRead);

    /** What a load does: rejects kept with their reason under {@code hdu}, progress reported on the job. */
    static RowListener reportingTo(LoadContext ctx, String hdu, long rowsTotal) {
        return new RowListener() {
            @Override
            public void rejected(long rowNumber, String reason, String rawValuesJson) {
                ctx.rejects().reject(rowNumber, hdu, reason, rawValuesJson);
            }

            @Override
            public void progress(long rowsRead, long rowsRejected, long bytesRead) {
                ctx.progress().report(rowsTotal, rowsRead, rowsRead - rowsRejected, rowsRejected, bytesRead);
            }
        };
    }
}

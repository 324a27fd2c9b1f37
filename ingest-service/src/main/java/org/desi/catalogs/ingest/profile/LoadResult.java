package org.desi.catalogs.ingest.profile;

/** Rows of one file: read from it, loaded, and rejected (kept with their reasons). */
public record LoadResult(long rowsTotal, long rowsRead, long rowsLoaded, long rowsRejected, long bytesRead) {
}

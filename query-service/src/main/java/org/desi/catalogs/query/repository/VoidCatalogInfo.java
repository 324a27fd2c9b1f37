package org.desi.catalogs.query.repository;

/**
 * A void catalog as the statistics need it: cosmology, limits and the file it came from. Distances
 * in Mpc/h (ingest converts files written with HP != 1); NaN where the PRIMARY header had no value.
 *
 * @param hubbleH     HP of the file (distances were multiplied by it when it was not 1)
 * @param magLimit    MAGLIM: absolute-magnitude limit of the volume-limited tracer sample [mag]
 */
public record VoidCatalogInfo(int catalogId, String name, String algorithm, double omegaM, double hubbleH,
                              double zMin, double zMax, double dMinMpcPerH, double dMaxMpcPerH, double magLimit,
                              String fileName, String sha256, String loadedAt) {
}

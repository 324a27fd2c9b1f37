package org.desi.catalogs.query.statistics;

import java.util.List;

/**
 * Where an answer comes from, so that a figure can be traced back: the void catalog's file and
 * cosmology, the galaxy catalog's files, the placement job, the cuts and the software version.
 */
public record Provenance(VoidCatalog voidCatalog, GalaxyCatalog galaxyCatalog, PlacementJob placement,
                         List<SampleSelection.Cut> cuts, String software) {

    /**
     * @param hubbleH   HP of the file; distances are stored and used in Mpc/h whatever it was
     * @param distances how the file's distances were read
     */
    public record VoidCatalog(String name, String algorithm, String fileName, String sha256, String loadedAt,
                              double omegaM, double hubbleH, String distances) {
    }

    public record GalaxyCatalog(String name, List<File> files) {
    }

    public record File(String fileName, String sha256) {
    }

    /** @param v2Rule how a V2 job placed non-tracers (null for VoidFinder) */
    public record PlacementJob(long jobId, String finishedAt, String v2Rule) {
    }
}

package org.desi.catalogs.query.repository;

import java.util.List;
import org.desi.catalogs.core.sky.HealpixNested;
import org.desi.catalogs.core.sky.SkyCoverage;

/**
 * The sky coverage of each of a catalog's source files, coarsened to at most order {@link #ORDER} (cells of
 * 0.9 deg), so that a cone search skips the files none of whose rows can be in the cone: each file's rows
 * are a partition of their own, and DESI's FastSpecFit files each hold one of the 12 HEALPix base cells,
 * so a small cone needs one file's index instead of twelve. Files are identified by id, and a file id's
 * rows never change (a changed file is loaded under a new id): a cached list is never wrong, only
 * incomplete, and a file it does not know is always searched.
 */
public record FileCoverages(List<FileCoverage> files) {

    /** The finest order kept for pruning: 49,152 cells, 6 KiB of bitmap per file. */
    public static final int ORDER = 6;
    /** No file known: nothing is skipped. */
    public static final FileCoverages NONE = new FileCoverages(List.of());

    /**
     * True for the catalog kinds whose rows carry {@code source_file_id}, a partition per file (FastSpecFit
     * since schema v17; generic catalogs created since file partitions, older ones are filtered, not pruned).
     */
    public static boolean appliesTo(String catalogKind) {
        return KINDS.contains(catalogKind);
    }

    /** The catalog kinds {@link #appliesTo} names. */
    static final List<String> KINDS = List.of("fastspecfit", "generic");

    /** A source file and where its rows lie (order <= {@link #ORDER}). */
    public record FileCoverage(int fileId, SkyCoverage coverage) {
    }

    /**
     * The ids of the files none of whose rows can lie within {@code radiusDeg} of ({@code raDeg}, {@code decDeg}),
     * in the catalog's file order; empty when the catalog has fewer than two files with a recorded coverage.
     */
    public int[] filesOutsideCone(double raDeg, double decDeg, double radiusDeg) {
        if (files.size() < 2) {
            return new int[0];
        }
        // the cells near the cone, once per order the files' coverages have (all <= ORDER; usually one)
        long[][] nearByOrder = new long[ORDER + 1][];
        int[] outside = new int[files.size()];
        int n = 0;
        for (FileCoverage f : files) {
            int order = f.coverage().order();
            if (nearByOrder[order] == null) {
                nearByOrder[order] = HealpixNested.cellsNearCone(order, raDeg, decDeg, radiusDeg);
            }
            if (!f.coverage().coversAnyOf(nearByOrder[order])) {
                outside[n++] = f.fileId();
            }
        }
        return java.util.Arrays.copyOf(outside, n);
    }
}

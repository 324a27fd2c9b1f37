package org.desi.catalogs.query.repository;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A registered catalog as the API shows it; {@code coverage} only in the catalog descriptions, not for
 * queries; {@code fileCoverages} (where each source file's rows lie) only for queries.
 */
public record CatalogInfo(String name, String kind, long rowCount, String idColumn, String raColumn, String decColumn,
                          String zColumn, double zoneHeightDeg, List<Column> columns, List<SourceFile> sourceFiles,
                          Coverage coverage, @JsonIgnore int catalogId, @JsonIgnore String tableName,
                          @JsonIgnore FileCoverages fileCoverages) {

    /**
     * Where the catalog's rows lie: its MOC's order and area (null when no coverage was recorded: no
     * positions, or loaded before coverage was recorded).
     *
     * @param mocOrder HEALPix order of the stored MOC (the finest {@code /moc?order=} can serve)
     * @param areaDeg2 covered area at that order [deg^2]
     * @param mocUrl   where to get it (FITS: add {@code format=fits})
     */
    public record Coverage(int mocOrder, double areaDeg2, String mocUrl) {
    }

    /** A column with SQL type and unit. */
    public record Column(String name, String type, String unit, String description) {
    }

    /** A file whose rows the catalog holds. */
    public record SourceFile(String fileName, String sha256, long sizeBytes, long rowCount, String loadedAt) {
    }

    /** True when the rows live in a table shared by catalogs (desi.fastspecfit_galaxy, desi.v2_void, ...). */
    @JsonIgnore
    public boolean sharedTable() {
        return tableName.startsWith("desi.");
    }

    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}

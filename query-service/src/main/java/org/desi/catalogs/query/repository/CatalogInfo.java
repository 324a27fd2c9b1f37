package org.desi.catalogs.query.repository;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** A registered catalog as the API shows it. */
public record CatalogInfo(String name, String kind, long rowCount, String idColumn, String raColumn, String decColumn,
                          String zColumn, double zoneHeightDeg, List<Column> columns, List<SourceFile> sourceFiles,
                          @JsonIgnore int catalogId, @JsonIgnore String tableName) {

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

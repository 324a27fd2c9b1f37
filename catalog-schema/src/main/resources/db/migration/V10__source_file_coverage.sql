-- Sky coverage (IVOA MOC 2.0, space) of each source file, computed while its rows are loaded: a catalog's
-- coverage is the union over its files, so replacing or deleting a file (cascade) keeps it exact.
CREATE TABLE source_file_coverage (
    file_id    integer  PRIMARY KEY REFERENCES catalog_source_file ON DELETE CASCADE,
    moc_order  smallint NOT NULL CHECK (moc_order BETWEEN 0 AND 11),
    cell_count bigint   NOT NULL CHECK (cell_count >= 0),
    cells      bytea    NOT NULL
);
COMMENT ON TABLE source_file_coverage IS 'HEALPix nested cells (order moc_order) holding at least one loaded row of the file.';
COMMENT ON COLUMN source_file_coverage.cells IS 'The order as one byte, then the deflated bitmap of cells (bit k = nested cell k).';
COMMENT ON COLUMN source_file_coverage.cell_count IS 'Covered cells at moc_order [count]; area = cell_count * 41252.96 / (12 * 4^moc_order) deg^2.';

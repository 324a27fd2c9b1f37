-- Schema v2: rejects keyed per HDU (void files reject rows from several HDUs), cross-match progress
-- counters, and the indexes the void and environment queries need.

-- A file with several tables (MAXIMALS + HOLES, VOIDS + ZONEVOID + GALZONE) can reject row 7 of two
-- HDUs: the row number alone no longer identifies a reject.
UPDATE rejected_row SET hdu = '' WHERE hdu IS NULL;
ALTER TABLE rejected_row ALTER COLUMN hdu SET NOT NULL;
ALTER TABLE rejected_row DROP CONSTRAINT rejected_row_pkey;
ALTER TABLE rejected_row ADD PRIMARY KEY (run_id, hdu, row_number);
COMMENT ON COLUMN rejected_row.hdu IS 'EXTNAME of the table the row came from.';

-- Progress of a cross-match: input rows processed, for rowsPerSecond; committed with each partition.
ALTER TABLE crossmatch_partition ADD COLUMN rows_processed bigint NOT NULL DEFAULT 0 CHECK (rows_processed >= 0);
ALTER TABLE crossmatch_partition ADD COLUMN finished_at timestamptz;
ALTER TABLE crossmatch_job ADD COLUMN rows_processed bigint NOT NULL DEFAULT 0 CHECK (rows_processed >= 0);
COMMENT ON COLUMN crossmatch_partition.rows_processed IS 'Left-catalog rows (galaxies) of this partition processed [count].';
COMMENT ON COLUMN crossmatch_job.rows_processed IS 'Left-catalog rows (galaxies) processed by finished partitions [count].';
CREATE INDEX crossmatch_partition_pending_idx ON crossmatch_partition (job_id, partition_no) WHERE status <> 'DONE';
CREATE INDEX crossmatch_job_active_idx ON crossmatch_job (job_id) WHERE status IN ('QUEUED', 'RUNNING');

-- Environment per void catalog and galaxy: the quenching statistics read by (void catalog, galaxy catalog).
CREATE INDEX galaxy_environment_catalogs_idx ON galaxy_environment (void_catalog_id, galaxy_catalog_id, environment);
CREATE INDEX galaxy_environment_object_idx ON galaxy_environment (object_id);
COMMENT ON COLUMN galaxy_environment.void_id IS 'Void containing the galaxy (void/edge_void), else the nearest void centre for wall galaxies, else NULL.';

CREATE INDEX v2_galaxy_zone_zone_idx ON v2_galaxy_zone (catalog_id, zone_id);

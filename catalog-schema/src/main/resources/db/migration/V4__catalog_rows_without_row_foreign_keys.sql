-- Schema v4: FastSpecFit rows lose their per-row foreign keys, as the result tables did in v3. Each
-- key cost a lookup per loaded row; measured here (bench/ingest-narrow.sh), the load ran at half the
-- speed of a plain binary COPY. Rows are written only inside the load transaction that created
-- their catalog and source-file rows, so the keys never caught anything. The cascades stay, as one
-- trigger: deleting a source file (directly, or through its catalog) deletes the rows it brought.

ALTER TABLE fastspecfit_galaxy DROP CONSTRAINT fastspecfit_galaxy_catalog_id_fkey;
ALTER TABLE fastspecfit_galaxy DROP CONSTRAINT fastspecfit_galaxy_source_file_id_fkey;

CREATE FUNCTION delete_source_file_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ${flyway:defaultSchema}.fastspecfit_galaxy WHERE source_file_id = OLD.file_id;
    RETURN OLD;
END $$;
COMMENT ON FUNCTION delete_source_file_rows() IS 'Deleting a source file deletes its FastSpecFit rows (what ON DELETE CASCADE did).';
CREATE TRIGGER catalog_source_file_rows_delete AFTER DELETE ON catalog_source_file
    FOR EACH ROW EXECUTE FUNCTION delete_source_file_rows();

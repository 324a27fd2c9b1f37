-- Schema v3: the cross-match result tables lose their per-row foreign keys. A foreign key costs one
-- lookup of the parent row per inserted row: measured here, it made the binary COPY of 700k pairs
-- 4x slower (bench/crossmatch.sh). Results are written only by workers holding a lease on a
-- partition of an existing job, so the keys never caught anything; the cascades they gave are kept
-- by statement-cheap triggers on the parent tables instead.

ALTER TABLE crossmatch_pair DROP CONSTRAINT crossmatch_pair_job_id_fkey;
ALTER TABLE galaxy_environment DROP CONSTRAINT galaxy_environment_galaxy_catalog_id_fkey;
ALTER TABLE galaxy_environment DROP CONSTRAINT galaxy_environment_void_catalog_id_fkey;
ALTER TABLE galaxy_environment DROP CONSTRAINT galaxy_environment_job_id_fkey;

CREATE FUNCTION delete_job_results() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ${flyway:defaultSchema}.crossmatch_pair WHERE job_id = OLD.job_id;
    UPDATE ${flyway:defaultSchema}.galaxy_environment SET job_id = NULL WHERE job_id = OLD.job_id;
    RETURN OLD;
END $$;
COMMENT ON FUNCTION delete_job_results() IS 'Deleting a cross-match job deletes its pairs (what ON DELETE CASCADE did).';
CREATE TRIGGER crossmatch_job_results_delete AFTER DELETE ON crossmatch_job
    FOR EACH ROW EXECUTE FUNCTION delete_job_results();

CREATE FUNCTION delete_catalog_environments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ${flyway:defaultSchema}.galaxy_environment
        WHERE galaxy_catalog_id = OLD.catalog_id OR void_catalog_id = OLD.catalog_id;
    RETURN OLD;
END $$;
COMMENT ON FUNCTION delete_catalog_environments() IS 'Deleting a catalog deletes the environments that name it.';
CREATE TRIGGER catalog_environments_delete AFTER DELETE ON catalog
    FOR EACH ROW EXECUTE FUNCTION delete_catalog_environments();

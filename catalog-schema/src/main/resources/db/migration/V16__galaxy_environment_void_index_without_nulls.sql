-- Schema v16: galaxy_environment's void index leaves out the rows that name no void and leads with void_id.
--
-- Why: a voids job's last step builds its table's two indexes side by side, and the void index was
-- the longer by far. Over a job's 1M rows (bench/voids.sh), (void_catalog_id, void_id) took 1.0-1.35 s
-- against 0.5 s for the primary key, though it is a quarter of its size: a third of the rows are
-- `outside` with a NULL void_id, which all sort equal (each pair then goes to the heap position, through
-- PostgreSQL's slow path for index tuples with a NULL), and void_catalog_id is the same in every row of a
-- partition, so no comparison was settled by the first column. (void_id, void_catalog_id) WHERE void_id
-- IS NOT NULL over the same rows: 0.52-0.71 s, and smaller (4.7 MB against 7.0 MB).
--
-- Every query that names a void (void_id = ...) may use it: PostgreSQL proves void_id IS NOT NULL from
-- the equality, also in generic plans; no query looks rows up by a NULL void_id. Partitions attach only
-- with an index of the same definition, predicate included: galaxy_environment_index() builds this one.

DROP INDEX galaxy_environment_void_idx;
CREATE INDEX galaxy_environment_void_idx ON galaxy_environment (void_id, void_catalog_id) WHERE void_id IS NOT NULL;

CREATE OR REPLACE FUNCTION galaxy_environment_index(job bigint, index_no integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET maintenance_work_mem = '256MB' AS $$
DECLARE
    stage regclass := to_regclass(format('${flyway:defaultSchema}.%I', 'galaxy_environment_job_' || job));
BEGIN
    IF stage IS NULL THEN
        RAISE EXCEPTION 'voids job % has no stage table', job;
    END IF;
    IF index_no = 1 THEN
        EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS %I ON %s (object_id, galaxy_catalog_id, void_catalog_id)',
                       'galaxy_environment_job_' || job || '_pkey', stage);
    ELSIF index_no = 2 THEN
        EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (void_id, void_catalog_id) WHERE void_id IS NOT NULL',
                       'galaxy_environment_job_' || job || '_void_idx', stage);
    ELSE
        RAISE EXCEPTION 'index_no must be 1 or 2, got %', index_no;
    END IF;
END $$;
COMMENT ON FUNCTION galaxy_environment_index(bigint, integer) IS 'Builds index 1 (primary key) or 2 (void, rows with a void only) of a voids job''s stage table, if missing.';

-- A stage table of a job still running may hold a void index of the old definition, built by a
-- publishing step whose worker died: dropped, so that the step builds the new one.
DO $$
DECLARE
    old regclass;
BEGIN
    FOR old IN SELECT i.indexrelid::regclass FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
               WHERE t.relnamespace = '${flyway:defaultSchema}'::regnamespace AND NOT t.relispartition
                 AND t.relname ~ '^galaxy_environment_job_\d+$' AND i.indpred IS NULL
                 AND i.indexrelid::regclass::text ~ '_void_idx$'
    LOOP
        EXECUTE format('DROP INDEX %s', old);
    END LOOP;
END $$;

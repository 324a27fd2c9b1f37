-- Schema v14: galaxy_environment is partitioned, one partition per (galaxy catalog, void catalog) pair,
-- and a voids job writes its rows into a table of its own that becomes that partition when it succeeds.
--
-- Why: a voids job writes one row per galaxy (millions). Written into the shared table, every row
-- updated three B-trees one entry at a time; PostgreSQL builds indexes from a finished table
-- about twice as fast (bench/voids.sh prints both). Now each job COPYs into its unindexed stage table
-- `galaxy_environment_job_<job id>`; its last step, once every galaxy is placed, builds the indexes and,
-- in the transaction that marks the job SUCCEEDED, attaches the table (the pair's previous partition, a
-- rerun's old results, is dropped in the same transaction). Readers see the old results until then, and all of the new ones after:
-- a job's rows become visible at once. Kill -9 and restarts keep their guarantees: each partition's rows
-- still commit in the transaction that marks it done.
--
-- The table's columns and constraints are unchanged, so readers, TAP_SCHEMA and the triggers of v3 see
-- the same table. Its keys change: within a partition the two catalog ids are constant, so the primary
-- key now leads with object_id and also serves the look-ups of one galaxy across pairs, which the
-- separate (object_id) index served; a pair's rows are found by partition pruning, not by an index. Two
-- B-trees per partition instead of three: each costs about 0.5 s per million rows when a job publishes.
-- The writer role does not own the table: the functions below
-- (SECURITY DEFINER, owned by the schema owner, fixed search_path) are the only way to create, attach or
-- drop partitions, and the writer may only execute them.
--
-- Locks: attaching takes SHARE UPDATE EXCLUSIVE on galaxy_environment (readers go on). Dropping a
-- partition (a rerun of a pair, a deleted catalog) takes ACCESS EXCLUSIVE on it for the rest of that
-- transaction: the publishing transaction drops the old partition last, just before it commits.

ALTER TABLE galaxy_environment RENAME TO galaxy_environment_v13;
ALTER INDEX galaxy_environment_pkey RENAME TO galaxy_environment_v13_pkey;
DROP INDEX galaxy_environment_object_idx;
ALTER INDEX galaxy_environment_void_idx RENAME TO galaxy_environment_v13_void_idx;

CREATE TABLE galaxy_environment (
    galaxy_catalog_id  integer          NOT NULL,
    object_id          bigint           NOT NULL,
    void_catalog_id    integer          NOT NULL,
    job_id             bigint,
    environment        text             NOT NULL CONSTRAINT galaxy_environment_environment_check
                                        CHECK (environment IN ('void', 'wall', 'edge_void', 'edge', 'outside')),
    void_id            integer,
    distance_mpc_per_h double precision CONSTRAINT galaxy_environment_distance_mpc_per_h_check
                                        CHECK (distance_mpc_per_h >= 0),
    r_over_reff        double precision CONSTRAINT galaxy_environment_r_over_reff_check CHECK (r_over_reff >= 0),
    CONSTRAINT galaxy_environment_pkey PRIMARY KEY (object_id, galaxy_catalog_id, void_catalog_id)
) PARTITION BY RANGE (galaxy_catalog_id, void_catalog_id);
CREATE INDEX galaxy_environment_void_idx ON galaxy_environment (void_catalog_id, void_id);
COMMENT ON TABLE galaxy_environment IS 'Environment of each galaxy with respect to one void catalog (3-D, comoving); one partition per (galaxy catalog, void catalog), written by one voids job.';
COMMENT ON COLUMN galaxy_environment.object_id IS 'Id of the galaxy in its catalog (TARGETID for FastSpecFit).';
COMMENT ON COLUMN galaxy_environment.job_id IS 'The voids job that placed the galaxy (NULL once that job''s record is deleted).';
COMMENT ON COLUMN galaxy_environment.environment IS 'void; wall; edge_void (in a void flagged as an edge void, or reached through a V2 edge tracer); edge (V2: no void, tracer cell open at the survey edge: undetermined); outside (beyond the catalog''s radial limits, no usable redshift, or a V2 OUT tracer).';
COMMENT ON COLUMN galaxy_environment.void_id IS 'void/edge_void: the void containing the galaxy; wall/edge: the void whose centre is nearest; outside: NULL.';
COMMENT ON COLUMN galaxy_environment.distance_mpc_per_h IS 'Distance from the galaxy to the centre of void_id [Mpc/h].';
COMMENT ON COLUMN galaxy_environment.r_over_reff IS 'distance_mpc_per_h over the effective radius of void_id [dimensionless].';
GRANT SELECT ON galaxy_environment TO ${readerRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON galaxy_environment TO ${writerRole};

-- The attached partitions and the pair each holds (read from the partition bound PostgreSQL keeps).
CREATE VIEW galaxy_environment_partitions AS
SELECT c.oid::regclass AS partition,
       b[1]::integer AS galaxy_catalog_id,
       b[2]::integer AS void_catalog_id
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
CROSS JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid), '^FOR VALUES FROM \((\d+), (\d+)\)') AS b
WHERE i.inhparent = '${flyway:defaultSchema}.galaxy_environment'::regclass;
COMMENT ON VIEW galaxy_environment_partitions IS 'Partitions of galaxy_environment: the table holding each (galaxy catalog, void catalog) pair.';
GRANT SELECT ON galaxy_environment_partitions TO ${writerRole}, ${readerRole};

-- An empty, attached partition for a pair (if it has none), for rows inserted one by one.
CREATE FUNCTION galaxy_environment_partition(galaxy_catalog integer, void_catalog integer) RETURNS regclass
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    existing regclass;
    table_name text := format('galaxy_environment_g%s_v%s', galaxy_catalog, void_catalog);
BEGIN
    SELECT p.partition INTO existing FROM ${flyway:defaultSchema}.galaxy_environment_partitions p
        WHERE p.galaxy_catalog_id = galaxy_catalog AND p.void_catalog_id = void_catalog;
    IF existing IS NOT NULL THEN
        RETURN existing;
    END IF;
    EXECUTE format('CREATE TABLE ${flyway:defaultSchema}.%I PARTITION OF ${flyway:defaultSchema}.galaxy_environment'
                   ' FOR VALUES FROM (%s, %s) TO (%s, %s)', table_name, galaxy_catalog, void_catalog, galaxy_catalog,
                   void_catalog + 1);
    RETURN format('${flyway:defaultSchema}.%I', table_name)::regclass;
END $$;
COMMENT ON FUNCTION galaxy_environment_partition(integer, integer) IS 'The partition of galaxy_environment for (galaxy catalog, void catalog), created empty and attached if missing.';

-- The stage table of a voids job (created with the job): galaxy_environment's columns and checks, no
-- index, plus a check naming its pair (so attaching it needs no scan). Also drops what earlier jobs
-- left: stage tables of jobs no longer queued or running, partitions of deleted catalogs.
CREATE FUNCTION galaxy_environment_stage(job bigint) RETURNS regclass
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    galaxy_catalog integer;
    void_catalog integer;
    table_name text := 'galaxy_environment_job_' || job;
    t regclass;
BEGIN
    SELECT j.left_catalog_id, j.right_catalog_id INTO galaxy_catalog, void_catalog
        FROM ${flyway:defaultSchema}.crossmatch_job j WHERE j.job_id = job AND j.type = 'voids';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'voids job % does not exist', job;
    END IF;
    FOR t IN SELECT c.oid::regclass FROM pg_class c
             WHERE c.relnamespace = '${flyway:defaultSchema}'::regnamespace AND c.relkind = 'r'
               AND NOT c.relispartition AND c.relname ~ '^galaxy_environment_job_\d+$'
               AND NOT EXISTS (SELECT 1 FROM ${flyway:defaultSchema}.crossmatch_job j
                               WHERE j.job_id = substring(c.relname FROM '\d+$')::bigint
                                 AND j.status IN ('QUEUED', 'RUNNING'))
    LOOP
        EXECUTE format('DROP TABLE %s', t);
    END LOOP;
    FOR t IN SELECT p.partition FROM ${flyway:defaultSchema}.galaxy_environment_partitions p
             WHERE NOT EXISTS (SELECT 1 FROM ${flyway:defaultSchema}.catalog c WHERE c.catalog_id = p.galaxy_catalog_id)
                OR NOT EXISTS (SELECT 1 FROM ${flyway:defaultSchema}.catalog c WHERE c.catalog_id = p.void_catalog_id)
    LOOP
        EXECUTE format('DROP TABLE %s', t);
    END LOOP;
    EXECUTE format('CREATE TABLE ${flyway:defaultSchema}.%I (LIKE ${flyway:defaultSchema}.galaxy_environment'
                   ' INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', table_name);
    EXECUTE format('ALTER TABLE ${flyway:defaultSchema}.%I ADD CONSTRAINT %I CHECK (galaxy_catalog_id = %s'
                   ' AND void_catalog_id = %s)', table_name, table_name || '_pair', galaxy_catalog, void_catalog);
    EXECUTE format('GRANT INSERT ON ${flyway:defaultSchema}.%I TO %I', table_name, '${writerRole}');
    RETURN format('${flyway:defaultSchema}.%I', table_name)::regclass;
END $$;
COMMENT ON FUNCTION galaxy_environment_stage(bigint) IS 'Creates the unindexed stage table a voids job COPYs its rows into.';

-- Builds one of a stage table's two indexes (1: the primary key's unique index, 2: (void_catalog_id,
-- void_id)) unless it exists: the job's publishing step builds both at once on two connections.
CREATE FUNCTION galaxy_environment_index(job bigint, index_no integer) RETURNS void
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
        EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (void_catalog_id, void_id)',
                       'galaxy_environment_job_' || job || '_void_idx', stage);
    ELSE
        RAISE EXCEPTION 'index_no must be 1 or 2, got %', index_no;
    END IF;
END $$;
COMMENT ON FUNCTION galaxy_environment_index(bigint, integer) IS 'Builds index 1 (primary key) or 2 (void) of a voids job''s stage table, if missing.';

-- Makes a finished job's rows the pair's results: the indexes (built now if the publishing step has not
-- built them), the primary key, the pair's old partition dropped, the stage attached. Called in the
-- transaction that finishes the job.
CREATE FUNCTION galaxy_environment_publish(job bigint) RETURNS regclass
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    galaxy_catalog integer;
    void_catalog integer;
    stage regclass := to_regclass(format('${flyway:defaultSchema}.%I', 'galaxy_environment_job_' || job));
    old regclass;
BEGIN
    SELECT j.left_catalog_id, j.right_catalog_id INTO galaxy_catalog, void_catalog
        FROM ${flyway:defaultSchema}.crossmatch_job j WHERE j.job_id = job AND j.type = 'voids';
    IF NOT FOUND OR stage IS NULL THEN
        RAISE EXCEPTION 'voids job % has no stage table to publish', job;
    END IF;
    PERFORM ${flyway:defaultSchema}.galaxy_environment_index(job, 1);
    PERFORM ${flyway:defaultSchema}.galaxy_environment_index(job, 2);
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = stage AND contype = 'p') THEN
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I PRIMARY KEY USING INDEX %I', stage,
                       'galaxy_environment_job_' || job || '_pkey', 'galaxy_environment_job_' || job || '_pkey');
    END IF;
    FOR old IN SELECT p.partition FROM ${flyway:defaultSchema}.galaxy_environment_partitions p
               WHERE p.galaxy_catalog_id = galaxy_catalog AND p.void_catalog_id = void_catalog
    LOOP
        EXECUTE format('DROP TABLE %s', old);
    END LOOP;
    EXECUTE format('ALTER TABLE ${flyway:defaultSchema}.galaxy_environment ATTACH PARTITION %s'
                   ' FOR VALUES FROM (%s, %s) TO (%s, %s)', stage, galaxy_catalog, void_catalog, galaxy_catalog,
                   void_catalog + 1);
    RETURN stage;
END $$;
COMMENT ON FUNCTION galaxy_environment_publish(bigint) IS 'Indexes a finished voids job''s stage table and attaches it in place of the pair''s previous partition.';

REVOKE ALL ON FUNCTION galaxy_environment_partition(integer, integer), galaxy_environment_stage(bigint),
    galaxy_environment_index(bigint, integer), galaxy_environment_publish(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION galaxy_environment_partition(integer, integer), galaxy_environment_stage(bigint),
    galaxy_environment_index(bigint, integer), galaxy_environment_publish(bigint) TO ${writerRole};

-- The rows of v13, moved into one partition per pair
DO $$
DECLARE
    pair record;
BEGIN
    FOR pair IN SELECT DISTINCT galaxy_catalog_id, void_catalog_id FROM ${flyway:defaultSchema}.galaxy_environment_v13
    LOOP
        PERFORM ${flyway:defaultSchema}.galaxy_environment_partition(pair.galaxy_catalog_id, pair.void_catalog_id);
    END LOOP;
END $$;
INSERT INTO galaxy_environment SELECT galaxy_catalog_id, object_id, void_catalog_id, job_id, environment, void_id,
    distance_mpc_per_h, r_over_reff FROM galaxy_environment_v13;
DROP TABLE galaxy_environment_v13;

-- Deleting a catalog drops the partitions naming it (v3 deleted their rows one by one).
CREATE OR REPLACE FUNCTION delete_catalog_environments() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT p.partition FROM ${flyway:defaultSchema}.galaxy_environment_partitions p
             WHERE p.galaxy_catalog_id = OLD.catalog_id OR p.void_catalog_id = OLD.catalog_id
    LOOP
        EXECUTE format('DROP TABLE %s', t);
    END LOOP;
    RETURN OLD;
END $$;
COMMENT ON FUNCTION delete_catalog_environments() IS 'Deleting a catalog drops the galaxy_environment partitions that name it.';

-- Voids jobs split their galaxies by id ranges, not zone bands: rows lie in the table roughly in id
-- (file) order, so a range of ids reads its own pages, while every band of zones had rows on nearly
-- every page (8 bands read the table 8 times). Sky jobs keep zone bands (a match needs neighbours).
-- A voids job ends with one more partition, its publishing step, leased like the others once they are
-- all done: it builds the stage table's two indexes on two connections at once, then attaches it.
ALTER TABLE crossmatch_partition ADD COLUMN id_min bigint, ADD COLUMN id_max bigint,
    ADD COLUMN step text NOT NULL DEFAULT 'match' CHECK (step IN ('match', 'publish'));
COMMENT ON COLUMN crossmatch_partition.step IS 'match: find pairs or place galaxies; publish (voids jobs, last, once every match partition is done): index and attach the job''s rows.';
COMMENT ON COLUMN crossmatch_partition.id_min IS 'Voids jobs: the partition holds the galaxies with id_min <= id <= id_max (NULL: unbounded).';
COMMENT ON COLUMN crossmatch_partition.id_max IS 'Voids jobs: see id_min.';
-- voids jobs planned by v13 were split by zones and wrote into the old table: they end here
UPDATE crossmatch_job SET status = 'FAILED', finished_at = now(),
    error = 'interrupted by the schema upgrade to v14 (voids jobs are now split by galaxy id); submit it again'
WHERE type = 'voids' AND status IN ('QUEUED', 'RUNNING');

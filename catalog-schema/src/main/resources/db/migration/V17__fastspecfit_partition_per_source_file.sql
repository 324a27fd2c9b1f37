-- Schema v17: fastspecfit_galaxy is partitioned, one partition per catalog (LIST catalog_id), each of
-- them one partition per source file (LIST source_file_id), and a load writes a file's rows into a
-- table of its own that becomes the file's partition in the load's transaction.
--
-- Why: the rows of a file were copied into the shared table, every row updating three B-trees one entry
-- at a time. Measured here (bench/ingest-narrow.sh, 1M rows): that took about twice as long as
-- PostgreSQL's own way to the same rows and indexes (binary COPY into an unindexed table, then the
-- indexes built from sorted data), the issue's baseline. Now a load COPYs into the unindexed table
-- `fastspecfit_galaxy_f<file id>` (fastspecfit_stage), which fastspecfit_attach indexes and attaches to
-- the catalog's partition `fastspecfit_galaxy_c<catalog id>`. Readers see a file's rows all at once at
-- commit; kill -9 and restarts keep their guarantees (the table is created in the load's transaction,
-- so an aborted load leaves nothing behind).
--
-- Keys: the primary key (catalog_id, targetid, source_file_id) must hold both partition keys; within a
-- file's partition source_file_id is constant, so it is TARGETID's uniqueness within the file, and it
-- leads with (catalog_id, targetid) for the look-ups by TARGETID. A TARGETID repeated in another file
-- of the catalog is checked by the load (as v1's key did, the row is kept in rejected_row). The
-- (source_file_id) index is gone: a file's rows are its partition. Two B-trees per file instead of three.
--
-- Deleting a source file (a changed file's earlier version, or a catalog deleted) drops its partition
-- at commit (a deferred trigger), so a load that replaces a file keeps the old rows readable until it
-- commits: the drop takes ACCESS EXCLUSIVE on the catalog's partition only for that last moment.
-- The writer role does not own the table: the functions below (SECURITY DEFINER, owned by the schema
-- owner, fixed search_path) are the only way to create, attach or drop partitions.

ALTER TABLE fastspecfit_galaxy RENAME TO fastspecfit_galaxy_v16;
ALTER INDEX fastspecfit_galaxy_pkey RENAME TO fastspecfit_galaxy_v16_pkey;
ALTER INDEX fastspecfit_galaxy_zone_ra_idx RENAME TO fastspecfit_galaxy_v16_zone_ra_idx;
ALTER INDEX fastspecfit_galaxy_source_file_idx RENAME TO fastspecfit_galaxy_v16_source_file_idx;
DROP TRIGGER catalog_source_file_rows_delete ON catalog_source_file;
DROP FUNCTION delete_source_file_rows();

CREATE TABLE fastspecfit_galaxy (LIKE fastspecfit_galaxy_v16 INCLUDING DEFAULTS INCLUDING CONSTRAINTS
    INCLUDING COMMENTS) PARTITION BY LIST (catalog_id);
ALTER TABLE fastspecfit_galaxy ALTER COLUMN source_file_id SET NOT NULL;
ALTER TABLE fastspecfit_galaxy ADD CONSTRAINT fastspecfit_galaxy_pkey PRIMARY KEY (catalog_id, targetid, source_file_id);
CREATE INDEX fastspecfit_galaxy_zone_ra_idx ON fastspecfit_galaxy (catalog_id, zone, ra);
COMMENT ON TABLE fastspecfit_galaxy IS 'DESI DR1 FastSpecFit (iron) per-galaxy science columns; one partition per catalog, in it one per source file. TARGETID is unique within a catalog.';
COMMENT ON COLUMN fastspecfit_galaxy.source_file_id IS 'The source file (catalog_source_file.file_id) the row came from.';
GRANT SELECT ON fastspecfit_galaxy TO ${readerRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON fastspecfit_galaxy TO ${writerRole};

-- The catalog's partition (itself partitioned by source file), created and attached if missing.
-- Internal: the functions below call it.
CREATE FUNCTION fastspecfit_catalog_partition(catalog integer) RETURNS regclass
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    table_name text := 'fastspecfit_galaxy_c' || catalog;
    t regclass := to_regclass(format('${flyway:defaultSchema}.%I', table_name));
BEGIN
    IF t IS NULL THEN
        -- created apart and attached: ATTACH takes SHARE UPDATE EXCLUSIVE on the parent (readers go on)
        -- (no check of its own: every check of a partitioned table must be repeated by its partitions)
        EXECUTE format('CREATE TABLE ${flyway:defaultSchema}.%I (LIKE ${flyway:defaultSchema}.fastspecfit_galaxy'
                       ' INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (source_file_id)', table_name);
        EXECUTE format('ALTER TABLE ${flyway:defaultSchema}.fastspecfit_galaxy ATTACH PARTITION'
                       ' ${flyway:defaultSchema}.%I FOR VALUES IN (%s)', table_name, catalog);
        t := format('${flyway:defaultSchema}.%I', table_name)::regclass;
    END IF;
    RETURN t;
END $$;
COMMENT ON FUNCTION fastspecfit_catalog_partition(integer) IS 'The partition of fastspecfit_galaxy holding a catalog, created and attached if missing.';

-- The unindexed table a load COPYs one source file's rows into: fastspecfit_galaxy's columns and checks,
-- plus a check naming the catalog and the file (so attaching it needs no scan). The file must be in
-- catalog_source_file (the load inserts it first, in the same transaction).
CREATE FUNCTION fastspecfit_stage(file integer) RETURNS regclass
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    catalog integer;
    table_name text := 'fastspecfit_galaxy_f' || file;
BEGIN
    SELECT f.catalog_id INTO catalog FROM ${flyway:defaultSchema}.catalog_source_file f WHERE f.file_id = file;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'source file % does not exist', file;
    END IF;
    PERFORM ${flyway:defaultSchema}.fastspecfit_catalog_partition(catalog);
    EXECUTE format('CREATE TABLE ${flyway:defaultSchema}.%I (LIKE ${flyway:defaultSchema}.fastspecfit_galaxy'
                   ' INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CONSTRAINT %I CHECK (catalog_id = %s'
                   ' AND source_file_id = %s))', table_name, table_name || '_file', catalog, file);
    RETURN format('${flyway:defaultSchema}.%I', table_name)::regclass;
END $$;
COMMENT ON FUNCTION fastspecfit_stage(integer) IS 'Creates the unindexed table a load COPYs a FastSpecFit source file''s rows into.';

-- Builds a stage table's indexes and attaches it as its file's partition. A TARGETID repeated in the
-- file fails the primary key (SQLSTATE 23505): the load then moves the repeats to rejected_row and
-- calls this again.
CREATE FUNCTION fastspecfit_attach(file integer) RETURNS regclass
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET maintenance_work_mem = '256MB' AS $$
DECLARE
    catalog integer;
    table_name text := 'fastspecfit_galaxy_f' || file;
    stage regclass := to_regclass(format('${flyway:defaultSchema}.%I', 'fastspecfit_galaxy_f' || file));
BEGIN
    SELECT f.catalog_id INTO catalog FROM ${flyway:defaultSchema}.catalog_source_file f WHERE f.file_id = file;
    IF NOT FOUND OR stage IS NULL THEN
        RAISE EXCEPTION 'source file % has no stage table to attach', file;
    END IF;
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I PRIMARY KEY (catalog_id, targetid, source_file_id)', stage,
                   table_name || '_pkey');
    EXECUTE format('CREATE INDEX %I ON %s (catalog_id, zone, ra)', table_name || '_zone_ra_idx', stage);
    EXECUTE format('ALTER TABLE ${flyway:defaultSchema}.%I ATTACH PARTITION %s FOR VALUES IN (%s)',
                   'fastspecfit_galaxy_c' || catalog, stage, file);
    RETURN stage;
END $$;
COMMENT ON FUNCTION fastspecfit_attach(integer) IS 'Indexes a FastSpecFit source file''s stage table and attaches it as the file''s partition.';

-- An empty, attached partition for a source file, for rows inserted one by one.
CREATE FUNCTION fastspecfit_partition(file integer) RETURNS regclass
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    existing regclass := to_regclass(format('${flyway:defaultSchema}.%I', 'fastspecfit_galaxy_f' || file));
BEGIN
    IF existing IS NOT NULL THEN
        RETURN existing;
    END IF;
    PERFORM ${flyway:defaultSchema}.fastspecfit_stage(file);
    RETURN ${flyway:defaultSchema}.fastspecfit_attach(file);
END $$;
COMMENT ON FUNCTION fastspecfit_partition(integer) IS 'The partition of a FastSpecFit source file, created empty and attached if missing.';

-- Deleting a source file or a catalog drops its partition when the transaction commits (deferred): the
-- rows go as v4's trigger deleted them, and a load replacing a file keeps the old ones readable until then.
-- (A catalog's partition takes its files' with it: their triggers then find nothing, and say nothing.)
-- Arguments: the partition's name prefix and the deleted row's column that ends it.
CREATE FUNCTION fastspecfit_drop_partition() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    SET client_min_messages = warning AS $$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS ${flyway:defaultSchema}.%I', TG_ARGV[0] || (to_jsonb(OLD) ->> TG_ARGV[1]));
    RETURN NULL;
END $$;
COMMENT ON FUNCTION fastspecfit_drop_partition() IS 'Deleting a source file or a catalog drops its FastSpecFit partition, at commit.';
CREATE CONSTRAINT TRIGGER catalog_source_file_rows_drop AFTER DELETE ON catalog_source_file
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fastspecfit_drop_partition('fastspecfit_galaxy_f', 'file_id');
CREATE CONSTRAINT TRIGGER catalog_rows_drop AFTER DELETE ON catalog
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fastspecfit_drop_partition('fastspecfit_galaxy_c', 'catalog_id');

REVOKE ALL ON FUNCTION fastspecfit_catalog_partition(integer), fastspecfit_stage(integer),
    fastspecfit_attach(integer), fastspecfit_partition(integer), fastspecfit_drop_partition() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fastspecfit_stage(integer), fastspecfit_attach(integer), fastspecfit_partition(integer)
    TO ${writerRole};

-- A deleted catalog's file loads again. A load is idempotent per (catalog name, profile, SHA-256) through
-- ingest_run's unique index; before v17 a catalog deleted by hand kept its SUCCEEDED jobs, so the same file
-- submitted again answered the earlier job and loaded nothing. Deleting a catalog now stamps its jobs,
-- which stay readable (history) but no longer hold the file.
ALTER TABLE ingest_run ADD COLUMN catalog_deleted_at timestamptz;
COMMENT ON COLUMN ingest_run.catalog_deleted_at IS 'When the catalog this job loaded was deleted; such a job no longer makes its file''s load idempotent.';
DROP INDEX ingest_run_idempotency_idx;
CREATE UNIQUE INDEX ingest_run_idempotency_idx ON ingest_run (catalog_name, profile, sha256)
    WHERE status IN ('QUEUED', 'RUNNING', 'SUCCEEDED') AND catalog_deleted_at IS NULL AND sha256 IS NOT NULL;
CREATE FUNCTION ingest_runs_of_deleted_catalog() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE ${flyway:defaultSchema}.ingest_run SET catalog_deleted_at = now()
        WHERE catalog_name = OLD.name AND status = 'SUCCEEDED' AND catalog_deleted_at IS NULL;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION ingest_runs_of_deleted_catalog() IS 'Deleting a catalog stamps the jobs that loaded it: its files load again.';
REVOKE ALL ON FUNCTION ingest_runs_of_deleted_catalog() FROM PUBLIC;
CREATE TRIGGER catalog_ingest_runs_forget AFTER DELETE ON catalog
    FOR EACH ROW EXECUTE FUNCTION ingest_runs_of_deleted_catalog();

-- The rows of v16, moved into one partition per (catalog, source file), each indexed once
DO $$
DECLARE
    src record;
    orphans bigint;
BEGIN
    SELECT count(*) INTO orphans FROM ${flyway:defaultSchema}.fastspecfit_galaxy_v16 g
        WHERE NOT EXISTS (SELECT 1 FROM ${flyway:defaultSchema}.catalog_source_file sf
                          WHERE sf.file_id = g.source_file_id AND sf.catalog_id = g.catalog_id);
    IF orphans > 0 THEN
        RAISE EXCEPTION '% rows of fastspecfit_galaxy have no source file of their catalog (source_file_id NULL or'
            ' not in catalog_source_file: not loaded by ingest-service); delete them or point them at a'
            ' catalog_source_file row of their catalog, then start again', orphans;
    END IF;
    FOR src IN SELECT DISTINCT source_file_id FROM ${flyway:defaultSchema}.fastspecfit_galaxy_v16 ORDER BY 1
    LOOP
        EXECUTE format('INSERT INTO %s SELECT * FROM ${flyway:defaultSchema}.fastspecfit_galaxy_v16'
                       ' WHERE source_file_id = %s ORDER BY targetid',
                       ${flyway:defaultSchema}.fastspecfit_stage(src.source_file_id), src.source_file_id);
        PERFORM ${flyway:defaultSchema}.fastspecfit_attach(src.source_file_id);
    END LOOP;
END $$;

DROP TABLE fastspecfit_galaxy_v16;

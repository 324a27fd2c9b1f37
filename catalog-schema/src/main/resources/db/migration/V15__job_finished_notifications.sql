-- A job's end (SUCCEEDED, FAILED or CANCELLED), however it comes (a worker's commit, a cancel, a failure
-- after the last retry), is announced on channel desi_job_finished as '<kind>:<id>' when its transaction
-- commits, so GET /api/v1/{ingest,crossmatch}/jobs/{id}?waitSeconds=N answers at that moment (any
-- replica: each listens) instead of a client polling. A trigger, not the services' code, so that no
-- path that ends a job can forget it.
CREATE FUNCTION notify_job_finished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV: the job kind, then the name of the table's id column
    PERFORM pg_notify('desi_job_finished', TG_ARGV[0] || ':' || (to_jsonb(NEW) ->> TG_ARGV[1]));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION notify_job_finished() IS 'Announces a finished job on channel desi_job_finished as kind:id (at commit).';

CREATE TRIGGER ingest_run_finished AFTER UPDATE OF status ON ingest_run FOR EACH ROW
    WHEN (NEW.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION notify_job_finished('ingest', 'run_id');

CREATE TRIGGER crossmatch_job_finished AFTER UPDATE OF status ON crossmatch_job FOR EACH ROW
    WHEN (NEW.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION notify_job_finished('crossmatch', 'job_id');

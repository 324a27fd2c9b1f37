-- Schema v7: who submitted each job (the subject of the bearer token that started it).
ALTER TABLE ingest_run ADD COLUMN submitted_by text;
ALTER TABLE crossmatch_job ADD COLUMN submitted_by text;
COMMENT ON COLUMN ingest_run.submitted_by IS 'Subject (sub claim) of the token that submitted the job.';
COMMENT ON COLUMN crossmatch_job.submitted_by IS 'Subject (sub claim) of the token that submitted the job.';

-- A file under the data directory is submitted without hashing it first: (source, size, modification
-- time) identify a resubmission at once, and the worker hashes the file while it loads it, setting
-- sha256 at commit (where the idempotency index then refuses a second copy of the same bytes).
ALTER TABLE ingest_run ADD COLUMN source_mtime timestamptz;
COMMENT ON COLUMN ingest_run.source_mtime IS 'Modification time of a source file under the data directory when submitted (NULL for uploads).';
CREATE INDEX ingest_run_source_idx ON ingest_run (catalog_name, profile, source, size_bytes, source_mtime)
    WHERE status IN ('QUEUED', 'RUNNING', 'SUCCEEDED');

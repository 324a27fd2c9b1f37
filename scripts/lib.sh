#!/usr/bin/env bash
# Helpers the scripts and benchmarks share (source it: `. scripts/lib.sh`).

# json_id JSON: the top-level "id" of a job as the APIs return it.
json_id() {
  printf '%s' "$1" | sed -n 's/.*"id":\([0-9]*\).*/\1/p'
}

# service_urls: INGEST, CROSSMATCH and QUERY, the three services' base URLs on this machine (ports INGEST_PORT,
# CROSSMATCH_PORT, QUERY_PORT; by default those of `make run`)
service_urls() {
  INGEST="http://127.0.0.1:${INGEST_PORT:-8081}"
  CROSSMATCH="http://127.0.0.1:${CROSSMATCH_PORT:-8082}"
  QUERY="http://127.0.0.1:${QUERY_PORT:-8080}"
}

# psql_writer ARGS...: psql as the services' writer role on the database the services use (DESI_DB_NAME),
# unaligned and quiet: what the end-to-end checks read the database with
psql_writer() {
  PGPASSWORD="${PGPASSWORD:-desi_writer}" psql -X -q -At -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U desi_writer \
    -d "${DESI_DB_NAME:-desi}" "$@"
}

# bench_environment: what every benchmark runs the services with (call from the repository's root): their own
# ports (not those of `make run` or the tests), the development database, and target/bench for their logs, keys
# and the files the benchmark generates
bench_environment() {
  export RUN_DIR="$PWD/target/bench"
  export DATA_DIR="$RUN_DIR/data"
  export DESI_DB_NAME=desi
  export QUERY_PORT=28080 INGEST_PORT=28081 CROSSMATCH_PORT=28082
}

# await_job URL [MAX_SECONDS]: follows a job (GET URL?waitSeconds=30: the service answers when the job
# ends, or after 30 s, and the request is repeated) until it is SUCCEEDED, FAILED or CANCELLED and prints
# its JSON; the exit status is 0 only for SUCCEEDED, 1 also after MAX_SECONDS (default 1800). No poll
# interval enters the times the benchmarks report.
await_job() {
  local j deadline=$((SECONDS + ${2:-1800}))
  # an empty id (the submit failed) would name the job list, whose finished jobs would pass for this one
  case "$1" in */) printf 'no job id in %s' "$1"; return 1 ;; esac
  while [ "$SECONDS" -lt "$deadline" ]; do
    j=$(curl -sS "$1?waitSeconds=30")
    case "$j" in
      *'"status":"SUCCEEDED"'*) printf '%s' "$j"; return 0 ;;
      *'"status":"FAILED"'*|*'"status":"CANCELLED"'*) printf '%s' "$j"; return 1 ;;
      *'"status":"QUEUED"'*|*'"status":"RUNNING"'*) ;;
      *'"status":4'[0-9][0-9]*) printf '%s' "$j"; return 1 ;;   # a problem+json 4xx: no such job, bad id
      *) sleep 0.2 ;;   # no answer (the service restarting) or a 5xx: try again, do not spin
    esac
  done
  printf 'not finished after %s s: %s' "${2:-1800}" "$j"
  return 1
}

# await_http_code URL CODE [TRIES]: polls GET URL every 0.5 s (TRIES times, default 60) until it
# answers CODE; prints the last code seen.
await_http_code() {
  local code=000
  for _ in $(seq 1 "${3:-60}"); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)"
    [ "$code" = "$2" ] && break
    sleep 0.5
  done
  printf '%s' "$code"
}

# need_debian_packages PKG...: installs the Debian packages that are absent (quietly; root or sudo).
need_debian_packages() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}" >&2
  local sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
    || { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; }
}

# vacuum_shared_tables: VACUUM (ANALYZE) the tables all catalogs and jobs share, as their owner
# (superuser PGSUPERUSER, default postgres). A benchmark deletes what it loaded, and this machine's
# PostgreSQL may run with autovacuum = off (conf.d/90-ci.conf here): without this, each run would
# write into the dead rows and bloated indexes the runs before left (7.5M dead rows once), and read
# freshly loaded rows without hint bits or visibility map, both of which a deployment's autovacuum
# sees to and a baseline writing a new table never meets.
vacuum_shared_tables() {
  # A fresh database (first run on a new machine, the schema not applied until ingest-service starts) has
  # nothing to vacuum.
  [ "$(psql -X -q -At -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGSUPERUSER:-postgres}" -d "${DESI_DB_NAME:-desi}" \
    -c "SELECT to_regclass('desi.ingest_run') IS NOT NULL")" = t ] || return 0
  psql -X -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGSUPERUSER:-postgres}" -d "${DESI_DB_NAME:-desi}" \
    -v ON_ERROR_STOP=1 -c "VACUUM (ANALYZE) desi.fastspecfit_galaxy, desi.crossmatch_pair, desi.galaxy_environment,
      desi.voidfinder_hole, desi.voidfinder_void, desi.v2_void, desi.v2_zone, desi.v2_galaxy_zone, desi.void_catalog,
      desi.rejected_row, desi.catalog_source_file, desi.source_file_coverage, desi.ingest_run, desi.crossmatch_job"
}

# upload_generic FILE CATALOG RA DEC [ID]: uploads a FITS table to ingest-service (INGEST_PORT) as a generic
# catalog with the dev token of $RUN_DIR and waits for the job; fails with the job's JSON unless SUCCEEDED.
upload_generic() {
  local q="profile=generic&catalog=$2&raColumn=$3&decColumn=$4${5:+&idColumn=$5}" job
  job="$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" \
    -H 'Content-Type: application/fits' --data-binary @"$1" \
    "http://127.0.0.1:${INGEST_PORT:-8081}/api/v1/ingest/uploads?$q")" || { echo "upload of $1 failed: $job" >&2; return 1; }
  await_job "http://127.0.0.1:${INGEST_PORT:-8081}/api/v1/ingest/jobs/$(json_id "$job")" >/dev/null \
    || { echo "ingest of $1 into $2 did not succeed: $job" >&2; return 1; }
}

# reader_psql: psql as the read-only role against DESI_DB_NAME (development passwords, scripts/db-setup.sh)
reader_psql() {
  PGPASSWORD="${DESI_READER_PASSWORD:-desi_reader}" psql -X -q -At -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" \
    -U desi_reader -d "${DESI_DB_NAME:-desi}" -v ON_ERROR_STOP=1 "$@"
}

# pg_checkpoint: CHECKPOINT before a timed step (as the postgres superuser when this is root), so that
# each step starts with no dirty buffers and no WAL of the step before it: a checkpoint set off by
# earlier WAL would otherwise land in whichever step runs next. Prints "yes", or "no" when not allowed.
pg_checkpoint() {
  if su postgres -c "psql -X -q -p ${PGPORT:-5432} -c CHECKPOINT" >/dev/null 2>&1; then echo yes; else echo no; fi
}

# median V...: the median of numbers (the lower middle one of an even count)
median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}

# copy_then_index TABLE COLUMNS FILE: the ingest baseline the issue sets, PostgreSQL's fastest way to the
# service's end state: one transaction that creates catalog_data.TABLE with desi.fastspecfit_galaxy's
# columns and checks but no index, binary-COPYs FILE into it, then builds the indexes the live table
# has (read from the catalog, so the baseline follows the schema: same B-trees, same keys), with the
# maintenance_work_mem the service's own index builds use. WAL-logged, frozen (COPY FREEZE) and committed,
# as the service's rows are. Run it as desi_writer (PGPASSWORD); time it from outside.
copy_then_index() {
  local indexes
  indexes=$(psql -X -q -At -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U desi_writer -d "${DESI_DB_NAME:-desi}" \
    -v ON_ERROR_STOP=1 -c "SELECT regexp_replace(pg_get_indexdef(indexrelid),
      '^CREATE (UNIQUE )?INDEX \\S+ ON (ONLY )?\\S+', 'CREATE \\1INDEX ON catalog_data.$1') || ';'
      FROM pg_index WHERE indrelid = 'desi.fastspecfit_galaxy'::regclass ORDER BY indexrelid")
  psql -X -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U desi_writer -d "${DESI_DB_NAME:-desi}" -v ON_ERROR_STOP=1 <<SQL
BEGIN;
SET LOCAL maintenance_work_mem = '256MB';
CREATE TABLE catalog_data.$1 (LIKE desi.fastspecfit_galaxy INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
\\copy catalog_data.$1 ($2) FROM '$3' WITH (FORMAT binary, FREEZE)
$indexes
COMMIT;
SQL
}

# load_generic_file FILE CATALOG: loads FILE (a name under DATA_DIR with columns ID, RA, DEC) as a generic catalog
# through ingest-service's data-directory path (INGEST_PORT, the dev token of $RUN_DIR), waits for the job, then
# VACUUM ANALYZE, so the benchmarks' reads start on a table with its statistics and visibility map
load_generic_file() {
  local job
  job=$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" -H 'Content-Type: application/json' \
    "http://127.0.0.1:${INGEST_PORT:-8081}/api/v1/ingest/jobs" -d "{\"source\":\"$1\",\"profile\":\"generic\",\
\"catalog\":\"$2\",\"options\":{\"idColumn\":\"ID\",\"raColumn\":\"RA\",\"decColumn\":\"DEC\"}}")
  await_job "http://127.0.0.1:${INGEST_PORT:-8081}/api/v1/ingest/jobs/$(json_id "$job")" >/dev/null \
    || { echo "ingest of $1 into $2 did not succeed: $job" >&2; return 1; }
  psql_writer -v ON_ERROR_STOP=1 -c "VACUUM ANALYZE catalog_data.$2"
}

# q3c_scratch_copy CATALOG QDB: a scratch database QDB (dropped first) holding catalog_data.CATALOG's (id, ra, dec)
# as table t with q3c's index, clustered on it (q3c's best layout): the q3c baselines of the query benchmarks. The
# extension never enters the project's databases.
q3c_scratch_copy() {
  local su=(psql -X -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGSUPERUSER:-postgres}" -v ON_ERROR_STOP=1)
  "${su[@]}" -d postgres -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2"
  "${su[@]}" -d "$2" -c "CREATE EXTENSION q3c" -c "CREATE TABLE t (id bigint, ra float8, dec float8)"
  psql_writer -c "\\copy (SELECT id, ra, dec FROM catalog_data.$1) TO STDOUT" | "${su[@]}" -d "$2" -c "\\copy t FROM STDIN"
  "${su[@]}" -d "$2" -c "CREATE INDEX t_q3c ON t (q3c_ang2ipix(ra, dec))" -c "CLUSTER t USING t_q3c" -c "ANALYZE t"
}

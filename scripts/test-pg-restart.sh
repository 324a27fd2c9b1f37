#!/usr/bin/env bash
# Part of `make test` (called by test-scripts.sh with the services up): PostgreSQL restarts while an
# ingest job loads 600,000 rows and a sky cross-match job runs. Both must end SUCCEEDED with exactly
# the rows and the pairs of a clean run (nothing lost, nothing twice), and the services ready again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

RUN_DIR="${RUN_DIR:?}"; DATA_DIR="${DATA_DIR:?}"
service_urls
TAG="pgr_$(date +%s)"; LEFT="${TAG}_l"; RIGHT="${TAG}_r"; GAL="${TAG}_g"
: "${DESI_DB_NAME:?}"
PSQL=(psql_writer)
export PGPASSWORD=desi_writer
AUTH=(-H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")")
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }
status_of() {  # table id-column id
  "${PSQL[@]}" -c "SELECT status FROM desi.$1 WHERE $2 = $3" 2>/dev/null || echo UNKNOWN
}
await() {  # table id-column id
  local s
  for _ in $(seq 1 1800); do
    s="$(status_of "$1" "$2" "$3")"
    case "$s" in SUCCEEDED|FAILED|CANCELLED) echo "$s"; return ;; esac
    sleep 0.2
  done
  echo TIMEOUT
}
ingest() {  # source catalog options-json
  field "$(curl -sS -X POST "${AUTH[@]}" "$INGEST/api/v1/ingest/jobs" -H 'Content-Type: application/json' \
    -d "{\"source\":\"$1\",\"profile\":\"$2\",\"catalog\":\"$3\",\"options\":$4}")" id
}
crossmatch() {
  field "$(curl -sS -X POST "${AUTH[@]}" "$CROSSMATCH/api/v1/crossmatch/jobs" -H 'Content-Type: application/json' \
    -d "{\"type\":\"sky\",\"left\":\"$LEFT\",\"right\":\"$RIGHT\",\"radiusArcsec\":1.0}")" id
}

CP="ingest-service/target/quarkus-app/lib/main/*"
java -cp "$CP" org.desi.catalogs.core.sample.SampleMatchCatalogs "$DATA_DIR/$LEFT.fits" "$DATA_DIR/$RIGHT.fits" 300000 5 >/dev/null
java -Xmx2g -cp "$CP" org.desi.catalogs.core.sample.SampleFastSpecFitCatalog "$DATA_DIR/$GAL.fits" 600000 8 >/dev/null
for cat in "$LEFT" "$RIGHT"; do
  id="$(ingest "$cat.fits" generic "$cat" '{"idColumn":"ID","raColumn":"RA","decColumn":"DEC"}')"
  [ "$(await ingest_run run_id "$id")" = SUCCEEDED ] || { echo "pg-restart: loading $cat failed" >&2; exit 1; }
done
reference="$(crossmatch)"
[ "$(await crossmatch_job job_id "$reference")" = SUCCEEDED ] || { echo "pg-restart: the reference job failed" >&2; exit 1; }

load="$(ingest "$GAL.fits" fastspecfit "$GAL" '{}')"
for _ in $(seq 1 600); do   # the load reads rows before the cross-match job starts, so the two overlap
  [ "$("${PSQL[@]}" -c "SELECT rows_read > 0 FROM desi.ingest_run WHERE run_id = $load")" = t ] && break
  sleep 0.05
done
job="$(crossmatch)"
version="$(ls /etc/postgresql | sort -V | tail -1)"
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
restarted=""
for _ in $(seq 1 600); do
  # PostgreSQL restarts from inside a session holding both jobs' rows (FOR SHARE) once it has seen the load
  # reading rows and a cross-match partition leased: the load's last statement and every partition's commit
  # update those rows, so neither job can finish before the restart (without the locks a job finishing in
  # between made the test pass without testing anything). The restart ends this session too.
  restarted="$("${PSQL[@]}" 2>/dev/null <<SQL || true
\set leased 0
\set go false
BEGIN;
SET LOCAL lock_timeout = '200ms';
SELECT rows_read FROM desi.ingest_run WHERE run_id = $load AND status = 'RUNNING' AND rows_read > 0 FOR SHARE \gset
SELECT 1 AS running FROM desi.crossmatch_job WHERE job_id = $job AND status = 'RUNNING' FOR SHARE \gset
SELECT count(*) AS leased FROM desi.crossmatch_partition WHERE job_id = $job AND status = 'LEASED' \gset
SELECT :{?rows_read} AND :{?running} AND :leased > 0 AS go \gset
\if :go
\! date +%s.%N
\echo :rows_read :leased
\! $sudo pg_ctlcluster --skip-systemctl-redirect $version main restart -m fast >/dev/null
\endif
COMMIT;
SQL
)"
  [ -z "$restarted" ] || break
  sleep 0.02
done
[ -n "$restarted" ] || { echo "pg-restart: never saw the load reading rows with a cross-match partition leased" >&2; exit 1; }
{ read -r t0; read -r a leased; } <<<"$restarted"
echo "pg-restart: PostgreSQL restarted with the ingest job at $a of 600000 rows read and $leased cross-match partition(s) leased"
for port in "${INGEST_PORT:-8081}" "${CROSSMATCH_PORT:-8082}" "${QUERY_PORT:-8080}"; do
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break; sleep 0.1; done
done
ready=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
[ "$(await ingest_run run_id "$load")" = SUCCEEDED ] || { echo "pg-restart: the ingest job did not succeed" >&2; exit 1; }
[ "$(await crossmatch_job job_id "$job")" = SUCCEEDED ] || { echo "pg-restart: the cross-match job did not succeed" >&2; exit 1; }
read -r load_attempts redone <<<"$("${PSQL[@]}" -F ' ' -c "SELECT (SELECT attempts FROM desi.ingest_run WHERE run_id = $load),
  (SELECT count(*) FROM desi.crossmatch_partition WHERE job_id = $job AND attempts > 1)")"
# the load's transaction was open at the restart, so it ran again; a leased partition whose reads were done before
# the restart and whose commit came after it is kept, not redone (its lease survives in the database)
[ "$load_attempts" -ge 2 ] || { echo "pg-restart: the load was not run again after the restart (attempts $load_attempts)" >&2; exit 1; }
read -r rows distinct <<<"$("${PSQL[@]}" -F ' ' -c "SELECT count(*), count(DISTINCT targetid) FROM desi.fastspecfit_galaxy g
  JOIN desi.catalog c USING (catalog_id) WHERE c.name = '$GAL'")"
read -r loaded rejected <<<"$("${PSQL[@]}" -F ' ' -c "SELECT rows_loaded, rows_rejected FROM desi.ingest_run WHERE run_id = $load")"
[ $((rows + rejected)) = 600000 ] && [ "$rows" = "$distinct" ] && [ "$rows" = "$loaded" ] || {
  echo "pg-restart: $rows rows ($distinct distinct, job says $loaded loaded + $rejected rejected) of 600000" >&2; exit 1; }
read -r n ref differ <<<"$("${PSQL[@]}" -F ' ' -c "SELECT
  (SELECT count(*) FROM desi.crossmatch_pair WHERE job_id = $job), (SELECT count(*) FROM desi.crossmatch_pair WHERE job_id = $reference),
  (SELECT count(*) FROM ((SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = $job
     EXCEPT SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = $reference) UNION ALL
     (SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = $reference
     EXCEPT SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = $job)) d)")"
[ "$n" = "$ref" ] && [ "$differ" = 0 ] && [ "$n" -gt 0 ] || {
  echo "pg-restart: the cross-match job has $n pairs, the clean run $ref ($differ differ)" >&2; exit 1; }
echo "pg-restart: both jobs succeeded after the restart (the load in attempt $load_attempts, $redone partition(s) redone): $rows rows + $rejected rejects = 600000, no duplicates; exactly the $n pairs of a clean run; all three services ready ${ready} s after the restart began"
"${PSQL[@]}" -c "DELETE FROM desi.crossmatch_job WHERE job_id IN ($job, $reference)" \
  -c "DELETE FROM desi.catalog WHERE name IN ('$LEFT', '$RIGHT', '$GAL')" \
  -c "DROP TABLE catalog_data.$LEFT, catalog_data.$RIGHT" >/dev/null
rm -f "$DATA_DIR/$LEFT.fits" "$DATA_DIR/$RIGHT.fits" "$DATA_DIR/$GAL.fits"

#!/usr/bin/env bash
# Part of `make test` (called by test-scripts.sh with the services up): two crossmatch-service
# replicas share one sky job; the second is killed with -9 while it holds a partition lease. The job
# must still succeed (the lease expires, the survivor redoes the partition) with exactly the pairs a
# clean run gives: none lost, none twice. Needs DESI_CROSSMATCH_LEASE_SECONDS small (test-scripts.sh: 3).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

RUN_DIR="${RUN_DIR:?}"; DATA_DIR="${DATA_DIR:?}"
service_urls
SECOND_PORT="${SECOND_CROSSMATCH_PORT:-18083}"
ROWS="${KILL_TEST_MATCH_ROWS:-200000}"
TAG="$(date +%s)"; LEFT="kill_xl_$TAG"; RIGHT="kill_xr_$TAG"
: "${DESI_DB_NAME:?}"
PSQL=(psql_writer)
field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }

java -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.sample.SampleMatchCatalogs \
  "$DATA_DIR/$LEFT.fits" "$DATA_DIR/$RIGHT.fits" "$ROWS" 3 >/dev/null
for cat in "$LEFT" "$RIGHT"; do
  json="$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "$INGEST/api/v1/ingest/jobs" -H 'Content-Type: application/json' -d "{\"source\":\"$cat.fits\",\
\"profile\":\"generic\",\"catalog\":\"$cat\",\"options\":{\"idColumn\":\"ID\",\"raColumn\":\"RA\",\"decColumn\":\"DEC\"}}")"
  id="$(field "$json" id)"
  for _ in $(seq 1 600); do
    [ "$("${PSQL[@]}" -c "SELECT status FROM desi.ingest_run WHERE run_id = $id")" = SUCCEEDED ] && break
    sleep 0.2
  done
done

# the second replica: same database, its own port and worker id
env $(scripts/dev-db-env.sh crossmatch) QUARKUS_HTTP_PORT="$SECOND_PORT" DESI_CROSSMATCH_WORKER_THREADS=2 nohup java -Xmx512m \
  -jar crossmatch-service/target/quarkus-app/quarkus-run.jar > "$RUN_DIR/logs/crossmatch-second.log" 2>&1 &
second=$!
trap 'kill -9 $second 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$SECOND_PORT/q/health/ready" && break; sleep 0.5; done
second_worker="$(sed -n 's/.*cross-match worker \([^:]*\):.*/\1/p' "$RUN_DIR/logs/crossmatch-second.log" | head -1)"
[ -n "$second_worker" ] || { echo "kill-test: the second replica did not start its worker" >&2; exit 1; }

submit() {
  field "$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "$CROSSMATCH/api/v1/crossmatch/jobs" -H 'Content-Type: application/json' \
    -d "{\"type\":\"sky\",\"left\":\"$LEFT\",\"right\":\"$RIGHT\",\"radiusArcsec\":1.0}")" id
}
await() {
  local s
  for _ in $(seq 1 1200); do
    s="$("${PSQL[@]}" -c "SELECT status FROM desi.crossmatch_job WHERE job_id = $1")"
    case "$s" in SUCCEEDED|FAILED|CANCELLED) echo "$s"; return ;; esac
    sleep 0.1
  done
  echo TIMEOUT
}
job="$(submit)"
killed=""
for _ in $(seq 1 600); do
  # The kill happens while this session holds the job's row (FOR SHARE): a partition's commit ends by updating that
  # row, so none can commit meanwhile, and a partition the second replica still holds once the row is locked (being
  # computed, or its commit waiting here) cannot be done before the kill; its connection is gone when the lock is
  # released. Without the lock, partitions finishing between seeing them leased and the kill left nothing to redo.
  killed="$("${PSQL[@]}" <<SQL
BEGIN;
SELECT 1 AS job_locked FROM desi.crossmatch_job WHERE job_id = $job FOR SHARE \gset
SELECT count(*) > 0 AS held, count(*) AS n FROM desi.crossmatch_partition WHERE job_id = $job
  AND status = 'LEASED' AND lease_owner = '$second_worker' \gset
\if :held
\! kill -9 $second
\echo :n
\endif
COMMIT;
SQL
)"
  [ -z "$killed" ] || break
  sleep 0.02
done
[ -n "$killed" ] || { echo "kill-test: the second replica never leased a partition of job $job" >&2; exit 1; }
echo "kill-test: killed the second crossmatch-service replica (kill -9) holding $killed partition lease(s) of job $job"
status="$(await "$job")"
[ "$status" = SUCCEEDED ] || { echo "kill-test: job $job ended $status" >&2; exit 1; }
retried="$("${PSQL[@]}" -c "SELECT count(*) FROM desi.crossmatch_partition WHERE job_id = $job AND attempts > 1")"
[ "$retried" -ge 1 ] || { echo "kill-test: no partition was redone" >&2; exit 1; }

reference="$(submit)"
[ "$(await "$reference")" = SUCCEEDED ] || { echo "kill-test: the reference job failed" >&2; exit 1; }
read -r n ref only_killed only_ref <<<"$("${PSQL[@]}" -F ' ' -c "SELECT
  (SELECT count(*) FROM desi.crossmatch_pair WHERE job_id = $job),
  (SELECT count(*) FROM desi.crossmatch_pair WHERE job_id = $reference),
  (SELECT count(*) FROM (SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = $job
     EXCEPT SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = $reference) a),
  (SELECT count(*) FROM (SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = $reference
     EXCEPT SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = $job) b)")"
[ "$n" = "$ref" ] && [ "$only_killed" = 0 ] && [ "$only_ref" = 0 ] && [ "$n" -gt 0 ] || {
  echo "kill-test: job $job has $n pairs, the clean run $ref ($only_killed / $only_ref differ)" >&2; exit 1; }
echo "kill-test: job $job succeeded after the kill ($retried partition(s) redone) with exactly the $n pairs of a clean run"
"${PSQL[@]}" -c "DELETE FROM desi.crossmatch_job WHERE job_id IN ($job, $reference)" \
  -c "DELETE FROM desi.catalog WHERE name IN ('$LEFT', '$RIGHT')" -c "DROP TABLE catalog_data.$LEFT, catalog_data.$RIGHT" >/dev/null
rm -f "$DATA_DIR/$LEFT.fits" "$DATA_DIR/$RIGHT.fits"

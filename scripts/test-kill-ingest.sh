#!/usr/bin/env bash
# Part of `make test` (called by test-scripts.sh with the services up): kill -9 ingest-service in the
# middle of a load, start it again, and check that the job finishes by itself and the catalog then
# holds exactly the file's rows: none lost, none duplicated. Needs DESI_INGEST_STALE_AFTER_SECONDS
# small in the services' environment (test-scripts.sh sets 3 s) so the dead job is taken over quickly.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

RUN_DIR="${RUN_DIR:?}"; DATA_DIR="${DATA_DIR:?}"
service_urls
ROWS="${KILL_TEST_ROWS:-600000}"
CATALOG="kill_test_$(date +%s)"
: "${DESI_DB_NAME:?}"
PSQL=(psql_writer)

java -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.sample.SampleFastSpecFitCatalog \
  "$DATA_DIR/$CATALOG.fits" "$ROWS" 5 >/dev/null
json="$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "$INGEST/api/v1/ingest/jobs" -H 'Content-Type: application/json' \
  -d "{\"source\": \"$CATALOG.fits\", \"profile\": \"fastspecfit\", \"catalog\": \"$CATALOG\"}")"
id="$(printf '%s' "$json" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')"

# wait until the load is under way (rows read, not yet committed), then kill the JVM outright
killed=""
for _ in $(seq 1 600); do
  read -r status rows <<<"$("${PSQL[@]}" -F ' ' -c "SELECT status, rows_read FROM desi.ingest_run WHERE run_id = $id")"
  if [ "$status" = RUNNING ] && [ "$rows" -gt 0 ]; then
    kill -9 "$(cat "$RUN_DIR/ingest-service.pid")"
    killed="$rows"
    break
  fi
  [ "$status" = SUCCEEDED ] && break
  sleep 0.05
done
[ -n "$killed" ] || { echo "kill-test: the load finished before it could be killed; raise KILL_TEST_ROWS" >&2; exit 1; }
echo "kill-test: killed ingest-service (kill -9) with $killed of $ROWS rows read"
sleep 1
loaded_before=$("${PSQL[@]}" -c "SELECT count(*) FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id) WHERE c.name = '$CATALOG'")
[ "$loaded_before" = 0 ] || { echo "kill-test: $loaded_before rows visible from the killed load" >&2; exit 1; }

scripts/services.sh up >/dev/null
for _ in $(seq 1 600); do
  status="$("${PSQL[@]}" -c "SELECT status FROM desi.ingest_run WHERE run_id = $id")"
  case "$status" in SUCCEEDED|FAILED|CANCELLED) break ;; esac
  sleep 0.2
done
[ "$status" = SUCCEEDED ] || { echo "kill-test: after restart the job ended $status" >&2; exit 1; }
read -r attempts loaded rejected <<<"$("${PSQL[@]}" -F ' ' -c "SELECT attempts, rows_loaded, rows_rejected FROM desi.ingest_run WHERE run_id = $id")"
read -r n distinct <<<"$("${PSQL[@]}" -F ' ' -c "SELECT count(*), count(DISTINCT targetid) FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id) WHERE c.name = '$CATALOG'")"
rejects_kept="$("${PSQL[@]}" -c "SELECT count(*) FROM desi.rejected_row WHERE run_id = $id")"
[ "$attempts" -ge 2 ] || { echo "kill-test: the job was not retried (attempts $attempts)" >&2; exit 1; }
[ "$n" = "$loaded" ] && [ "$n" = "$distinct" ] && [ $((n + rejected)) = "$ROWS" ] && [ "$rejects_kept" = "$rejected" ] || {
  echo "kill-test: rows $n (distinct $distinct), job says loaded $loaded + rejected $rejected (kept $rejects_kept) of $ROWS" >&2
  exit 1
}
echo "kill-test: after restart the job finished on attempt $attempts: $n rows + $rejected rejects = $ROWS, no duplicates"
"${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name = '$CATALOG'" >/dev/null
rm -f "$DATA_DIR/$CATALOG.fits"

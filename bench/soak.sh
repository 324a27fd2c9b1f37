#!/usr/bin/env bash
# Soak: 10 minutes (SOAK_SECONDS) of mixed read traffic at 16 connections against query-service
# (cone, SCS, export, statistics; bench/soak.lua), while an ingest job and a cross-match job run.
# A request counts as an error on a non-2xx answer or after 10 s without one. Reports errors (must be 0), p50/p99 and each service's RSS at the start and the end (must not grow
# without bound). Uses the local database "desi" and the bench ports.
#   bench/soak.sh [seconds]      (default 600; needs `make build` and wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

SECONDS_TOTAL="${1:-${SOAK_SECONDS:-600}}"
export RUN_DIR="$PWD/target/soak" DATA_DIR="$PWD/target/soak/data" DESI_DB_NAME=desi
export QUERY_PORT=28080 INGEST_PORT=28081 CROSSMATCH_PORT=28082
TAG="soak_$(date +%s)"; GAL="${TAG}_gal"; VOIDS="${TAG}_vf"; LATE="${TAG}_late"
CP="ingest-service/target/quarkus-app/lib/main/*"
PSQL=(psql -X -q -At -h 127.0.0.1 -U desi_writer -d desi -v ON_ERROR_STOP=1)
export PGPASSWORD=desi_writer
need_debian_packages wrk
rm -rf "$RUN_DIR"; mkdir -p "$DATA_DIR"
cleanup() {
  scripts/services.sh down >/dev/null 2>&1 || true
  "${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name IN ('$GAL', '$VOIDS', '$LATE')" >/dev/null 2>&1 || true
}
trap cleanup EXIT
scripts/services.sh up >/dev/null
AUTH=(-H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")")
field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }
await() {  # url: 0 once SUCCEEDED; otherwise the job's JSON on stderr
  local j
  j=$(await_job "$1" 600) || { echo "$j" >&2; return 1; }
}
post() {  # url json
  field "$(curl -sS -X POST "${AUTH[@]}" -H 'Content-Type: application/json' "$1" -d "$2")" id
}
rss() { for s in query ingest crossmatch; do printf '%s-service %s MiB  ' "$s" $(( $(ps -o rss= -p "$(cat "$RUN_DIR/$s-service.pid")") / 1024 )); done; }

java -Xmx2g -cp "$CP" org.desi.catalogs.core.sample.SampleFastSpecFitCatalog "$DATA_DIR/$GAL.fits" 200000 11 >/dev/null
java -Xmx2g -cp "$CP" org.desi.catalogs.core.sample.SampleFastSpecFitCatalog "$DATA_DIR/$LATE.fits" 300000 12 >/dev/null
java -cp "$CP" org.desi.catalogs.core.sample.SampleVoidCatalog "$DATA_DIR/$VOIDS.fits" 11 >/dev/null
await "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$(post "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" \
  "{\"source\":\"$GAL.fits\",\"profile\":\"fastspecfit\",\"catalog\":\"$GAL\"}")"
await "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$(post "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" \
  "{\"source\":\"$VOIDS.fits\",\"profile\":\"voidfinder\",\"catalog\":\"$VOIDS\"}")"
await "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs/$(post "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs" \
  "{\"type\":\"voids\",\"galaxies\":\"$GAL\",\"voids\":\"$VOIDS\"}")"
echo "soak: start  $(rss)"
CATALOG="$GAL" VOIDS="$VOIDS" wrk -t2 -c16 -d"${SECONDS_TOTAL}s" --timeout 10s --latency -s bench/soak.lua \
  "http://127.0.0.1:$QUERY_PORT" > "$RUN_DIR/wrk.txt" 2>&1 &
wrk_pid=$!
sleep 30
# writes during the soak: a 300k-row load, then a sky cross-match of the catalog with itself
load="$(post "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" "{\"source\":\"$LATE.fits\",\"profile\":\"fastspecfit\",\"catalog\":\"$LATE\"}")"
await "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$load" && jobs_ok="ingest job $load SUCCEEDED" || jobs_ok="ingest job $load FAILED"
match="$(post "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs" "{\"type\":\"sky\",\"left\":\"$LATE\",\"right\":\"$GAL\",\"radiusArcsec\":2}")"
await "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs/$match" && jobs_ok="$jobs_ok, cross-match job $match SUCCEEDED" \
  || jobs_ok="$jobs_ok, cross-match job $match FAILED"
echo "soak: middle $(rss)"
wait "$wrk_pid"
echo "soak: end    $(rss)"
line="$(grep '^SOAK ' "$RUN_DIR/wrk.txt")"
echo "soak: ${SECONDS_TOTAL} s at 16 connections: $line; $jobs_ok"
"${PSQL[@]}" -c "DELETE FROM desi.crossmatch_job WHERE job_id = $match" >/dev/null
case "$line" in *"errors_socket=0 errors_status=0"*) ;; *) echo "soak: errors during the soak" >&2; exit 1 ;; esac
case "$jobs_ok" in *FAILED*) exit 1 ;; esac

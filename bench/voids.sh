#!/usr/bin/env bash
# Benchmark (issue C, void membership): 1M FastSpecFit-shaped galaxies and a VoidFinder catalog of
# about 10,000 holes, both loaded through ingest-service, then a voids job through crossmatch-service.
# Prints the job's galaxies/s and, for comparison, the in-memory engine's rate (EngineBenchmark).
#   bench/voids.sh [galaxies]      (default 1,000,000; needs `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS="${1:-1000000}"
export RUN_DIR="$PWD/target/bench"
export DATA_DIR="$RUN_DIR/data"
export DESI_DB_NAME=desi
export QUERY_PORT=28080 INGEST_PORT=28081 CROSSMATCH_PORT=28082
export JAVA_OPTS="${JAVA_OPTS:--Xmx2g}"
export DESI_CROSSMATCH_WORKER_THREADS="${DESI_CROSSMATCH_WORKER_THREADS:-$(nproc)}"
export DESI_CROSSMATCH_PARTITIONS="${DESI_CROSSMATCH_PARTITIONS:-8}"
PSQL=(psql -X -q -At -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U desi_writer -d desi -v ON_ERROR_STOP=1)
TAG="bench_voids_$(date +%s)"
CP="ingest-service/target/quarkus-app/lib/main/*"

mkdir -p "$DATA_DIR"
cleanup() {
  scripts/services.sh down >/dev/null 2>&1 || true
  "${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name IN ('${TAG}_gal', '${TAG}_vf')" >/dev/null 2>&1 || true
}
trap cleanup EXIT
scripts/services.sh up >/dev/null
java -Xmx6g -cp "$CP" org.desi.catalogs.core.sample.SampleFastSpecFitCatalog "$DATA_DIR/${TAG}_gal.fits" "$ROWS" 3 >/dev/null
java -cp "$CP" org.desi.catalogs.core.sample.SampleVoidCatalog "$DATA_DIR/${TAG}_vf.fits" 3 1000 >/dev/null

await() {  # url
  local j
  while :; do
    j=$(curl -sS "$1")
    case "$j" in *'"status":"SUCCEEDED"'*) printf '%s' "$j"; return ;; *'"status":"FAILED"'*|*'"status":"CANCELLED"'*) echo "$j" >&2; exit 1 ;; esac
    sleep 0.1
  done
}
for spec in "${TAG}_gal:fastspecfit" "${TAG}_vf:voidfinder"; do
  cat="${spec%%:*}"; profile="${spec##*:}"
  j=$(curl -sS -X POST "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" -H 'Content-Type: application/json' \
    -d "{\"source\":\"$cat.fits\",\"profile\":\"$profile\",\"catalog\":\"$cat\"}")
  await "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$(printf '%s' "$j" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')" >/dev/null
done
holes=$("${PSQL[@]}" -c "SELECT count(*) FROM desi.voidfinder_hole h JOIN desi.catalog c USING (catalog_id) WHERE c.name = '${TAG}_vf'")
j=$(curl -sS -X POST "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs" -H 'Content-Type: application/json' \
  -d "{\"type\":\"voids\",\"galaxies\":\"${TAG}_gal\",\"voids\":\"${TAG}_vf\"}")
jid=$(printf '%s' "$j" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
await "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs/$jid" >/dev/null
read -r secs envs <<<"$("${PSQL[@]}" -F ' ' -c "SELECT extract(epoch FROM finished_at - started_at), pairs FROM desi.crossmatch_job WHERE job_id = $jid")"
counts=$("${PSQL[@]}" -c "SELECT string_agg(environment || ' ' || n, ', ' ORDER BY environment) FROM (SELECT environment, count(*) n FROM desi.galaxy_environment WHERE job_id = $jid GROUP BY 1) x")
awk -v rows="$ROWS" -v holes="$holes" -v s="$secs" -v e="$envs" -v c="$counts" 'BEGIN {
  printf "voids job: %d galaxies x %d holes in %.2f s = %.0f galaxies/s through the service (%d environments written: %s)\n",
    rows, holes, s, rows / s, e, c }'
"${PSQL[@]}" -c "DELETE FROM desi.crossmatch_job WHERE job_id = $jid" >/dev/null
java -Xmx4g -cp "$CP" org.desi.catalogs.core.bench.EngineBenchmark "$ROWS" | tail -1

#!/usr/bin/env bash
# Benchmark: cone searches over a catalog split as DESI splits FastSpecFit iron, one file per HEALPix nside-1
# pixel (12 files, each loaded through ingest-service's API as a partition of its own), with and without
# query-service's file pruning (a cone reads only the files whose recorded coverage comes near it). The
# comparison is the same rows, the same partitions and indexes, the same service: "every file" removes the
# files' coverage rows (as for files loaded before coverage was recorded), so every cone reads all twelve.
# Alternates the two twice; wrk at 16 connections, 1 arcmin and 30 arcmin, 100-row pages; and the 1-arcmin cones
# through TAP (/tap/sync, ADQL, VOTable), which prunes the same way.
#   bench/query-cone-files.sh [rows] [seconds per run]      (defaults 1,200,000 and 10; needs `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ROWS="${1:-1200000}"
SECS="${2:-10}"
bench_environment
export JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
PSQL=(psql -X -q -At -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U desi_writer -d desi -v ON_ERROR_STOP=1)
CATALOG="bench_files_$(date +%s)"
need_debian_packages wrk
mkdir -p "$DATA_DIR"
cleanup() {
  scripts/services.sh down >/dev/null 2>&1 || true
  "${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name = '$CATALOG'" -c "DROP TABLE IF EXISTS catalog_data.${CATALOG}_saved" \
    >/dev/null 2>&1 || true
  rm -f "$DATA_DIR/$CATALOG"-hp*.fits
}
trap cleanup EXIT
scripts/services.sh up >/dev/null
java -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.sample.SampleHealpixFiles \
  "$DATA_DIR" "$CATALOG" "$ROWS" 5
for f in "$DATA_DIR/$CATALOG"-hp*.fits; do
  job=$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" -H 'Content-Type: application/json' \
    "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" -d "{\"source\":\"$(basename "$f")\",\"profile\":\"generic\",\
\"catalog\":\"$CATALOG\",\"options\":{\"idColumn\":\"ID\",\"raColumn\":\"RA\",\"decColumn\":\"DEC\",\"zColumn\":\"Z\"}}")
  await_job "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$(json_id "$job")" >/dev/null \
    || { echo "ingest of $f failed: $job" >&2; exit 1; }
done
"${PSQL[@]}" -c "VACUUM ANALYZE catalog_data.$CATALOG"
files="SELECT file_id FROM desi.catalog_source_file f JOIN desi.catalog c USING (catalog_id) WHERE c.name = '$CATALOG'"
"${PSQL[@]}" -c "CREATE TABLE catalog_data.${CATALOG}_saved AS SELECT * FROM desi.source_file_coverage WHERE file_id IN ($files)"
echo "catalog $CATALOG: $("${PSQL[@]}" -c "SELECT count(*) FROM ($files) f") files with $("${PSQL[@]}" -c \
  "SELECT count(*) FROM catalog_data.${CATALOG}_saved") recorded coverages"

wrk_run() {  # radius [wrk script] -> "rps p99"
  local out
  out=$(CATALOG="$CATALOG" RADIUS_DEG="$1" wrk -t 2 -c 16 -d "${SECS}s" --latency -s "${2:-bench/cone.lua}" \
    "http://127.0.0.1:$QUERY_PORT")
  if printf '%s' "$out" | grep -q 'Non-2xx'; then echo "cone requests failed: $out" >&2; exit 1; fi
  printf '%s %s' "$(printf '%s' "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')" \
    "$(printf '%s' "$out" | awk '$1 == "99%" {print $2}')"
}
settle() { sleep "$(( ${DESI_QUERY_REGISTRY_CACHE_SECONDS:-5} + 1 ))"; }   # the registry entry (and its file list) is re-read
# warm-up (JIT, caches), not reported: both radii
CATALOG="$CATALOG" RADIUS_DEG=0.0166667 wrk -t 2 -c 16 -d 20s -s bench/cone.lua "http://127.0.0.1:$QUERY_PORT" >/dev/null
CATALOG="$CATALOG" RADIUS_DEG=0.5 wrk -t 2 -c 16 -d 10s -s bench/cone.lua "http://127.0.0.1:$QUERY_PORT" >/dev/null
CATALOG="$CATALOG" RADIUS_DEG=0.0166667 wrk -t 2 -c 16 -d 20s -s bench/cone_tap.lua "http://127.0.0.1:$QUERY_PORT" >/dev/null

printf '%-7s %-14s %10s %9s\n' round files "req/s" p99
declare -A sum
for round in 1 2; do
  for mode in pruned every; do
    if [ "$mode" = every ]; then
      "${PSQL[@]}" -c "DELETE FROM desi.source_file_coverage WHERE file_id IN ($files)"
    else
      "${PSQL[@]}" -c "DELETE FROM desi.source_file_coverage WHERE file_id IN ($files)" \
        -c "INSERT INTO desi.source_file_coverage SELECT * FROM catalog_data.${CATALOG}_saved"
    fi
    settle
    for r in 0.0166667 0.5 tap; do
      if [ "$r" = tap ]; then
        read -r rps p99 <<<"$(wrk_run 0.0166667 bench/cone_tap.lua)"
      else
        read -r rps p99 <<<"$(wrk_run "$r")"
      fi
      label=$(case "$r" in 0.5) echo "30'" ;; tap) echo "TAP 1'" ;; *) echo "1'" ;; esac)
      printf '%-7s %-14s %10.0f %9s\n' "$round" "$mode $label" "$rps" "$p99"
      sum["$mode$r"]=$(awk -v a="${sum["$mode$r"]:-0}" -v b="$rps" 'BEGIN { print a + b }')
    done
  done
done
for r in 0.0166667 0.5 tap; do
  awk -v p="${sum["pruned$r"]}" -v e="${sum["every$r"]}" -v r="$r" 'BEGIN {
    printf "%s cones: reading only the files near the cone %.0f req/s, every file %.0f req/s (means of 2 runs): %.2fx\n",
      (r == "0.5" ? "30 arcmin" : r == "tap" ? "TAP 1 arcmin" : "1 arcmin"), p / 2, e / 2, p / e }'
done

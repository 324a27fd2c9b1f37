#!/usr/bin/env bash
# Benchmark (void membership): 1M FastSpecFit-shaped galaxies and a void catalog, both loaded through
# ingest-service, then voids jobs through crossmatch-service, timed from the client: from the POST that
# submits the job until GET reads SUCCEEDED (the service's own started..finished time is printed too).
#   voidfinder: a VoidFinder catalog of about 10,000 holes (one job)
#   v2:         a V2 (REVOLVER-layout) catalog of 600,000 tracers, ~400 voids; two jobs on the same data in the
#               same run: VAST's nearest-tracer rule and the effective-sphere rule it replaced (the speed the
#               V2 placement had before), and their ratio
# Then the in-memory engines (EngineBenchmark) for comparison.
#   bench/voids.sh [galaxies] [voidfinder|v2]      (default 1,000,000 voidfinder; needs `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ROWS="${1:-1000000}"
MODE="${2:-voidfinder}"
case "$MODE" in voidfinder|v2) ;; *) echo "usage: bench/voids.sh [galaxies] [voidfinder|v2]" >&2; exit 2 ;; esac
bench_environment
export JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
export DESI_CROSSMATCH_WORKER_THREADS="${DESI_CROSSMATCH_WORKER_THREADS:-$(nproc)}"
export DESI_CROSSMATCH_PARTITIONS="${DESI_CROSSMATCH_PARTITIONS:-8}"
PSQL=(psql -X -q -At -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U desi_writer -d desi -v ON_ERROR_STOP=1)
TAG="bench_voids_$(date +%s)"
CP="ingest-service/target/quarkus-app/lib/main/*"

mkdir -p "$DATA_DIR"
cleanup() {
  scripts/services.sh down >/dev/null 2>&1 || true
  "${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name IN ('${TAG}_gal', '${TAG}_vf')" >/dev/null 2>&1 || true
  rm -f "$DATA_DIR/${TAG}_gal.fits" "$DATA_DIR/${TAG}_vf.fits"   # 137 MB a run otherwise
}
trap cleanup EXIT
scripts/services.sh up >/dev/null
java -Xmx6g -cp "$CP" org.desi.catalogs.core.sample.SampleFastSpecFitCatalog "$DATA_DIR/${TAG}_gal.fits" "$ROWS" 3 >/dev/null
if [ "$MODE" = v2 ]; then
  java -Xmx4g -cp "$CP" org.desi.catalogs.core.sample.SampleV2Catalog "$DATA_DIR/${TAG}_vf.fits" 600000 3 >/dev/null
else
  java -cp "$CP" org.desi.catalogs.core.sample.SampleVoidCatalog "$DATA_DIR/${TAG}_vf.fits" 3 1000 >/dev/null
fi

await() {  # url: waits for SUCCEEDED, or stops the benchmark with the job's JSON
  local j
  j=$(await_job "$1") || { echo "$j" >&2; exit 1; }
}
for spec in "${TAG}_gal:fastspecfit" "${TAG}_vf:$MODE"; do
  cat="${spec%%:*}"; profile="${spec##*:}"
  j=$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" -H 'Content-Type: application/json' \
    -d "{\"source\":\"$cat.fits\",\"profile\":\"$profile\",\"catalog\":\"$cat\"}")
  await "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$(json_id "$j")"
done
if [ "$MODE" = v2 ]; then
  size=$("${PSQL[@]}" -c "SELECT count(*) || ' tracers, ' || (SELECT count(*) FROM desi.v2_void v WHERE v.catalog_id = c.catalog_id) || ' voids' FROM desi.v2_galaxy_zone g JOIN desi.catalog c USING (catalog_id) WHERE c.name = '${TAG}_vf' GROUP BY c.catalog_id")
  rules=(nearest-tracer effective-sphere)
else
  size=$("${PSQL[@]}" -c "SELECT count(*) || ' holes' FROM desi.voidfinder_hole h JOIN desi.catalog c USING (catalog_id) WHERE c.name = '${TAG}_vf'")
  rules=(none)
fi
declare -A client
for rule in "${rules[@]}"; do
  body="{\"type\":\"voids\",\"galaxies\":\"${TAG}_gal\",\"voids\":\"${TAG}_vf\"}"
  [ "$rule" = none ] || body="${body%\}},\"v2Rule\":\"$rule\"}"
  vacuum_shared_tables
  pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
  t0=$(date +%s.%N)
  j=$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs" -H 'Content-Type: application/json' -d "$body")
  jid=$(json_id "$j")
  await "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs/$jid"
  t1=$(date +%s.%N)
  read -r secs envs <<<"$("${PSQL[@]}" -F ' ' -c "SELECT extract(epoch FROM finished_at - started_at), pairs FROM desi.crossmatch_job WHERE job_id = $jid")"
  counts=$("${PSQL[@]}" -c "SELECT string_agg(environment || ' ' || n, ', ' ORDER BY environment) FROM (SELECT environment, count(*) n FROM desi.galaxy_environment WHERE job_id = $jid GROUP BY 1) x")
  client[$rule]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  awk -v rows="$ROWS" -v size="$size" -v c="${client[$rule]}" -v s="$secs" -v e="$envs" -v n="$counts" -v rule="$rule" 'BEGIN {
    printf "voids job%s: %d galaxies x %s: POST..SUCCEEDED %.2f s = %.0f galaxies/s as the client sees it (service started..finished %.2f s; %d environments: %s)\n",
      rule == "none" ? "" : " (" rule ")", rows, size, c, rows / c, s, e, n }'
  if [ "$rule" = none ] || [ "$rule" = nearest-tracer ]; then
    # The bound: PostgreSQL alone reaching the job's end state for the same rows (already computed, from a
    # file in memory): COPY into a fresh table with galaxy_environment's columns and checks, then the same
    # two indexes built, committed, as the job's stage table is written and indexed (schema v14; v16's
    # void index)
    cols="galaxy_catalog_id, object_id, void_catalog_id, job_id, environment, void_id, distance_mpc_per_h, r_over_reff"
    "${PSQL[@]}" -c "\\copy (SELECT $cols FROM desi.galaxy_environment WHERE job_id = $jid) TO '$RUN_DIR/env.bin' WITH (FORMAT binary)"
    cat "$RUN_DIR/env.bin" > /dev/null
    pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
    b0=$(date +%s.%N)
    "${PSQL[@]}" <<SQL
BEGIN;
SET LOCAL maintenance_work_mem = '256MB';   -- as galaxy_environment_publish() sets it
CREATE TABLE catalog_data.${TAG}_bound (LIKE desi.galaxy_environment INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
\\copy catalog_data.${TAG}_bound ($cols) FROM '$RUN_DIR/env.bin' WITH (FORMAT binary)
ALTER TABLE catalog_data.${TAG}_bound ADD PRIMARY KEY (object_id, galaxy_catalog_id, void_catalog_id);
CREATE INDEX ON catalog_data.${TAG}_bound (void_id, void_catalog_id) WHERE void_id IS NOT NULL;
COMMIT;
SQL
    b1=$(date +%s.%N)
    "${PSQL[@]}" -c "DROP TABLE catalog_data.${TAG}_bound" >/dev/null
    rm -f "$RUN_DIR/env.bin"
    awk -v rows="$ROWS" -v b="$(echo "$b1 - $b0" | bc -l)" -v c="${client[$rule]}" 'BEGIN {
      printf "  bound: PostgreSQL alone COPYing the same %d environment rows into a fresh table, then building the same two indexes: %.2f s (%.0f rows/s); the job takes %.1fx that\n", rows, b, rows / b, c / b }'
  fi
  if [ "$MODE" = voidfinder ]; then
    # The numpy + astropy + scipy baseline on the same rows, to the same end state (bench/voids_numpy.py),
    # then the two results compared galaxy by galaxy
    need_debian_packages python3-astropy python3-scipy python3-psycopg2
    read -r py_s py_rows <<<"$(bench/voids_numpy.py "host=${PGHOST:-127.0.0.1} port=${PGPORT:-5432} dbname=desi user=desi_writer password=desi_writer" \
      "${TAG}_gal" "${TAG}_vf" "catalog_data.${TAG}_numpy")"
    read -r missing differ envdiff voiddiff maxrel <<<"$("${PSQL[@]}" -F ' ' -c "SELECT count(*) FILTER (WHERE b.object_id IS NULL),
        count(*) FILTER (WHERE b.object_id IS NOT NULL AND (s.environment <> b.environment OR s.void_id IS DISTINCT FROM b.void_id
          OR abs(s.distance_mpc_per_h - b.distance_mpc_per_h) > 1e-4)),
        count(*) FILTER (WHERE s.environment <> b.environment), count(*) FILTER (WHERE s.void_id IS DISTINCT FROM b.void_id),
        coalesce(max(abs(s.distance_mpc_per_h - b.distance_mpc_per_h)) FILTER (WHERE s.void_id = b.void_id), 0)
      FROM (SELECT * FROM desi.galaxy_environment WHERE job_id = $jid) s
      LEFT JOIN catalog_data.${TAG}_numpy b USING (galaxy_catalog_id, object_id, void_catalog_id)")"
    if [ "$differ" != 0 ]; then
      "${PSQL[@]}" -F ' ' -c "SELECT '  differing by environment:', s.environment, b.environment, count(*),
          round(avg(s.distance_mpc_per_h)::numeric, 3), round(avg(b.distance_mpc_per_h)::numeric, 3)
        FROM (SELECT * FROM desi.galaxy_environment WHERE job_id = $jid) s
        JOIN catalog_data.${TAG}_numpy b USING (galaxy_catalog_id, object_id, void_catalog_id)
        WHERE s.environment <> b.environment OR s.void_id IS DISTINCT FROM b.void_id
          OR abs(s.distance_mpc_per_h - b.distance_mpc_per_h) > 1e-4
        GROUP BY 2, 3 ORDER BY 4 DESC LIMIT 5"
    fi
    "${PSQL[@]}" -c "DROP TABLE catalog_data.${TAG}_numpy" >/dev/null
    awk -v py="$py_s" -v n="$py_rows" -v c="${client[$rule]}" -v m="$missing" -v d="$differ" -v e="$envdiff" -v vd="$voiddiff" -v mr="$maxrel" 'BEGIN {
      printf "  numpy + astropy + scipy baseline, same rows to the same end state: %.2f s = %.0f galaxies/s; the service is %.2fx faster (target 10x)\n", py, n / py, py / c;
      printf "  compared galaxy by galaxy: %d missing from the baseline, %d differ (environment %d, void %d; distances to the same void agree within %.2g Mpc/h: the service tabulates the comoving distance, astropy integrates it)\n", m, d, e, vd, mr }'
  fi
  "${PSQL[@]}" -c "DELETE FROM desi.crossmatch_job WHERE job_id = $jid" >/dev/null
done
if [ "$MODE" = v2 ]; then
  awk -v a="${client[nearest-tracer]}" -v b="${client[effective-sphere]}" 'BEGIN {
    printf "V2 placement by nearest tracer (VAST) vs the effective-sphere rule it replaced, same data, same run: %.2fx the speed\n", b / a }'
fi
java -Xmx4g -cp "$CP" org.desi.catalogs.core.bench.EngineBenchmark "$ROWS" | grep -E "membership|V2"

#!/usr/bin/env bash
# Benchmark (issue B, first part): load a seeded FastSpecFit-shaped file (METADATA + SPECPHOT + FASTSPEC,
# 25 loaded columns) through ingest-service's API and compare with the physical baseline measured in the
# same run: the issue's baseline, PostgreSQL's fastest way to the same end state: a binary COPY of exactly
# the same rows into a new unindexed table, then the same indexes built, in one committed transaction.
#   bench/ingest-narrow.sh [rows]        (default 1,000,000; needs `make build`)
# The service is timed from the client's side: POST /api/v1/ingest/jobs (a file under the data directory,
# hashed before the answer) until GET reads SUCCEEDED. Prints rows/s for both and the ratio (target >= 0.9).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ROWS="${1:-1000000}"
bench_environment
export JAVA_OPTS="-Xmx512m"
PSQL=(psql -X -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U desi_writer -d desi -v ON_ERROR_STOP=1)
CATALOG="bench_narrow_$(date +%s)"

mkdir -p "$DATA_DIR"
trap 'scripts/services.sh down >/dev/null 2>&1 || true' EXIT
scripts/services.sh up >/dev/null
java -Xmx6g -cp "ingest-service/target/quarkus-app/lib/main/*" \
  org.desi.catalogs.core.sample.SampleFastSpecFitCatalog "$DATA_DIR/bench-narrow.fits" "$ROWS" 7 >/dev/null
size=$(stat -c %s "$DATA_DIR/bench-narrow.fits")

vacuum_shared_tables   # the FastSpecFit table is shared: earlier runs' deleted rows are gone, as autovacuum would see to
pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
t0=$(date +%s.%N)
job=$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" -H 'Content-Type: application/json' \
  -d "{\"source\":\"bench-narrow.fits\",\"profile\":\"fastspecfit\",\"catalog\":\"$CATALOG\"}")
id=$(json_id "$job")
job=$(await_job "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$id") || true
t1=$(date +%s.%N)
api_s=$(echo "$t1 - $t0" | bc -l)
case "$job" in *SUCCEEDED*) ;; *) echo "ingest failed: $job" >&2; exit 1 ;; esac
# The job's own startedAt..finishedAt (excludes the submit-time SHA-256), printed beside the client's time.
svc_s=$("${PSQL[@]}" -Atc "SELECT extract(epoch FROM finished_at - started_at) FROM desi.ingest_run WHERE run_id = $id")

cols="catalog_id, targetid, survey, program, healpix, ra, dec, zone, z, zwarn, deltachi2, spectype, logmstar, sfr, dn4000, dn4000_ivar, vdisp, vdisp_ivar, age, zzsun, tauv, absmag01_sdss_r, flux_r, source_file_id, source_row"
"${PSQL[@]}" -c "\\copy (SELECT $cols FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id) WHERE c.name = '$CATALOG') TO '$RUN_DIR/rows.bin' WITH (FORMAT binary)"
# the baseline: a regular (WAL-logged) table, same columns and checks, COPY then the live table's indexes
pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
start=$(date +%s.%N)
PGPASSWORD="${PGPASSWORD:-desi_writer}" copy_then_index "${CATALOG}_baseline" "$cols" "$RUN_DIR/rows.bin"
end=$(date +%s.%N)
copy_s=$(echo "$end - $start" | bc -l)
"${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name = '$CATALOG'" -c "DROP TABLE catalog_data.${CATALOG}_baseline"

awk -v rows="$ROWS" -v svc="$svc_s" -v api="$api_s" -v cp="$copy_s" -v size="$size" 'BEGIN {
  printf "file: %d rows, %.1f MB (FITS)\n", rows, size / 1e6;
  printf "ingest-service, POST until GET reads SUCCEEDED (-Xmx512m): %8.2f s  %10.0f rows/s  %7.1f MB/s of FITS (job started..finished %.2f s)\n", api, rows / api, size / 1e6 / api, svc;
  printf "baseline psql \\copy binary into an unindexed table, then the same indexes: %8.2f s  %10.0f rows/s\n", cp, rows / cp;
  printf "ratio service / binary COPY: %.2f (target >= 0.9)\n", cp / api }'

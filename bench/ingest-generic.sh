#!/usr/bin/env bash
# Benchmark (issue H, first row): upload a 1M-row x 10-column FITS table (ID, RA, DEC + 7 numbers) to
# ingest-service as a generic catalog and time it as the client sees it: from the start of the upload
# (curl -T, which streams the file as it reads it) until GET /api/v1/ingest/jobs/{id} reads SUCCEEDED.
# In the same run, the physical baseline reaches the same end state: the same rows (exported from the
# service's table) in a new WAL-logged table with the same columns, COPY'd unindexed (binary, FREEZE, as the
# service writes a new partition), then the primary key and the zone index built (the catalog's own definition:
# (zone, ra) INCLUDE (dec, id), read from PostgreSQL's catalog), committed. Both read
# their input from the page cache, both start after a CHECKPOINT; ROUNDS (3) rounds alternate them and the
# medians are compared.
# With "file", the same table is written under ingest-service's data directory first and loaded with
# POST /api/v1/ingest/jobs instead (the other ingest path; the worker hashes the file beside the load).
#   bench/ingest-generic.sh [rows] [idColumn|noid] [upload|file]     (default 1000000 ID upload; needs `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ROWS="${1:-1000000}"
ID_MODE="${2:-ID}"
SOURCE_MODE="${3:-upload}"
case "$SOURCE_MODE" in upload|file) ;; *) echo "third argument: upload or file, not $SOURCE_MODE" >&2; exit 2 ;; esac
bench_environment
export JAVA_OPTS="-Xmx512m"
PSQL=(psql -X -q -At -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U desi_writer -d desi -v ON_ERROR_STOP=1)
export PGPASSWORD="${PGPASSWORD:-desi_writer}"
CATALOG="bench_generic_$(date +%s)"
# an upload is sent from outside the data directory; a file job reads one inside it
FILE="$([ "$SOURCE_MODE" = file ] && echo "$DATA_DIR" || echo "$RUN_DIR")/$CATALOG.fits"

need_debian_packages python3-astropy
mkdir -p "$DATA_DIR"
trap 'scripts/services.sh down >/dev/null 2>&1 || true; rm -f "$FILE" "$RUN_DIR/generic-rows.bin"' EXIT
scripts/services.sh up >/dev/null
/usr/bin/python3 - "$FILE" "$ROWS" <<'PY'
import sys
import numpy as np
from astropy.table import Table
path, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(7)
t = Table()
t["ID"] = np.arange(1, n + 1, dtype=np.int64) * 7919
t["RA"] = rng.uniform(0, 360, n)
t["DEC"] = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
t["Z"] = rng.uniform(0, 0.6, n)
for c in ("FLUX_G", "FLUX_R", "FLUX_Z", "LOGMSTAR", "SFR"):
    t[c] = rng.normal(10, 2, n).astype(np.float32)
t["FLAG"] = rng.integers(0, 1 << 20, n).astype(np.int32)
t.write(path, format="fits", overwrite=True)
PY
size=$(stat -c %s "$FILE")
token=$(cat "$RUN_DIR/dev-token")
# One round: the service loads the file into a new catalog (timed from the client's side), then the
# baseline loads the same rows into a table of the same definition; each after a CHECKPOINT and with
# its input read into the page cache. ROUNDS rounds alternate the two; the medians are compared.
service_run() {   # prints: seconds-until-SUCCEEDED seconds-inside rows-loaded
  local catalog="$1" t0 t1 job id query options
  query="profile=generic&catalog=$catalog&raColumn=RA&decColumn=DEC&zColumn=Z"
  [ "$ID_MODE" = noid ] || query="$query&idColumn=ID"
  # both sides read their input from the page cache: the service its FITS file, the baseline its rows
  sync; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null || true
  cat "$FILE" > /dev/null
  pg_checkpoint > /dev/null
  t0=$(date +%s.%N)
  if [ "$SOURCE_MODE" = file ]; then
    options="\"raColumn\":\"RA\",\"decColumn\":\"DEC\",\"zColumn\":\"Z\""
    [ "$ID_MODE" = noid ] || options="$options,\"idColumn\":\"ID\""
    job=$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"source\":\"$(basename "$FILE")\",\"profile\":\"generic\",\"catalog\":\"$catalog\",\"options\":{$options}}" \
      "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs")
  else
    job=$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/fits' \
      -T "$FILE" "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/uploads?$query")
  fi
  id=$(json_id "$job")
  job=$(await_job "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$id") || { echo "$job" >&2; return 1; }
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l) $("${PSQL[@]}" -c "SELECT extract(epoch FROM finished_at - started_at) FROM desi.ingest_run WHERE run_id = $id") $(printf '%s' "$job" | sed -n 's/.*"rowsLoaded":\([0-9]*\).*/\1/p')"
}

baseline_run() {   # same rows, same table definition and indexes, WAL-logged, committed; prints: seconds rows steps
  local table="catalog_data.$1" cols zone_index b0 b1
  cols=$("${PSQL[@]}" -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
    WHERE attrelid = '$table'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''")
  # the zone index exactly as the service's catalog defines it (key and INCLUDE columns)
  zone_index=$("${PSQL[@]}" -c "SELECT substring(pg_get_indexdef(indexrelid) FROM 'USING btree (.*)\$') FROM pg_index
    WHERE indrelid = '$table'::regclass AND NOT indisprimary")
  "${PSQL[@]}" -c "\\copy (SELECT $cols FROM $table) TO '$RUN_DIR/generic-rows.bin' WITH (FORMAT binary)"
  sync; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null || true
  cat "$RUN_DIR/generic-rows.bin" > /dev/null   # in memory, as the service's FITS file was
  pg_checkpoint > /dev/null
  b0=$(date +%s.%N)
  "${PSQL[@]}" > "$RUN_DIR/baseline-timing.txt" <<SQL
\\timing on
BEGIN;
CREATE TABLE ${table}_baseline (LIKE $table INCLUDING DEFAULTS INCLUDING GENERATED);
\\copy ${table}_baseline ($cols) FROM '$RUN_DIR/generic-rows.bin' WITH (FORMAT binary, FREEZE)
ALTER TABLE ${table}_baseline ADD PRIMARY KEY (source_file_id, row_number);
CREATE INDEX ON ${table}_baseline $zone_index;
COMMIT;
SQL
  b1=$(date +%s.%N)
  # the baseline's steps (psql \timing): COPY, primary key, zone index
  echo "$(echo "$b1 - $b0" | bc -l) $("${PSQL[@]}" -c "SELECT count(*) FROM ${table}_baseline") $(grep -o 'Time: [0-9.]* ms' "$RUN_DIR/baseline-timing.txt" | awk '{printf "%.2f ", $2 / 1000}' | cut -d' ' -f3-5)"
  "${PSQL[@]}" -c "DROP TABLE ${table}_baseline" -c "DELETE FROM desi.catalog WHERE name = '$1'" -c "DROP TABLE $table"
}

ROUNDS="${ROUNDS:-3}"
CHECKPOINTED=$(pg_checkpoint)
svc=(); ins=(); base=()
for round in $(seq 1 "$ROUNDS"); do
  catalog="${CATALOG}_$round"
  read -r s i loaded < <(service_run "$catalog")
  read -r b brows c k z < <(baseline_run "$catalog")
  svc+=("$s"); ins+=("$i"); base+=("$b")
  printf 'round %d: ingest-service %.2f s (job started..finished %.2f s), baseline %.2f s (COPY %s s, primary key %s s, zone index %s s)\n' \
    "$round" "$s" "$i" "$b" "$c" "$k" "$z"
done
svc_s=$(median "${svc[@]}"); inside_s=$(median "${ins[@]}"); base_s=$(median "${base[@]}")
echo "CHECKPOINT before each timed step: $CHECKPOINTED; medians of $ROUNDS rounds:"

awk -v rows="$loaded" -v brows="$brows" -v svc="$svc_s" -v ins="$inside_s" -v b="$base_s" -v size="$size" -v idm="$ID_MODE" -v src="$SOURCE_MODE" 'BEGIN {
  printf "file: %d rows x 10 columns, %.1f MB (FITS), idColumn %s\n", rows, size / 1e6, idm;
  printf "ingest-service, %s until SUCCEEDED (-Xmx512m): %7.2f s  %9.0f rows/s  (job started..finished %.2f s)\n", src == "file" ? "file under the data directory, POST" : "upload", svc, rows / svc, ins;
  printf "baseline: binary COPY unindexed + primary key + zone index: %7.2f s  %9.0f rows/s (%d rows)\n", b, brows / b, brows;
  printf "ratio service / baseline: %.2f (issue H target >= 0.9)\n", b / svc }'

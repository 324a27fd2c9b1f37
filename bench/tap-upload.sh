#!/usr/bin/env bash
# Benchmark: a target list uploaded with a TAP query (UPLOAD) and matched by position against a 1M-row catalog,
# timed from the client's side.
#   - the service: curl POSTs the multipart request (the targets as a VOTable part, RESPONSEFORMAT=csv) until the
#     last byte of the CSV is on disk; also pyvo's run_sync(uploads=...) until the astropy table is in hand
#   - the baseline, in the same run: psql into a scratch database holding the same catalog with its q3c index
#     (Debian postgresql-15-q3c, for the benchmark only): a temporary table, \copy of the targets, ANALYZE,
#     \copy of the q3c_join pairs to a CSV file: the same end state (the pairs in a file on the client); PostgreSQL's
#     JIT on or off, whichever is faster for it (the service's sessions run with it off)
# Both answer the same pairs (checked). Three alternating rounds; medians and their ratio are printed.
#   bench/tap-upload.sh [rows] [targets] [radius arcsec]     (defaults 1,000,000, 10,000, 1; needs `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ROWS="${1:-1000000}"
TARGETS="${2:-10000}"
RADIUS_ARCSEC="${3:-1}"
bench_environment
export JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
PG=(-h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}")
PSQL=(psql -X -q "${PG[@]}" -U desi_writer -d desi -v ON_ERROR_STOP=1)
SU=(psql -X -q "${PG[@]}" -U "${PGSUPERUSER:-postgres}" -v ON_ERROR_STOP=1)
CATALOG="bench_upload_$(date +%s)"
QDB="desi_q3c_upload_bench"
WORK="$RUN_DIR/tap-upload"

need_debian_packages postgresql-15-q3c python3-astropy python3-pyvo
mkdir -p "$DATA_DIR" "$WORK"
cleanup() {
  scripts/services.sh down >/dev/null 2>&1 || true
  "${SU[@]}" -d postgres -c "DROP DATABASE IF EXISTS $QDB" >/dev/null 2>&1 || true
  "${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name = '$CATALOG'" -c "DROP TABLE IF EXISTS catalog_data.$CATALOG" \
    >/dev/null 2>&1 || true
  rm -rf "$DATA_DIR/$CATALOG.fits" "$DATA_DIR/${CATALOG}_targets.fits" "$WORK"
}
trap cleanup EXIT
scripts/services.sh up >/dev/null
java -Xmx3g -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.sample.SampleMatchCatalogs \
  "$DATA_DIR/$CATALOG.fits" "$DATA_DIR/${CATALOG}_targets.fits" "$ROWS" 23 >/dev/null
load_generic_file "$CATALOG.fits" "$CATALOG"

# the baseline's catalog: the same rows with a q3c index, clustered (q3c's best layout)
q3c_scratch_copy "$CATALOG" "$QDB"

# the targets: the first TARGETS objects of the second catalog (70% within 0.5 arcsec of a catalog object), as the
# VOTable a client uploads and as the CSV psql copies
/usr/bin/python3 - "$DATA_DIR/${CATALOG}_targets.fits" "$TARGETS" "$WORK" <<'PY'
import sys
from astropy.table import Table
t = Table.read(sys.argv[1])[: int(sys.argv[2])]
out = Table({"name": [f"target_{i}" for i in t["ID"]], "ra": t["RA"], "dec": t["DEC"]})
out.write(f"{sys.argv[3]}/targets.vot", format="votable", overwrite=True)
out.write(f"{sys.argv[3]}/targets.csv", format="ascii.csv", overwrite=True)
PY
R=$(awk -v a="$RADIUS_ARCSEC" 'BEGIN { printf "%.12f", a / 3600 }')
ADQL="SELECT u.name, g.id FROM TAP_UPLOAD.targets AS u JOIN catalogs.$CATALOG AS g ON 1 = CONTAINS(POINT('ICRS', g.ra, g.dec), CIRCLE('ICRS', u.ra, u.dec, $R))"
cat > "$WORK/q3c.sql" <<SQL
CREATE TEMP TABLE u (name text, ra float8, dec float8);
\\copy u FROM '$WORK/targets.csv' WITH (FORMAT csv, HEADER)
ANALYZE u;
\\copy (SELECT u.name, t.id FROM u JOIN t ON q3c_join(u.ra, u.dec, t.ra, t.dec, $R)) TO '$WORK/q3c.csv' WITH (FORMAT csv, HEADER)
SQL

now() { date +%s.%N; }
service_run() {  # [adql [out.csv]]
  local t0 t1
  t0=$(now)
  curl -sS -f -o "${2:-$WORK/service.csv}" -F LANG=ADQL -F RESPONSEFORMAT=csv -F MAXREC=1000000 -F "QUERY=${1:-$ADQL}" \
    -F "UPLOAD=targets,param:targets" -F "targets=@$WORK/targets.vot;type=application/x-votable+xml" \
    "http://127.0.0.1:$QUERY_PORT/tap/sync"
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
q3c_run() {
  local t0 t1
  t0=$(now)
  PGOPTIONS="-c jit=$BASELINE_JIT" "${SU[@]}" -d "$QDB" -f "$WORK/q3c.sql"
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
pyvo_run() {
  /usr/bin/python3 - "http://127.0.0.1:$QUERY_PORT/tap" "$ADQL" "$WORK/targets.vot" <<'PY'
import sys, time, warnings
warnings.simplefilter("ignore")
import pyvo
from astropy.table import Table
targets = Table.read(sys.argv[3])
tap = pyvo.dal.TAPService(sys.argv[1])
t0 = time.perf_counter()
n = len(tap.run_sync(sys.argv[2], uploads={"targets": targets}, maxrec=1000000).to_table())
print(f"{time.perf_counter() - t0:.3f} {n}")
PY
}
pairs() { tail -n +2 "$1" | sort; }

service_run >/dev/null   # warm-up (JIT, caches), not reported
# the baseline at its best: with PostgreSQL's JIT as the server has it, and off (as the service's sessions run)
BASELINE_JIT=on
jit_on=$(q3c_run)
BASELINE_JIT=off
jit_off=$(q3c_run)
if awk -v a="$jit_on" -v b="$jit_off" 'BEGIN { exit !(a < b) }'; then BASELINE_JIT=on; fi
echo "q3c baseline with jit=on $jit_on s, jit=off $jit_off s: runs with jit=$BASELINE_JIT"
svc=() base=()
for round in 1 2 3; do
  s=$(service_run); q=$(q3c_run)
  svc+=("$s"); base+=("$q")
  echo "round $round: service (curl, CSV) $s s, q3c (psql, CSV) $q s"
done
if ! diff -q <(pairs "$WORK/service.csv") <(pairs "$WORK/q3c.csv") >/dev/null; then
  echo "the service and q3c disagree: $(pairs "$WORK/service.csv" | wc -l) vs $(pairs "$WORK/q3c.csv" | wc -l) pairs" >&2
  exit 1
fi
# the same join as users also write it: the target in a circle around the catalog's rows, and DISTANCE (the
# service puts the catalog's index on whichever side it is)
for form in "1 = CONTAINS(POINT('ICRS', u.ra, u.dec), CIRCLE('ICRS', g.ra, g.dec, $R))" \
    "DISTANCE(POINT('ICRS', u.ra, u.dec), POINT('ICRS', g.ra, g.dec)) <= $R"; do
  t=$(service_run "SELECT u.name, g.id FROM TAP_UPLOAD.targets AS u JOIN catalogs.$CATALOG AS g ON $form" "$WORK/form.csv")
  if ! diff -q <(pairs "$WORK/form.csv") <(pairs "$WORK/q3c.csv") >/dev/null; then
    echo "ON $form: $(pairs "$WORK/form.csv" | wc -l) pairs, q3c $(pairs "$WORK/q3c.csv" | wc -l)" >&2
    exit 1
  fi
  echo "the join written as ON $form: $t s, the same pairs"
done
read -r py n <<<"$(pyvo_run)"
s=$(printf '%s\n' "${svc[@]}" | sort -n | sed -n 2p)
q=$(printf '%s\n' "${base[@]}" | sort -n | sed -n 2p)
echo "$TARGETS targets x $ROWS rows within $RADIUS_ARCSEC arcsec: $(pairs "$WORK/service.csv" | wc -l) pairs, the same from both"
echo "pyvo run_sync(uploads=) until the astropy table is in hand: $py s ($n rows)"
awk -v s="$s" -v q="$q" 'BEGIN { printf "TAP upload join: service %.3f s, q3c %.3f s (medians of 3): %.2fx q3c\n", s, q, q / s }'

#!/usr/bin/env bash
# Benchmark (issue B, wide files): a FastSpecFit-shaped file of real width (METADATA 54 + SPECPHOT 127
# + FASTSPEC 887 columns, 4.3 KB a row; >= 1 GB) loaded through ingest-service's API (-Xmx512m): as the
# freshly started service's first job, again as its second, uploaded, and uploaded through a slower link;
# and in the same run: the cold sequential read speed of the file (dd, O_DIRECT) and the usual
# astropy + psycopg2 COPY path for the same curated columns. Prints MB/s of FITS and the ratios.
#   bench/ingest-wide.sh [rows]      (default 250,000 = 1.08 GB; needs `make build`)
# ROUNDS (default 3): fresh services, each timing its first job, and as many cold reads; the ratio is of their
# medians (on session 24's machine one first job took 1.2-2.6 s and one cold read 0.96-1.42 s from run to run).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ROWS="${1:-250000}"
ROUNDS="${ROUNDS:-3}"
bench_environment
export JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
PSQL=(psql -X -q -At -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U desi_writer -d desi -v ON_ERROR_STOP=1)
CATALOG="bench_wide_$(date +%s)"
FILE="$DATA_DIR/$CATALOG.fits"

need_debian_packages python3-astropy python3-psycopg2
mkdir -p "$DATA_DIR"
cleanup() {
  scripts/services.sh down >/dev/null 2>&1 || true
  "${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name LIKE '${CATALOG}%'" -c "DROP TABLE IF EXISTS catalog_data.${CATALOG}_astropy" \
    >/dev/null 2>&1 || true
  rm -f "$FILE"
}
trap cleanup EXIT
java -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.sample.WideFastSpecFitFile "$FILE" "$ROWS" 7
size=$(stat -c %s "$FILE")
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null && echo dropped || echo "NOT dropped (no permission)"; }

vacuum_shared_tables   # the FastSpecFit table is shared: earlier runs' deleted rows are gone, as autovacuum would see to

# a VM whose kernel hands free memory back to its host (Linux page_reporting) makes a read through the page cache
# cost up to ~2 s of kernel CPU per GB whenever it lands in memory already handed back (session 25, bench/HISTORY.md);
# the O_DIRECT cold read never pays that, so the run says how much was handed back while it ran
REPORTING=/sys/module/page_reporting/parameters
reported_kib() { cat "$REPORTING/reported_kib" 2>/dev/null || echo 0; }
reported_before=$(reported_kib)

# file_job CATALOG: the file loaded from the data directory into CATALOG, page cache dropped first, timed from the
# POST until GET reads SUCCEEDED; sets file_job_s (client side) and file_job_id
file_job() {
  local job t0 t1
  drop_caches >/dev/null
  pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
  t0=$(date +%s.%N)
  job=$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" -H 'Content-Type: application/json' \
    -d "{\"source\":\"$(basename "$FILE")\",\"profile\":\"fastspecfit\",\"catalog\":\"$1\"}")
  file_job_id=$(json_id "$job")
  job=$(await_job "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$file_job_id") || { echo "ingest of $1 failed: $job" >&2; exit 1; }
  t1=$(date +%s.%N)
  file_job_s=$(echo "$t1 - $t0" | bc -l)
}

# 2. the service, ROUNDS times freshly started: its first job (a pod's first job is the common case); the last
#    round's catalog is CATALOG, the one the bound below copies
firsts=()
for round in $(seq 1 "$ROUNDS"); do
  scripts/services.sh down >/dev/null 2>&1 || true
  scripts/services.sh up >/dev/null
  if [ "$round" -lt "$ROUNDS" ]; then file_job "${CATALOG}_r$round"; else file_job "$CATALOG"; fi
  firsts+=("$(printf '%.2f' "$file_job_s")")
done
total_s=$(median "${firsts[@]}")
svc_s=$("${PSQL[@]}" -c "SELECT extract(epoch FROM finished_at - started_at) FROM desi.ingest_run WHERE run_id = $file_job_id")
rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$(cat "$RUN_DIR/ingest-service.pid")/status")

# 2w. the same file again into a second catalog: the pod's second job, its JVM warm (the first paid for the classes
#     and compilations of its request and load paths), page cache dropped first
file_job "${CATALOG}_warm"
warm_s=$file_job_s

# 2a. the same file uploaded (curl -T streams it from disk), into a second catalog, page cache dropped
#     first: from the start of the upload until GET reads SUCCEEDED
drop_caches >/dev/null
pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
u0=$(date +%s.%N)
job=$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" -H 'Content-Type: application/fits' \
  -T "$FILE" "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/uploads?profile=fastspecfit&catalog=${CATALOG}_up")
uid=$(json_id "$job")
job=$(await_job "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$uid") || { echo "upload ingest failed: $job" >&2; exit 1; }
u1=$(date +%s.%N)
upload_s=$(echo "$u1 - $u0" | bc -l)
upload_job_s=$("${PSQL[@]}" -c "SELECT extract(epoch FROM finished_at - started_at) FROM desi.ingest_run WHERE run_id = $uid")

# 2c. the same upload through a link slower than the disk (curl --limit-rate, 250 MiB/s: a 2.5 GbE network), as
#     the lab's users upload: how long after the link's own transfer time the job reads SUCCEEDED
LINK_BYTES_PER_S=$((250 * 1024 * 1024))
drop_caches >/dev/null
pg_checkpoint > /dev/null
l0=$(date +%s.%N)
job=$(curl -sS --fail-with-body --limit-rate "$LINK_BYTES_PER_S" -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" \
  -H 'Content-Type: application/fits' -T "$FILE" "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/uploads?profile=fastspecfit&catalog=${CATALOG}_link")
l1=$(date +%s.%N)
job=$(await_job "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$(json_id "$job")") || { echo "link upload ingest failed: $job" >&2; exit 1; }
l2=$(date +%s.%N)
link_s=$(echo "$l2 - $l0" | bc -l)
link_tail_s=$(echo "$l2 - $l1" | bc -l)

# 1. cold sequential read of the file (dd, O_DIRECT), after the service's steps: on this VM an O_DIRECT read
#    of the file made the next buffered read of it (the service's, page cache dropped) 1.7x slower, a state
#    no user's job starts from (measured: 2.16-2.36 s after a dd against 1.24-1.33 s without, services fresh)
reads=()
for round in $(seq 1 "$ROUNDS"); do
  cache=$(drop_caches)
  reads+=("$( { /usr/bin/time -f %e dd if="$FILE" of=/dev/null bs=8M iflag=direct status=none; } 2>&1 )")
done
dd_s=$(median "${reads[@]}")

# 2b. the bound PostgreSQL sets: exactly the rows the service wrote, binary-COPYed into a new unindexed
#     logged table with the same columns and checks, then the same indexes built (copy_then_index): the
#     service cannot reach this end state faster than PostgreSQL alone
cols="catalog_id, targetid, survey, program, healpix, ra, dec, zone, z, zwarn, deltachi2, spectype, logmstar, sfr, dn4000, dn4000_ivar, vdisp, vdisp_ivar, age, zzsun, tauv, absmag01_sdss_r, flux_r, source_file_id, source_row"
"${PSQL[@]}" -c "\\copy (SELECT $cols FROM desi.fastspecfit_galaxy g JOIN desi.catalog c USING (catalog_id) WHERE c.name = '$CATALOG') TO '$RUN_DIR/wide-rows.bin' WITH (FORMAT binary)"
pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
c0=$(date +%s.%N)
PGPASSWORD="${PGPASSWORD:-desi_writer}" copy_then_index "${CATALOG}_copy" "$cols" "$RUN_DIR/wide-rows.bin"
c1=$(date +%s.%N)
copy_s=$(echo "$c1 - $c0" | bc -l)
"${PSQL[@]}" -c "DROP TABLE catalog_data.${CATALOG}_copy"
rm -f "$RUN_DIR/wide-rows.bin"

# 3. astropy + psycopg2 into a scratch table with the same columns, page cache dropped first
"${PSQL[@]}" -c "CREATE TABLE catalog_data.${CATALOG}_astropy (LIKE desi.fastspecfit_galaxy INCLUDING DEFAULTS)" \
  -c "ALTER TABLE catalog_data.${CATALOG}_astropy ALTER catalog_id DROP NOT NULL, ALTER zone DROP NOT NULL, ALTER source_file_id DROP NOT NULL"
drop_caches >/dev/null
pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
read -r _ astropy_s <<<"$(bench/astropy_copy.py "$FILE" "host=${PGHOST:-127.0.0.1} port=${PGPORT:-5432} dbname=desi user=desi_writer password=desi_writer" "catalog_data.${CATALOG}_astropy")"

awk -v rounds="$ROUNDS" -v firsts="${firsts[*]}" -v reads="${reads[*]}" -v warm="$warm_s" -v link="$link_s" -v tail="$link_tail_s" -v linkrate="$LINK_BYTES_PER_S" -v up="$upload_s" -v upjob="$upload_job_s" -v rows="$ROWS" -v size="$size" -v dd="$dd_s" -v svc="$svc_s" -v total="$total_s" -v cp="$copy_s" -v ap="$astropy_s" -v rss="$rss" -v cache="$cache" 'BEGIN {
  mb = size / 1e6;
  printf "file: %d rows x 4.3 KB = %.0f MB (3 BINTABLEs, 1,068 columns); page cache %s before each step\n", rows, mb, cache;
  printf "cold read (dd O_DIRECT), median of %d:  %6.2f s  %7.0f MB/s  (each: %s s)\n", rounds, dd, mb / dd, reads;
  printf "ingest-service, file under the data directory, POST..SUCCEEDED (the worker hashes the file while loading it), a fresh service'"'"'s first job, median of %d: %6.2f s  %7.0f MB/s  (each: %s s; the last job alone %.2f s; peak RSS %d MiB)\n", rounds, total, mb / total, firsts, svc, rss;
  printf "  the same file again, the service'"'"'s second job (its JVM warm):  %6.2f s  %7.0f MB/s\n", warm, mb / warm;
  printf "ingest-service, upload (curl -T) until SUCCEEDED:  %6.2f s  %7.0f MB/s  (job alone %.2f s)\n", up, mb / up, upjob;
  printf "ingest-service, upload through a 250 MiB/s link until SUCCEEDED: %6.2f s (the link alone %.2f s: %.2fx; SUCCEEDED %.2f s after the upload was answered)\n", link, size / linkrate, size / linkrate / link, tail;
  printf "bound: psql \\copy binary of the same %d rows, then the indexes: %6.2f s  %8.0f rows/s = %.0f MB/s of this file = %.2fx the cold read\n", rows, cp, rows / cp, mb / cp, dd / cp;
  printf "astropy + psycopg2 COPY (curated):  %6.2f s  %7.0f MB/s\n", ap, mb / ap;
  printf "ratios (client side): file %.2f, upload %.2f of the cold read (target >= 0.8); file %.2f (second job %.2f), upload %.2f of the COPY bound; file %.2fx, upload %.2fx astropy\n", dd / total, dd / up, cp / total, cp / warm, cp / up, ap / total, ap / up }'
if [ -r "$REPORTING/reported_kib" ]; then
  echo "host page reporting: this VM handed $(( ($(reported_kib) - reported_before) / 1024 )) MiB of free memory back to its host during the run (Linux page_reporting, order $(cat "$REPORTING/page_reporting_order")); reads through the page cache into such memory cost up to ~2 s of kernel CPU per GB here, the O_DIRECT cold read nothing (bench/HISTORY.md, session 25)"
fi

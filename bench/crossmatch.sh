#!/usr/bin/env bash
# Benchmark (issue C): two seeded 1M-row catalogs (70% true matches within 0.5 arcsec) loaded through
# ingest-service, cross-matched at 1 arcsec through crossmatch-service's API, and in the same run the
# q3c baseline (Debian postgresql-15-q3c, installed here for the benchmark only, in a scratch database):
# in one transaction, CREATE TABLE ... AS SELECT job id, ids, separation WHERE q3c_join(...) on the same
# rows plus the primary key (job_id, left_id, right_id) the service's pair table has: the same end state
# (same pairs, same index, WAL-logged, committed). The service is timed from the client's side (POST
# until GET reads SUCCEEDED). The q3c index builds on the catalogs (what the zone index is to the service,
# built at ingest) are reported separately and not counted. The pair sets are compared; the ratio
# baseline / service is printed.
#   bench/crossmatch.sh [rows]      (default 1,000,000; needs `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ROWS="${1:-1000000}"
RADIUS_ARCSEC=1.0
bench_environment
export JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
# one worker thread per core, each partition matched on one thread (partitions run side by side)
export DESI_CROSSMATCH_WORKER_THREADS="${DESI_CROSSMATCH_WORKER_THREADS:-$(nproc)}"
export DESI_CROSSMATCH_PARTITIONS="${DESI_CROSSMATCH_PARTITIONS:-8}"
export DESI_CROSSMATCH_MATCH_THREADS="${DESI_CROSSMATCH_MATCH_THREADS:-1}"
PG=(-h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}")
PSQL=(psql -X -q "${PG[@]}" -U desi_writer -d desi -v ON_ERROR_STOP=1)
SU=(psql -X -q "${PG[@]}" -U "${PGSUPERUSER:-postgres}" -v ON_ERROR_STOP=1)
TAG="$(date +%s)"
LEFT="bench_xl_$TAG"
RIGHT="bench_xr_$TAG"

need_debian_packages postgresql-15-q3c   # the baseline only
mkdir -p "$DATA_DIR"
trap 'scripts/services.sh down >/dev/null 2>&1 || true; rm -f "$DATA_DIR/$LEFT.fits" "$DATA_DIR/$RIGHT.fits"' EXIT
scripts/services.sh up >/dev/null
java -Xmx3g -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.sample.SampleMatchCatalogs \
  "$DATA_DIR/$LEFT.fits" "$DATA_DIR/$RIGHT.fits" "$ROWS" 42 >/dev/null

for cat in "$LEFT" "$RIGHT"; do
  job=$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" -H 'Content-Type: application/json' \
    -d "{\"source\":\"$cat.fits\",\"profile\":\"generic\",\"catalog\":\"$cat\",\"options\":{\"idColumn\":\"ID\",\"raColumn\":\"RA\",\"decColumn\":\"DEC\"}}")
  id=$(json_id "$job")
  job=$(await_job "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$id") || true
  case "$job" in *SUCCEEDED*) ;; *) echo "ingest of $cat failed: $job" >&2; exit 1 ;; esac
done
# as autovacuum does after a bulk load (this machine's PostgreSQL may run without it): statistics, hint
# bits and the visibility map set once, so that neither the service's first job nor q3c's pays for them
"${PSQL[@]}" -c "VACUUM (ANALYZE) catalog_data.$LEFT, catalog_data.$RIGHT"

run_job() {  # -> sets jid, api_s, svc_s
  local t0 t1 job
  vacuum_shared_tables   # the pairs of the run before are deleted, not yet vacuumed
  pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
  t0=$(date +%s.%N)
  job=$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs" -H 'Content-Type: application/json' \
    -d "{\"type\":\"sky\",\"left\":\"$LEFT\",\"right\":\"$RIGHT\",\"radiusArcsec\":$RADIUS_ARCSEC,\"mode\":\"all\"}")
  jid=$(json_id "$job")
  job=$(await_job "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs/$jid") || true
  t1=$(date +%s.%N)
  case "$job" in *SUCCEEDED*) ;; *) echo "cross-match failed: $job" >&2; exit 1 ;; esac
  api_s=$(echo "$t1 - $t0" | bc -l)
  svc_s=$("${PSQL[@]}" -Atc "SELECT extract(epoch FROM finished_at - started_at) FROM desi.crossmatch_job WHERE job_id = $jid")
}
# The same job twice: the first runs on a cold JVM (JIT still compiling), the second as a service
# that has been up for a while would; both are printed, the ratio uses the second.
run_job
cold_s=$svc_s
cold_api_s=$api_s
"${PSQL[@]}" -c "DELETE FROM desi.crossmatch_job WHERE job_id = $jid"
run_job
svc_pairs=$("${PSQL[@]}" -Atc "SELECT pairs FROM desi.crossmatch_job WHERE job_id = $jid")

# Scaling: the same job with one worker thread (services restarted, one run to warm up, then the timed
# one), beside the ${DESI_CROSSMATCH_WORKER_THREADS} threads above: what the second core gives
keep_jid=$jid; keep_api=$api_s; keep_svc=$svc_s
scripts/services.sh down >/dev/null
DESI_CROSSMATCH_WORKER_THREADS=1 scripts/services.sh up >/dev/null
run_job
"${PSQL[@]}" -c "DELETE FROM desi.crossmatch_job WHERE job_id = $jid"
run_job
one_api=$api_s
"${PSQL[@]}" -c "DELETE FROM desi.crossmatch_job WHERE job_id = $jid"
jid=$keep_jid; api_s=$keep_api; svc_s=$keep_svc

# q3c baseline in a scratch database (the extension never touches the project's databases)
QDB="desi_q3c_bench"
"${SU[@]}" -d postgres -c "DROP DATABASE IF EXISTS $QDB" -c "CREATE DATABASE $QDB"
"${SU[@]}" -d "$QDB" -c "CREATE EXTENSION q3c" \
  -c "CREATE TABLE l (id bigint, ra double precision, dec double precision)" \
  -c "CREATE TABLE r (id bigint, ra double precision, dec double precision)" \
  -c "CREATE TABLE svc (left_id bigint, right_id bigint)"
"${PSQL[@]}" -c "\\copy (SELECT id, ra, dec FROM catalog_data.$LEFT) TO STDOUT" | "${SU[@]}" -d "$QDB" -c "\\copy l FROM STDIN"
"${PSQL[@]}" -c "\\copy (SELECT id, ra, dec FROM catalog_data.$RIGHT) TO STDOUT" | "${SU[@]}" -d "$QDB" -c "\\copy r FROM STDIN"
"${PSQL[@]}" -c "\\copy (SELECT left_id, right_id FROM desi.crossmatch_pair WHERE job_id = $jid) TO STDOUT" \
  | "${SU[@]}" -d "$QDB" -c "\\copy svc FROM STDIN"
pg_checkpoint > /dev/null   # each timed step starts with no dirty buffers of the one before
i0=$(date +%s.%N)
"${SU[@]}" -d "$QDB" -c "CREATE INDEX ON l (q3c_ang2ipix(ra, dec))" -c "CREATE INDEX r_q3c ON r (q3c_ang2ipix(ra, dec))" \
  -c "CLUSTER r USING r_q3c" -c "ANALYZE l" -c "ANALYZE r"
i1=$(date +%s.%N)
pg_checkpoint > /dev/null
q0=$(date +%s.%N)
"${SU[@]}" -d "$QDB" <<SQL
BEGIN;
CREATE TABLE q3c_pairs AS SELECT 1::bigint AS job_id, l.id AS left_id, r.id AS right_id,
  q3c_dist(l.ra, l.dec, r.ra, r.dec) * 3600 AS separation_arcsec FROM l, r
  WHERE q3c_join(l.ra, l.dec, r.ra, r.dec, $RADIUS_ARCSEC / 3600.0);
ALTER TABLE q3c_pairs ADD PRIMARY KEY (job_id, left_id, right_id);
COMMIT;
SQL
q1=$(date +%s.%N)
q3c_pairs=$("${SU[@]}" -d "$QDB" -Atc "SELECT count(*) FROM q3c_pairs")
only_svc=$("${SU[@]}" -d "$QDB" -Atc "SELECT count(*) FROM (SELECT * FROM svc EXCEPT SELECT left_id, right_id FROM q3c_pairs) x")
only_q3c=$("${SU[@]}" -d "$QDB" -Atc "SELECT count(*) FROM (SELECT left_id, right_id FROM q3c_pairs EXCEPT SELECT * FROM svc) x")
"${SU[@]}" -d postgres -c "DROP DATABASE $QDB"
"${PSQL[@]}" -c "DELETE FROM desi.crossmatch_job WHERE job_id = $jid" \
  -c "DELETE FROM desi.catalog WHERE name IN ('$LEFT', '$RIGHT')" \
  -c "DROP TABLE catalog_data.$LEFT, catalog_data.$RIGHT"

awk -v one="$one_api" -v rows="$ROWS" -v svc="$svc_s" -v cold="$cold_s" -v coldapi="$cold_api_s" -v api="$api_s" -v idx="$(echo "$i1 - $i0" | bc -l)" \
    -v q="$(echo "$q1 - $q0" | bc -l)" -v sp="$svc_pairs" -v qp="$q3c_pairs" -v os="$only_svc" -v oq="$only_q3c" \
    -v parts="$DESI_CROSSMATCH_PARTITIONS" -v wt="$DESI_CROSSMATCH_WORKER_THREADS" 'BEGIN {
  printf "catalogs: %d x %d rows, radius 1 arcsec, %d partitions, %d worker threads\n", rows, rows, parts, wt;
  printf "crossmatch-service, POST until GET reads SUCCEEDED: %6.2f s  (%d pairs; job startedAt..finishedAt %.2f s)\n", api, sp, svc;
  printf "  the same job on the freshly started JVM (client side): %6.2f s  (ratio %.2fx)\n", coldapi, q / coldapi;
  printf "scaling (warm JVM, client side): 1 worker thread %.2f s, %d worker threads %.2f s = %.2fx\n", one, wt, api, one / api;
  printf "baseline q3c_join CREATE TABLE AS + primary key:       %6.2f s  (%d pairs; catalog index build + CLUSTER %.2f s, not counted)\n", q, qp, idx;
  printf "pair sets: %d only in the service, %d only in q3c -> %s\n", os, oq, (os == 0 && oq == 0) ? "identical" : "DIFFERENT";
  printf "ratio baseline / service (client side, warm JVM): %.2fx (issue H target >= 2x); in-memory engine: java -cp ... org.desi.catalogs.core.bench.EngineBenchmark\n", q / api }'

#!/usr/bin/env bash
# Benchmark (issue D): cone searches on a seeded 1M-row catalog loaded through ingest-service.
#   - wrk against query-service's /cone (JSON, limit 100) at 1 and 16 connections, 1 arcmin and 30 arcmin
#   - the same 1-arcmin cones through TAP (/tap/sync, ADQL, VOTable) against /cone, back to back (issue I)
#   - in the same run, pgbench -M prepared of the service's own SQL (zone B-tree + exact distance), under PostgreSQL's
#     default plan choice and with generic plans (as the service's cone pool runs it), and of q3c_radial_query
#     (default plan choice: its best) (Debian postgresql-15-q3c, installed for the benchmark only, in a scratch database)
# Prints requests/s, p50/p99 latency, the ratios the issue asks for, and the service's RSS.
#   bench/query-cone.sh [rows] [seconds per run]      (defaults 1,000,000 and 10; needs `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ROWS="${1:-1000000}"
SECS="${2:-10}"
bench_environment
export JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
PG=(-h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}")
PSQL=(psql -X -q "${PG[@]}" -U desi_writer -d desi -v ON_ERROR_STOP=1)
SU=(psql -X -q "${PG[@]}" -U "${PGSUPERUSER:-postgres}" -v ON_ERROR_STOP=1)
CATALOG="bench_cone_$(date +%s)"
QDB="desi_q3c_bench"

need_debian_packages postgresql-15-q3c wrk   # the baseline and the load generator only
mkdir -p "$DATA_DIR"
cleanup() {
  scripts/services.sh down >/dev/null 2>&1 || true
  "${SU[@]}" -d postgres -c "DROP DATABASE IF EXISTS $QDB" >/dev/null 2>&1 || true
  "${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name = '$CATALOG'" -c "DROP TABLE IF EXISTS catalog_data.$CATALOG" \
    >/dev/null 2>&1 || true
  rm -f "$DATA_DIR/$CATALOG.fits" "$DATA_DIR/${CATALOG}_unused.fits"
}
trap cleanup EXIT
scripts/services.sh up >/dev/null
java -Xmx3g -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.sample.SampleMatchCatalogs \
  "$DATA_DIR/$CATALOG.fits" "$DATA_DIR/${CATALOG}_unused.fits" "$ROWS" 11 >/dev/null
load_generic_file "$CATALOG.fits" "$CATALOG"

# q3c copy of the same rows in a scratch database
q3c_scratch_copy "$CATALOG" "$QDB"

# the same random centres in SQL: RA 1..359, Dec uniform on the sphere in -25..80
centre='\set ra 1 + random(0, 358000000) / 1000000.0
\set u random(0, 1000000000) / 1000000000.0
'
cat > "$RUN_DIR/service.sql" <<SQL
$centre
SELECT id, ra, dec, degrees(2 * asin(least(1.0, sqrt(power(sin((radians(dec) - radians(d.dec0)) / 2), 2)
  + cos(radians(dec)) * cos(radians(d.dec0)) * power(sin((radians(ra) - radians(:ra)) / 2), 2))))) * 3600 AS dist
FROM (SELECT degrees(asin(sin(radians(-25)) + :u * (sin(radians(80)) - sin(radians(-25))))) AS dec0) d,
     catalog_data.$CATALOG
WHERE zone = ANY (ARRAY(SELECT generate_series(floor((d.dec0 - :r + 90) / 0.05)::int, floor((d.dec0 + :r + 90) / 0.05)::int)))
  AND ra BETWEEN :ra - degrees(asin(sin(radians(:r)) / cos(radians(d.dec0)))) AND :ra + degrees(asin(sin(radians(:r)) / cos(radians(d.dec0))))
  AND degrees(2 * asin(least(1.0, sqrt(power(sin((radians(dec) - radians(d.dec0)) / 2), 2)
  + cos(radians(dec)) * cos(radians(d.dec0)) * power(sin((radians(ra) - radians(:ra)) / 2), 2))))) <= :r
ORDER BY dist, id LIMIT 101;
SQL
cat > "$RUN_DIR/q3c.sql" <<SQL
$centre
SELECT id, ra, dec, q3c_dist(ra, dec, :ra, d.dec0) * 3600 AS dist
FROM (SELECT degrees(asin(sin(radians(-25)) + :u * (sin(radians(80)) - sin(radians(-25))))) AS dec0) d, t
WHERE q3c_radial_query(ra, dec, :ra, d.dec0, :r) ORDER BY dist, id LIMIT 101;
SQL

pgb() {  # db user script radius clients -> tps
  pgbench "${PG[@]}" -U "$2" -n -M prepared -T "$SECS" -c "$5" -j "$(( $5 < 2 ? 1 : 2 ))" -D r="$4" -f "$3" "$1" 2>/dev/null \
    | sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}
wrk_run() {  # radius clients -> "rps p50 p99"
  local out
  out=$(CATALOG="$CATALOG" RADIUS_DEG="$1" wrk -t "$(( $2 < 2 ? 1 : 2 ))" -c "$2" -d "${SECS}s" --latency \
    -s bench/cone.lua "http://127.0.0.1:$QUERY_PORT")
  printf '%s %s %s' "$(printf '%s' "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')" \
    "$(printf '%s' "$out" | awk '$1 == "50%" {print $2}')" "$(printf '%s' "$out" | awk '$1 == "99%" {print $2}')"
}
# warm-up (JIT, caches), not reported: 20 s, after which the rate stops climbing on this 2-core machine (5 s left
# the first measured run at a third of the warm rate)
CATALOG="$CATALOG" RADIUS_DEG=0.0166667 wrk -t 2 -c 16 -d 20s -s bench/cone.lua "http://127.0.0.1:$QUERY_PORT" >/dev/null

printf '%-10s %-6s %10s %9s %9s %12s %12s %10s %12s %14s\n' radius conns "service/s" p50 p99 "own SQL/s" \
  "generic/s" "q3c SQL/s" "service/q3c" "service/generic"
for r in 0.0166667 0.5; do
  label=$([ "$r" = 0.5 ] && echo "30 arcmin" || echo "1 arcmin")
  for c in 1 16; do
    read -r rps p50 p99 <<<"$(wrk_run "$r" "$c")"
    # the service's SQL under PostgreSQL's default plan choice (a new plan per call) and with the session setting of
    # the service's cone pool (generic plans: what the service's own sessions do); q3c keeps the default, its best:
    # under generic plans its index conditions are unknown at planning and it reads the whole table
    own=$(pgb desi desi_reader "$RUN_DIR/service.sql" "$r" "$c")
    gen=$(PGOPTIONS="-c plan_cache_mode=force_generic_plan" pgb desi desi_reader "$RUN_DIR/service.sql" "$r" "$c")
    q3c=$(pgb "$QDB" "${PGSUPERUSER:-postgres}" "$RUN_DIR/q3c.sql" "$r" "$c")
    awk -v l="$label" -v c="$c" -v s="$rps" -v p50="$p50" -v p99="$p99" -v o="$own" -v g="$gen" -v q="$q3c" 'BEGIN {
      printf "%-10s %-6d %10.0f %9s %9s %12.0f %12.0f %10.0f %11.2fx %13.2fx\n", l, c, s, p50, p99, o, g, q, s / q, s / g }'
  done
done
# the same cones through TAP (ADQL parsed, checked and translated per request; VOTable out) against /cone.
# TAP's code paths (parser, translator, VOTable writer) reach full JIT speed after ~20 s of traffic here, later
# than /cone's, which the runs above have warmed: warm TAP as long, then alternate the two (3 rounds) so both
# see the same machine; the ratio is the median of the rounds'.
CATALOG="$CATALOG" RADIUS_DEG=0.0166667 wrk -t 2 -c 16 -d 20s -s bench/cone_tap.lua "http://127.0.0.1:$QUERY_PORT" >/dev/null
ratios=()
for round in 1 2 3; do
  read -r cone_rps cone_p50 cone_p99 <<<"$(wrk_run 0.0166667 16)"
  tap_out=$(CATALOG="$CATALOG" RADIUS_DEG=0.0166667 wrk -t 2 -c 16 -d "${SECS}s" --latency -s bench/cone_tap.lua \
    "http://127.0.0.1:$QUERY_PORT")
  tap_rps=$(printf '%s' "$tap_out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
  tap_p99=$(printf '%s' "$tap_out" | awk '$1 == "99%" {print $2}')
  non2xx=$(printf '%s' "$tap_out" | sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p')
  [ -z "$non2xx" ] || { echo "TAP cone requests failed: $non2xx non-2xx answers" >&2; exit 1; }
  ratios+=("$(awk -v t="$tap_rps" -v c="$cone_rps" 'BEGIN { printf "%.2f", t / c }')")
  awk -v r="$round" -v t="$tap_rps" -v c="$cone_rps" -v tp="$tap_p99" -v cp="$cone_p99" 'BEGIN {
    printf "TAP /tap/sync cone, 1 arcmin, 16 conns, round %d: %.0f req/s (p99 %s) vs /cone %.0f req/s (p99 %s): %.2fx\n", r, t, tp, c, cp, t / c }'
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n 2p)
echo "TAP / cone = ${median}x (median of 3 alternating rounds; issue I target >= 0.5x)"
pid=$(cat "$RUN_DIR/query-service.pid")
echo "query-service RSS after the run: $(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$pid/status") (JAVA_OPTS=$JAVA_OPTS)"
echo "own SQL/s: the service's SQL under PostgreSQL's default plans; generic/s: the same with generic plans, as the service runs it"
echo "targets (issue D, 16 connections): service >= 4x q3c SQL and >= 0.5x its own SQL; issue H: >= 8x q3c, p99 < 20 ms"

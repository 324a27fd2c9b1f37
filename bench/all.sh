#!/usr/bin/env bash
# Runs every job benchmark of issue H one after the other (about 15 minutes here; each starts its own
# services and baseline) and ends with the five ratios side by side, each against its target. Every
# benchmark's whole output is kept in target/bench/<name>.out. Needs `make build`.
#   bench/all.sh
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench
mkdir -p "$OUT"
failed=()
run() {  # name command...: runs one benchmark, its output to the terminal and to $OUT/name.out
  local name="$1"; shift
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$OUT/$name.out"
  [ "${PIPESTATUS[0]}" = 0 ] || failed+=("$name")
}
run ingest-generic bench/ingest-generic.sh
run ingest-generic-file bench/ingest-generic.sh 1000000 ID file
run ingest-narrow bench/ingest-narrow.sh
run ingest-wide bench/ingest-wide.sh
run crossmatch bench/crossmatch.sh
run voids bench/voids.sh 1000000 voidfinder
run query-cone bench/query-cone.sh
run tap-upload bench/tap-upload.sh

# the ratio lines each benchmark printed, as a table (a missing one: that benchmark failed)
pick() { grep -h -m1 -- "$2" "$OUT/$1.out" 2>/dev/null | sed 's/^ *//'; }
echo
echo "=== issue H, client side, each against its baseline in the same run ($(date -u +%F), $(nproc) cores)"
printf '%-34s | %s\n' "job" "ratio (as printed by the benchmark)"
printf '%-34s | %s\n' "ingest upload 1M x 10 (>= 0.9x)" "$(pick ingest-generic 'ratio service / baseline')"
printf '%-34s | %s\n' "  the same as a data-directory file" "$(pick ingest-generic-file 'ratio service / baseline')"
printf '%-34s | %s\n' "ingest FastSpecFit 1M (>= 0.9x)" "$(pick ingest-narrow 'ratio service / binary COPY')"
printf '%-34s | %s\n' "ingest 1.08 GB wide file (>= 0.8x)" "$(pick ingest-wide '^ratios (client side)')"
printf '%-34s | %s\n' "" "$(pick ingest-wide '^bound:')"
printf '%-34s | %s\n' "" "$(pick ingest-wide '250 MiB/s link')"
reporting=$(pick ingest-wide '^host page reporting')
if [ -n "$reporting" ]; then printf '%-34s | %s\n' "" "$reporting"; fi
printf '%-34s | %s\n' "sky cross-match 1M x 1M (>= 2x)" "$(pick crossmatch 'ratio baseline / service')"
printf '%-34s | %s\n' "" "$(pick crossmatch 'freshly started JVM')"
printf '%-34s | %s\n' "void placement 1M x 10k (>= 10x)" "$(pick voids 'numpy + astropy + scipy baseline')"
printf '%-34s | %s\n' "" "$(pick voids 'bound: PostgreSQL alone')"
printf '%-34s | %s\n' "cone 1', 16 conns (>= 8x, p99<20ms)" "$(grep -h -m1 -E '^1 arcmin +16 ' "$OUT/query-cone.out" 2>/dev/null \
  | awk '{printf "%s req/s, p99 %s, %s q3c", $4, $6, $10}')"
printf '%-34s | %s\n' "TAP upload 10k targets x 1M (none)" "$(pick tap-upload '^TAP upload join')"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]} (see $OUT/<name>.out)" >&2
  exit 1
fi

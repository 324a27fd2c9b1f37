#!/usr/bin/env bash
# Part of `make test` (called by test-scripts.sh with the three services up): a real Prometheus
# (Debian's) scrapes the services' /q/metrics; through its HTTP API we check up == 1 for each and
# that each service's own metric arrived.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_DIR="${RUN_DIR:?}"
PORT="${PROMETHEUS_PORT:-19090}"
dir="$RUN_DIR/prometheus"
rm -rf "$dir"; mkdir -p "$dir"
cat > "$dir/prometheus.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: query-service
    metrics_path: /q/metrics
    static_configs: [{targets: ["127.0.0.1:${QUERY_PORT:-8080}"]}]
  - job_name: ingest-service
    metrics_path: /q/metrics
    static_configs: [{targets: ["127.0.0.1:${INGEST_PORT:-8081}"]}]
  - job_name: crossmatch-service
    metrics_path: /q/metrics
    static_configs: [{targets: ["127.0.0.1:${CROSSMATCH_PORT:-8082}"]}]
YML
promtool check config "$dir/prometheus.yml" >/dev/null
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
  --web.listen-address="127.0.0.1:$PORT" > "$dir/prometheus.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

query() { curl -sS --get "http://127.0.0.1:$PORT/api/v1/query" --data-urlencode "query=$1"; }
ok=""
for _ in $(seq 1 60); do
  sleep 1
  out="$(query 'sum(up{job=~"(query|ingest|crossmatch)-service"})' 2>/dev/null || true)"
  if printf '%s' "$out" | grep -q '"3"\]'; then ok=1; break; fi
done
[ -n "$ok" ] || { echo "prometheus-check: up != 1 for all three services: $(query up)" >&2; tail -5 "$dir/prometheus.log" >&2; exit 1; }
# query-service may have been restarted by an earlier check (tap-check.sh): give it a cone and a TAP query to count
if [ -n "${SAMPLE_CATALOG:-}" ]; then
  curl -sS -o /dev/null "http://127.0.0.1:${QUERY_PORT:-8080}/api/v1/catalogs/$SAMPLE_CATALOG/cone?ra=150.1&dec=2.2&radius=0.1"
  curl -sS -o /dev/null --data-urlencode "QUERY=SELECT TOP 3 * FROM catalogs.$SAMPLE_CATALOG" -d LANG=ADQL \
    "http://127.0.0.1:${QUERY_PORT:-8080}/tap/sync"
fi
for m in 'desi_query_cone_seconds_count{job="query-service"}' 'desi_ingest_rows_loaded_total{job="ingest-service"}' \
         'desi_crossmatch_partitions_done_total{job="crossmatch-service"}' 'desi_query_cone_seconds_bucket{job="query-service"}' \
         ${SAMPLE_CATALOG:+'desi_query_tap_seconds_count{job="query-service",outcome="completed"}'}; do
  for _ in $(seq 1 15); do   # a scrape every second
    out="$(query "count($m)")"
    printf '%s' "$out" | grep -q -e '"result":\[\]' -e error || break
    sleep 1
  done
  if printf '%s' "$out" | grep -q -e '"result":\[\]' -e error; then
    echo "prometheus-check: no $m in Prometheus: $out" >&2; exit 1
  fi
done
echo "prometheus-check: Prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}') scraped all three services (up == 1) and their desi_* metrics"

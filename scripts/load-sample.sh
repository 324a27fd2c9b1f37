#!/usr/bin/env bash
# Generates the sample FastSpecFit-shaped catalog, loads it through ingest-service's API, waits for
# the job, then runs one cone search through query-service and prints it. Needs the services up.
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_DIR="${RUN_DIR:-$PWD/.run}"
DATA_DIR="${DATA_DIR:-$RUN_DIR/data}"
INGEST="http://127.0.0.1:${INGEST_PORT:-8081}"
QUERY="http://127.0.0.1:${QUERY_PORT:-8080}"
CATALOG="${SAMPLE_CATALOG:-sample_bgs}"
ROWS="${SAMPLE_ROWS:-20000}"

mkdir -p "$DATA_DIR"
java -cp "ingest-service/target/quarkus-app/lib/main/*" \
  org.desi.catalogs.core.sample.SampleFastSpecFitCatalog "$DATA_DIR/sample-fastspec.fits" "$ROWS" 42

echo "== submitting sample-fastspec.fits to $INGEST"
job_json="$(curl -sS -X POST "$INGEST/api/v1/ingest/jobs" -H 'Content-Type: application/json' \
  -d "{\"source\": \"sample-fastspec.fits\", \"profile\": \"fastspecfit\", \"catalog\": \"$CATALOG\"}")"
job_id="$(printf '%s' "$job_json" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')"
[ -n "$job_id" ] || { echo "load-sample: submission failed: $job_json" >&2; exit 1; }

status=""
for _ in $(seq 1 600); do
  job_json="$(curl -sS "$INGEST/api/v1/ingest/jobs/$job_id")"
  status="$(printf '%s' "$job_json" | sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p')"
  case "$status" in SUCCEEDED|FAILED|CANCELLED) break ;; esac
  sleep 0.2
done
echo "$job_json"
[ "$status" = SUCCEEDED ] || { echo "load-sample: ingest job $job_id ended $status" >&2; exit 1; }

echo
echo "== cone search: 5 nearest galaxies within 0.5 deg of (RA 150.1, Dec 2.2) with LOGMSTAR >= 10.5"
curl -sS -f "$QUERY/api/v1/catalogs/$CATALOG/cone?ra=150.1&dec=2.2&radius=0.5&limit=5&logmstar.min=10.5&columns=targetid,ra,dec,z,logmstar,dn4000"
echo

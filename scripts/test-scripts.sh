#!/usr/bin/env bash
# Part of `make test`: the end-to-end path of `make run` / `make up` on the built jars, against the
# test database and on spare ports (so it never disturbs services a developer left running).
set -euo pipefail
cd "$(dirname "$0")/.."

export RUN_DIR="$PWD/target/e2e"
export DATA_DIR="$RUN_DIR/data"
export DESI_DB_NAME="${DESI_TEST_DB_NAME:-desi_test}"
export QUERY_PORT=18080 INGEST_PORT=18081 CROSSMATCH_PORT=18082
export SAMPLE_CATALOG="e2e_sample_$(date +%s)" SAMPLE_ROWS=3000
# a killed ingest job is taken over after 3 s instead of 20 (scripts/test-kill-ingest.sh)
export DESI_INGEST_STALE_AFTER_SECONDS=3
# likewise a killed cross-match replica's leases expire after 3 s; jobs split finely (test-kill-crossmatch.sh)
export DESI_CROSSMATCH_LEASE_SECONDS=3 DESI_CROSSMATCH_PARTITIONS=16

scripts/check-no-secrets.sh
rm -rf "$RUN_DIR"
trap 'scripts/services.sh down >/dev/null 2>&1 || true' EXIT
scripts/services.sh up
out="$(scripts/load-sample.sh)"
echo "$out" | tail -n 3
echo "$out" | grep -q '"rowsLoaded":3000' || { echo "e2e: expected 3000 rows loaded" >&2; exit 1; }
echo "$out" | grep -q '"count":5' || { echo "e2e: expected 5 rows from the cone search" >&2; exit 1; }
echo "$out" | grep -q '"type":"voids".*"status":"SUCCEEDED"' || { echo "e2e: the voids job did not succeed" >&2; exit 1; }
echo "$out" | grep -q '"algorithm":"VoidFinder".*"voids":{"galaxies":[1-9]' \
  || { echo "e2e: the quenching statistics hold no void galaxies" >&2; exit 1; }
echo "$out" | grep -q '"v2Rule":"nearest-tracer"' || { echo "e2e: the V2 voids job did not record its rule" >&2; exit 1; }
echo "$out" | grep -q 'cut redshift' || { echo "e2e: the quenching answer did not echo its cuts" >&2; exit 1; }
[ -s "$RUN_DIR/void-profile.png" ] && head -c 4 "$RUN_DIR/void-profile.png" | grep -q PNG || { echo "e2e: no void-profile plot" >&2; exit 1; }
[ -s "$RUN_DIR/quenching.png" ] && head -c 4 "$RUN_DIR/quenching.png" | grep -q PNG || { echo "e2e: no quenching plot" >&2; exit 1; }
scripts/vo-clients.sh "$SAMPLE_CATALOG" 150.1 2.2 0.2
scripts/moc-check.sh "$SAMPLE_CATALOG"
scripts/moc-check.sh
scripts/tap-check.sh
scripts/web-check.sh "$SAMPLE_CATALOG" "${SAMPLE_CATALOG}_voids"
scripts/catalog-delete-check.sh
scripts/test-kill-ingest.sh
scripts/test-kill-crossmatch.sh
scripts/test-pg-restart.sh
scripts/prometheus-check.sh
# the Helm hook's migration mode: migrates and exits 0; with no database it gives up with status 1
env $(scripts/dev-db-env.sh ingest) DESI_MIGRATION_EXIT_AFTER=true QUARKUS_HTTP_PORT=18084 java -Xmx256m -jar ingest-service/target/quarkus-app/quarkus-run.jar \
  > "$RUN_DIR/logs/migration-job.log" 2>&1 || { echo "e2e: migration job mode exited $?" >&2; exit 1; }
rc=0
DESI_DB_PORT=1 DESI_MIGRATION_EXIT_AFTER=true DESI_MIGRATION_MAX_ATTEMPTS=2 DESI_MIGRATION_MAX_RETRY_DELAY_SECONDS=1 \
  QUARKUS_HTTP_PORT=18084 timeout 120 env $(scripts/dev-db-env.sh ingest) java -Xmx256m -jar ingest-service/target/quarkus-app/quarkus-run.jar \
  >> "$RUN_DIR/logs/migration-job.log" 2>&1 || rc=$?
[ "$rc" = 1 ] || { echo "e2e: migration job without a database exited $rc, expected 1" >&2; exit 1; }
echo "e2e: migration job mode: exit 0 when migrated, exit 1 after giving up on an unreachable database"
# secure by default: an ingest-service with neither an issuer nor a key refuses every write, even the dev token's
env $(scripts/dev-db-env.sh ingest) QUARKUS_HTTP_PORT=18085 DESI_MIGRATION_ENABLED=false nohup java -Xmx256m -jar ingest-service/target/quarkus-app/quarkus-run.jar \
  > "$RUN_DIR/logs/unconfigured-auth.log" 2>&1 &
bare=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null http://127.0.0.1:18085/q/health/ready && break; sleep 0.5; done
code="$(curl -s -o "$RUN_DIR/unconfigured.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" \
  -H 'Content-Type: application/json' -d '{"source": "x.fits", "profile": "generic", "catalog": "nope"}' \
  http://127.0.0.1:18085/api/v1/ingest/jobs)"
kill "$bare" 2>/dev/null || true
[ "$code" = 401 ] || { echo "e2e: an ingest-service without OIDC settings answered $code to a write, expected 401" >&2; exit 1; }
echo "e2e: with no issuer or key configured, writes are refused (401)"
for port in $QUERY_PORT $INGEST_PORT $CROSSMATCH_PORT; do
  for path in /q/health/live /q/health/ready /q/health/started /q/metrics /q/openapi; do
    curl -sf -o /dev/null "http://127.0.0.1:$port$path" || { echo "e2e: $path on :$port failed" >&2; exit 1; }
  done
done
scripts/services.sh down >/dev/null
scripts/test-tls.sh
echo "e2e: make-run path OK (ingest galaxies and voids, voids job, cone search, quenching statistics and plot, pyvo and STILTS against SCS, MOCs equal to STILTS pixfoot's, TAP through pyvo/STILTS against brute force and taplint, the web page in headless Chromium, kill -9 during a load and of a cross-match replica, Prometheus scraping all three, live/ready/metrics/openapi on all three services)"

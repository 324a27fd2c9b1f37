#!/usr/bin/env bash
# make run: start everything, load the sample, cone-search it, then keep the services up until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

trap 'echo; scripts/services.sh down' INT TERM
scripts/services.sh up
scripts/load-sample.sh
cat <<TXT

Services (Ctrl-C stops them):
  the web page        http://127.0.0.1:${QUERY_PORT:-8080}/   (catalogs on the sky, cone search, jobs, the quenching plot;
                      the token for starting jobs: ${RUN_DIR:-.run}/dev-token)
  query-service       http://127.0.0.1:${QUERY_PORT:-8080}/api/v1/catalogs   (OpenAPI: /q/openapi)
  ingest-service      http://127.0.0.1:${INGEST_PORT:-8081}/api/v1/ingest/jobs
  crossmatch-service  http://127.0.0.1:${CROSSMATCH_PORT:-8082}/api/v1/crossmatch/jobs
  health/metrics      /q/health/ready, /q/metrics on each
  writes need a token -H "Authorization: Bearer \$(cat ${RUN_DIR:-.run}/dev-token)"   (README: Authentication)
TXT
while true; do sleep 3600 & wait $!; done

#!/usr/bin/env bash
# Prints the development database credentials of one service as NAME=value words for `env`:
#   env $(scripts/dev-db-env.sh ingest) java -jar ingest-service/target/quarkus-app/quarkus-run.jar
# The jars carry no password; on this machine the roles' passwords equal their names
# (scripts/db-setup.sh). Values already in the environment win. Never for a real server.
set -euo pipefail
case "${1:-}" in
  ingest)     user=desi_writer; owner=1 ;;
  crossmatch) user=desi_writer; owner= ;;
  query)      user=desi_reader; owner= ;;
  *) echo "usage: $0 ingest|crossmatch|query" >&2; exit 2 ;;
esac
echo "DESI_DB_USER=${DESI_DB_USER:-$user} DESI_DB_PASSWORD=${DESI_DB_PASSWORD:-$user}"
[ -z "$owner" ] || echo "DESI_DB_OWNER_USER=${DESI_DB_OWNER_USER:-desi_owner} DESI_DB_OWNER_PASSWORD=${DESI_DB_OWNER_PASSWORD:-desi_owner}"

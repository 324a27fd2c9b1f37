#!/usr/bin/env bash
# Part of `make test` (called by test-scripts.sh with the services up): a catalog deleted through
# query-service's job gateway with the development token. A small FastSpecFit catalog is uploaded to
# ingest-service, cone-searched through query-service, deleted through query-service (forwarded to
# ingest-service), and then: gone from the catalog list (within query-service's registry cache), its
# partition gone from PostgreSQL, a second DELETE a 404 problem, and the same file loads again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

RUN_DIR="${RUN_DIR:-$PWD/.run}"
DATA_DIR="${DATA_DIR:-$RUN_DIR/data}"
service_urls
TOKEN="$(cat "$RUN_DIR/dev-token")"
NAME="e2e_delete_$(date +%s)"
FILE="$DATA_DIR/$NAME.fits"
fail() { echo "catalog-delete: $*" >&2; exit 1; }

mkdir -p "$DATA_DIR"
java -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.sample.SampleFastSpecFitCatalog "$FILE" 300 5 \
  > /dev/null
upload() {
  local job
  job="$(curl -sS -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/octet-stream' \
    --data-binary "@$FILE" "$INGEST/api/v1/ingest/uploads?profile=fastspecfit&catalog=$NAME")"
  await_job "$INGEST/api/v1/ingest/jobs/$(json_id "$job")" 120 > /dev/null || fail "loading $NAME failed: $job"
  json_id "$job"
}
first="$(upload)"
catalog_id="$(psql_writer -c "SELECT catalog_id FROM desi.catalog WHERE name = '$NAME'")"
[ "$(psql_writer -c "SELECT count(*) FROM desi.fastspecfit_galaxy WHERE catalog_id = $catalog_id")" = 300 ] \
  || fail "expected 300 rows of $NAME"
code="$(curl -s -o /dev/null -w '%{http_code}' "$QUERY/api/v1/catalogs/$NAME")"
[ "$code" = 200 ] || fail "query-service answered $code for the new catalog"
# a cone search: query-service now holds the catalog's registry entry for its searches
code="$(curl -s -o /dev/null -w '%{http_code}' "$QUERY/api/v1/catalogs/$NAME/cone?ra=150&dec=2&radius=1")"
[ "$code" = 200 ] || fail "a cone search of the new catalog answered $code"

# without a token the gateway's target refuses; with the development token (desi-admin) it deletes
code="$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$QUERY/api/v1/ingest/catalogs/$NAME")"
[ "$code" = 401 ] || fail "a DELETE without a token answered $code, expected 401"
body="$(curl -sS -w '\n%{http_code}' -X DELETE -H "Authorization: Bearer $TOKEN" "$QUERY/api/v1/ingest/catalogs/$NAME")"
case "$body" in *'"rowCount":300'*$'\n'200) ;; *) fail "DELETE through query-service answered: $body" ;; esac
[ "$(psql_writer -c "SELECT count(*) FROM desi.catalog WHERE name = '$NAME'")" = 0 ] || fail "the catalog row is still there"
[ "$(psql_writer -c "SELECT count(*) FROM pg_class WHERE relname = 'fastspecfit_galaxy_c$catalog_id'")" = 0 ] \
  || fail "the catalog's partition is still there"
# the replica that forwarded the DELETE forgets its entry at once (others within DESI_QUERY_REGISTRY_CACHE_SECONDS)
code="$(curl -s -o /dev/null -w '%{http_code}' "$QUERY/api/v1/catalogs/$NAME/cone?ra=150&dec=2&radius=1")"
[ "$code" = 404 ] || fail "a cone search right after the delete answered $code, expected 404"
code="$(curl -s -o /dev/null -w '%{http_code}' "$QUERY/api/v1/catalogs/$NAME")"
[ "$code" = 404 ] || fail "query-service still answers $code for the deleted catalog"
body="$(curl -sS -w '\n%{http_code}' -X DELETE -H "Authorization: Bearer $TOKEN" "$QUERY/api/v1/ingest/catalogs/$NAME")"
case "$body" in *"no catalog $NAME"*$'\n'404) ;; *) fail "a second DELETE answered: $body" ;; esac
# the job that loaded it is still readable, and the same bytes load anew (not the earlier job's answer)
case "$(curl -sS "$INGEST/api/v1/ingest/jobs/$first")" in *'"status":"SUCCEEDED"'*) ;; *) fail "job $first is gone" ;; esac
second="$(upload)"
[ "$second" != "$first" ] || fail "the same file after the delete answered the earlier job $first"
curl -sS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$INGEST/api/v1/ingest/catalogs/$NAME"
rm -f "$FILE"
echo "catalog-delete: $NAME deleted through query-service's gateway (300 rows, its partition dropped, a second DELETE 404), loaded again as job $second"

#!/usr/bin/env bash
# Part of `make test`: TLS to PostgreSQL. Turns TLS on in the local cluster (scripts/pg-tls.sh, a
# throwaway CA), starts the three services with DESI_DB_SSLMODE=verify-full against "localhost",
# drives their reactive and JDBC pools (reads, an ingest job's binary COPY, a cross-match job), then
# reads pg_stat_ssl: every connection of each service must be encrypted. Then verify-full against
# "127.0.0.1", a name the server certificate does not carry, must be refused.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

export TLS_DIR="$PWD/target/pg-tls"
scripts/pg-tls.sh
export RUN_DIR="$PWD/target/tls" DATA_DIR="$PWD/target/tls/data"
export DESI_DB_NAME="${DESI_TEST_DB_NAME:-desi_test}"
export QUERY_PORT=19080 INGEST_PORT=19081 CROSSMATCH_PORT=19082
export DESI_DB_HOST=localhost DESI_DB_SSLMODE=verify-full DESI_DB_SSLROOTCERT="$TLS_DIR/ca.crt"
PSQL=(psql -X -qAt -h 127.0.0.1 -p "${PGPORT:-5432}" -U desi_writer -d "$DESI_DB_NAME" -v ON_ERROR_STOP=1)
export PGPASSWORD=desi_writer
rm -rf "$RUN_DIR"
mkdir -p "$DATA_DIR"
bare=""
trap 'scripts/services.sh down >/dev/null 2>&1 || true; [ -z "$bare" ] || kill "$bare" 2>/dev/null || true' EXIT
# connections opened before this test (other services on the same database) are not its business
since="$(cd /tmp && psql -X -qAt -h 127.0.0.1 -p "${PGPORT:-5432}" -U desi_writer -d "$DESI_DB_NAME" -c 'SELECT now()')"
scripts/services.sh up >/dev/null
AUTH=(-H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")")
TAG="tls_$(date +%s)"
java -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.sample.SampleFastSpecFitCatalog \
  "$DATA_DIR/$TAG.fits" 2000 5 >/dev/null
await() {  # url: 0 once SUCCEEDED; otherwise the job's JSON on stderr
  local j
  j=$(await_job "$1" 600) || { echo "$j" >&2; return 1; }
}
id="$(curl -sS -X POST "${AUTH[@]}" -H 'Content-Type: application/json' "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs" \
  -d "{\"source\":\"$TAG.fits\",\"profile\":\"fastspecfit\",\"catalog\":\"$TAG\"}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')"
await "http://127.0.0.1:$INGEST_PORT/api/v1/ingest/jobs/$id"
id="$(curl -sS -X POST "${AUTH[@]}" -H 'Content-Type: application/json' "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs" \
  -d "{\"type\":\"sky\",\"left\":\"$TAG\",\"right\":\"$TAG\",\"radiusArcsec\":1}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')"
await "http://127.0.0.1:$CROSSMATCH_PORT/api/v1/crossmatch/jobs/$id"
curl -sSf -o /dev/null "http://127.0.0.1:$QUERY_PORT/api/v1/catalogs/$TAG/cone?ra=150.1&dec=2.2&radius=0.5"

# as the superuser: only it sees the TLS state of every role's sessions
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
report="$(cd /tmp && as_root runuser -u postgres -- psql -X -qAt -p "${PGPORT:-5432}" -d "$DESI_DB_NAME" -F ' ' -c "SELECT a.application_name, count(*) FILTER (WHERE s.ssl), count(*) FILTER (WHERE NOT s.ssl)
  FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.datname = current_database()
  AND a.application_name IN ('ingest-service', 'crossmatch-service', 'query-service') AND a.pid <> pg_backend_pid()
  AND a.backend_start >= '$since'::timestamptz
  GROUP BY 1 ORDER BY 1")"
echo "$report" | sed 's/^/tls: pg_stat_ssl: /; s/ \([0-9]*\) \([0-9]*\)$/ \1 encrypted, \2 not/'
for svc in crossmatch-service ingest-service query-service; do
  line="$(echo "$report" | grep "^$svc ")" || { echo "tls: no connection of $svc seen" >&2; exit 1; }
  set -- $line
  [ "$2" -gt 0 ] && [ "$3" = 0 ] || { echo "tls: $svc has unencrypted connections: $line" >&2; exit 1; }
done
# query-service's cone pool (its own sessions, statements kept prepared) is configured apart from the default
# pool: the session that ran the cone above must be encrypted too
cone="$(cd /tmp && as_root runuser -u postgres -- psql -X -qAt -p "${PGPORT:-5432}" -d "$DESI_DB_NAME" -F ' ' -c "SELECT count(*) FILTER (WHERE s.ssl), count(*) FILTER (WHERE NOT s.ssl)
  FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.datname = current_database()
  AND a.application_name = 'query-service' AND a.query LIKE '/* catalog % */ SELECT %' AND a.backend_start >= '$since'::timestamptz")"
set -- $cone
[ "$1" -gt 0 ] && [ "$2" = 0 ] || { echo "tls: query-service's cone pool: $1 encrypted, $2 not" >&2; exit 1; }
echo "tls: query-service's cone pool: $1 session(s), encrypted"
# the connection each service listens on for finished jobs (opened by the waits above) is its own too
listen="$(cd /tmp && as_root runuser -u postgres -- psql -X -qAt -p "${PGPORT:-5432}" -d "$DESI_DB_NAME" -c "SELECT string_agg(DISTINCT a.application_name || ':' || s.ssl, ' ')
  FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.datname = current_database()
  AND a.query LIKE 'LISTEN%desi_job_finished%' AND a.backend_start >= '$since'::timestamptz")"
[ "$listen" = "crossmatch-service:true ingest-service:true" ] \
  || { echo "tls: the job-finished listening sessions are not all encrypted: '$listen'" >&2; exit 1; }
echo "tls: the job-finished listening sessions of ingest-service and crossmatch-service: encrypted"
"${PSQL[@]}" -c "DELETE FROM desi.catalog WHERE name = '$TAG'" >/dev/null

# verify-full must refuse a server whose certificate does not carry the name it was reached by
scripts/services.sh down >/dev/null
env $(scripts/dev-db-env.sh query) DESI_DB_HOST=127.0.0.1 QUARKUS_HTTP_PORT=19083 nohup java -Xmx256m -jar query-service/target/quarkus-app/quarkus-run.jar \
  > "$RUN_DIR/logs/verify-full-mismatch.log" 2>&1 &
bare=$!
await_http_code http://127.0.0.1:19083/q/health/ready 503 >/dev/null
sleep 2
code="$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:19083/q/health/ready || true)"
[ "$code" = 503 ] || { echo "tls: verify-full against 127.0.0.1 answered readiness $code, expected 503" >&2; exit 1; }
grep -qiE "handshake|subject alternative|hostname|certificate" "$RUN_DIR/logs/verify-full-mismatch.log" \
  || { echo "tls: the refused connection left no certificate/name error in the log" >&2; exit 1; }
echo "tls: verify-full refuses the server reached as 127.0.0.1 (its certificate names only localhost): not ready, log: $(grep -oiE "SSL handshake failed|No subject alternative[^.;]*" "$RUN_DIR/logs/verify-full-mismatch.log" | head -1)"
kill "$bare" 2>/dev/null || true
# the same server and CA under verify-ca (no name check) is accepted: what verify-full refused was the name
env $(scripts/dev-db-env.sh query) DESI_DB_HOST=127.0.0.1 DESI_DB_SSLMODE=verify-ca QUARKUS_HTTP_PORT=19084 nohup java -Xmx256m \
  -jar query-service/target/quarkus-app/quarkus-run.jar > "$RUN_DIR/logs/verify-ca.log" 2>&1 &
bare=$!
code=$(await_http_code http://127.0.0.1:19084/q/health/ready 200)
[ "$code" = 200 ] || { echo "tls: verify-ca against 127.0.0.1 answered readiness $code, expected 200" >&2; exit 1; }
echo "tls: verify-ca accepts the same server by 127.0.0.1 (the CA is trusted): the refusal was the name"
kill "$bare" 2>/dev/null || true
# require (libpq's meaning: encrypted, certificate not checked) connects without a CA file, encrypted
env $(scripts/dev-db-env.sh query) DESI_DB_HOST=127.0.0.1 DESI_DB_SSLMODE=require DESI_DB_SSLROOTCERT= \
  QUARKUS_HTTP_PORT=19085 nohup java -Xmx256m \
  -jar query-service/target/quarkus-app/quarkus-run.jar > "$RUN_DIR/logs/require.log" 2>&1 &
bare=$!
code=$(await_http_code http://127.0.0.1:19085/q/health/ready 200)
[ "$code" = 200 ] || { echo "tls: require without a CA answered readiness $code, expected 200" >&2; exit 1; }
# only this instance of query-service runs now (the others were stopped above)
read -r enc plain <<<"$(cd /tmp && as_root runuser -u postgres -- psql -X -qAt -p "${PGPORT:-5432}" -d "$DESI_DB_NAME" -F ' ' -c "SELECT count(*) FILTER (WHERE s.ssl), count(*) FILTER (WHERE NOT s.ssl)
  FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = 'query-service'")"
[ "${enc:-0}" -ge 1 ] && [ "$plain" = 0 ] || { echo "tls: require: $enc encrypted, $plain plain connection(s)" >&2; exit 1; }
echo "tls: require connects without a CA file, every connection encrypted"
echo "tls: OK (all three services' connections encrypted under verify-full; a mismatched name refused)"

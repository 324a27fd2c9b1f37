#!/usr/bin/env bash
# Starts / stops the three services in JVM mode from their built jars.
#   scripts/services.sh up      start all three in the background; returns once all are ready
#   scripts/services.sh down    stop what `up` started
#   scripts/services.sh status  print each service's readiness
# Settings come from the environment (DESI_DB_HOST, DESI_DB_NAME, DATA_DIR, JAVA_OPTS, SERVICE_JAVA_HOME, QUARKUS_OIDC_*, ...).
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_DIR="${RUN_DIR:-$PWD/.run}"
export DATA_DIR="${DATA_DIR:-$RUN_DIR/data}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
# SERVICE_JAVA_HOME picks the runtime JDK (e.g. /usr/lib/jvm/temurin-25-jdk-amd64); default: java on PATH
JAVA_BIN="${SERVICE_JAVA_HOME:+$SERVICE_JAVA_HOME/bin/}java"
# Start order matters: ingest-service applies the schema the other two wait for.
# query-service forwards the web page's job requests to the other two (README: the web page)
export DESI_QUERY_INGEST_URL="${DESI_QUERY_INGEST_URL:-http://127.0.0.1:${INGEST_PORT:-8081}}"
export DESI_QUERY_CROSSMATCH_URL="${DESI_QUERY_CROSSMATCH_URL:-http://127.0.0.1:${CROSSMATCH_PORT:-8082}}"
SERVICES=("ingest-service:${INGEST_PORT:-8081}" "crossmatch-service:${CROSSMATCH_PORT:-8082}" "query-service:${QUERY_PORT:-8080}")

ready() { curl -sf -o /dev/null "http://127.0.0.1:$1/q/health/ready"; }
# a process killed with -9 stays a zombie until reaped (and some containers' init never reaps): not alive
alive() { local s; s="$(ps -o stat= -p "$1" 2>/dev/null)" && [ -n "$s" ] && [ "${s#Z}" = "$s" ]; }

start_one() {
  local svc="$1" port="$2" jar="$1/target/quarkus-app/quarkus-run.jar"
  local pidfile="$RUN_DIR/$svc.pid"
  if [ -f "$pidfile" ] && alive "$(cat "$pidfile")"; then
    echo "$svc already running (pid $(cat "$pidfile"))"; return
  fi
  [ -f "$jar" ] || { echo "services: $jar missing; build first (./mvnw -DskipTests package)" >&2; exit 1; }
  env $(scripts/dev-db-env.sh "${svc%-service}") QUARKUS_HTTP_PORT="$port" nohup "$JAVA_BIN" $JAVA_OPTS -jar "$jar" > "$RUN_DIR/logs/$svc.log" 2>&1 &
  echo $! > "$pidfile"
  echo "$svc starting on :$port (pid $!, log $RUN_DIR/logs/$svc.log)"
}

wait_ready() {
  local svc="$1" port="$2"
  for _ in $(seq 1 180); do
    if ready "$port"; then echo "$svc ready on http://127.0.0.1:$port"; return 0; fi
    if ! alive "$(cat "$RUN_DIR/$svc.pid")"; then
      echo "services: $svc exited; last log lines:" >&2; tail -n 30 "$RUN_DIR/logs/$svc.log" >&2; return 1
    fi
    sleep 0.5
  done
  echo "services: $svc not ready after 90 s:" >&2
  curl -s "http://127.0.0.1:$port/q/health/ready" >&2 || true
  tail -n 30 "$RUN_DIR/logs/$svc.log" >&2
  return 1
}

case "${1:-}" in
  up)
    mkdir -p "$RUN_DIR/logs" "$DATA_DIR"
    scripts/pg-up.sh
    scripts/db-setup.sh
    # Writes need a bearer token. Without a configured issuer or key, trust a development key pair and
    # write a token for it to $RUN_DIR/dev-token (scripts/dev-token.sh); with one, use what is configured.
    if [ -z "${QUARKUS_OIDC_AUTH_SERVER_URL:-}" ] && [ -z "${QUARKUS_OIDC_PUBLIC_KEY:-}" ]; then
      RUN_DIR="$RUN_DIR" scripts/dev-token.sh
      set -a; . "$RUN_DIR/dev-oidc.env"; set +a
      echo "services: writes need a bearer token: -H \"Authorization: Bearer \$(cat $RUN_DIR/dev-token)\""
    fi
    for entry in "${SERVICES[@]}"; do start_one "${entry%%:*}" "${entry##*:}"; done
    for entry in "${SERVICES[@]}"; do wait_ready "${entry%%:*}" "${entry##*:}"; done
    ;;
  down)
    for entry in "${SERVICES[@]}"; do
      svc="${entry%%:*}"; pidfile="$RUN_DIR/$svc.pid"
      if [ -f "$pidfile" ]; then
        pid="$(cat "$pidfile")"
        if kill "$pid" 2>/dev/null; then
          for _ in $(seq 1 40); do alive "$pid" || break; sleep 0.25; done
          kill -9 "$pid" 2>/dev/null || true
          echo "$svc stopped"
        fi
        rm -f "$pidfile"
      fi
    done
    ;;
  status)
    for entry in "${SERVICES[@]}"; do
      printf '%-20s ' "${entry%%:*}"; curl -s "http://127.0.0.1:${entry##*:}/q/health/ready" || echo "not running"; echo
    done
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac

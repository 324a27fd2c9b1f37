#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers. With PGHOST set, that server must already be up; otherwise
# the machine's cluster is started, installing Debian's postgresql first if it is absent.
set -euo pipefail

port="${PGPORT:-5432}"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ -n "${PGHOST:-}" ]; then
  if pg_isready -q -h "$PGHOST" -p "$port"; then exit 0; fi
  echo "pg-up: PostgreSQL at $PGHOST:$port does not answer (unset PGHOST to use this machine's)" >&2
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "pg-up: installing Debian's postgresql" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql postgresql-client
fi

if pg_isready -q -h 127.0.0.1 -p "$port"; then exit 0; fi

version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
if [ -z "$version" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  as_root pg_createcluster "$version" main --port "$port"
fi
echo "pg-up: starting PostgreSQL $version cluster main" >&2
as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then exit 0; fi
  sleep 0.5
done
echo "pg-up: PostgreSQL $version did not become ready on port $port; see /var/log/postgresql/" >&2
exit 1

#!/usr/bin/env bash
# Creates the three roles and the databases (idempotent). Local defaults: password = role name,
# for development on this machine only; the lab's server gets its roles from its admins.
#   desi_owner  owns the schema and runs the migrations
#   desi_writer ingest-service and crossmatch-service
#   desi_reader query-service (read-only)
# Databases: desi (make run / make up) and desi_test (make test).
set -euo pipefail

port="${PGPORT:-5432}"
if [ -n "${PGHOST:-}" ]; then
  psql_su() { psql -v ON_ERROR_STOP=1 -q -h "$PGHOST" -p "$port" -U "${PGSUPERUSER:-postgres}" "$@"; }
elif [ "$(id -u)" = 0 ]; then
  psql_su() { (cd /tmp && runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q -p "$port" "$@"); }
else
  psql_su() { (cd /tmp && sudo -u postgres psql -v ON_ERROR_STOP=1 -q -p "$port" "$@"); }
fi

psql_su -d postgres <<'SQL'
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['desi_owner', 'desi_writer', 'desi_reader'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', r, r);
    END IF;
  END LOOP;
END $$;
-- The owner may create scratch databases: the migration test applies the schema to an empty one.
ALTER ROLE desi_owner CREATEDB;
SQL

for db in desi desi_test; do
  if ! psql_su -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    psql_su -d postgres -c "CREATE DATABASE $db OWNER desi_owner"
  fi
  psql_su -d "$db" <<SQL
REVOKE ALL ON DATABASE $db FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $db TO desi_writer, desi_reader;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
done
echo "db-setup: roles desi_owner/desi_writer/desi_reader and databases desi, desi_test ready"

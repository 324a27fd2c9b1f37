#!/usr/bin/env bash
# Turns TLS on in this machine's PostgreSQL cluster with a throwaway CA and server certificate, for
# the TLS test (scripts/test-tls.sh). Idempotent. Clients without TLS keep working (pg_hba "host"
# lines accept both); the services' default DESI_DB_SSLMODE=prefer then encrypts.
#   $TLS_DIR/ca.crt       the CA the clients trust (DESI_DB_SSLROOTCERT)
#   server certificate    CN=localhost, SAN DNS:localhost only: a client reaching the server as
#                         127.0.0.1 with verify-full must refuse it (the name does not match)
# Not for a real server: its certificates come from the lab's CA.
set -euo pipefail
cd "$(dirname "$0")/.."
TLS_DIR="${TLS_DIR:-$PWD/target/pg-tls}"
port="${PGPORT:-5432}"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
psql_su() { (cd /tmp && as_root runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt -p "$port" "$@"); }

mkdir -p "$TLS_DIR"
if [ ! -s "$TLS_DIR/ca.crt" ] || [ ! -s "$TLS_DIR/server.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=desi-test-ca" \
    -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$TLS_DIR/server.key" \
    -out "$TLS_DIR/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
    > "$TLS_DIR/server.ext"
  openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/ca.crt" -CAkey "$TLS_DIR/ca.key" -CAcreateserial \
    -days 30 -extfile "$TLS_DIR/server.ext" -out "$TLS_DIR/server.crt" 2>/dev/null
fi
# the server reads its key as postgres, and only from a file no one else can read
data="$(psql_su -d postgres -c 'SHOW data_directory')"
as_root install -o postgres -g postgres -m 0644 "$TLS_DIR/server.crt" "$data/desi-test-server.crt"
as_root install -o postgres -g postgres -m 0600 "$TLS_DIR/server.key" "$data/desi-test-server.key"
psql_su -d postgres -c "ALTER SYSTEM SET ssl_cert_file = 'desi-test-server.crt'" \
  -c "ALTER SYSTEM SET ssl_key_file = 'desi-test-server.key'" -c "ALTER SYSTEM SET ssl = on" >/dev/null
psql_su -d postgres -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 20); do
  [ "$(psql_su -d postgres -c 'SHOW ssl')" = on ] && break
  sleep 0.25
done
[ "$(psql_su -d postgres -c 'SHOW ssl')" = on ] || { echo "pg-tls: ssl did not turn on; see the server log" >&2; exit 1; }
echo "pg-tls: TLS on (CA $TLS_DIR/ca.crt, server certificate for DNS:localhost)"

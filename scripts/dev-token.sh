#!/usr/bin/env bash
# Development credentials for local runs (make up / make run / make test), never for a cluster:
#   $RUN_DIR/dev-key.pem       an RSA key pair made here on first use (not committed)
#   $RUN_DIR/dev-token         a bearer JWT (one line) signed with it: sub "dev", groups desi-ingest,
#                              desi-crossmatch, desi-read; valid 30 days; remade when older than a day
#   $RUN_DIR/dev-oidc.env      the settings that make the services trust that key (sourced by services.sh)
# Use it as:  curl -H "Authorization: Bearer $(cat .run/dev-token)" ...
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_DIR="${RUN_DIR:-$PWD/.run}"
mkdir -p "$RUN_DIR"
KEY="$RUN_DIR/dev-key.pem"
TOKEN="$RUN_DIR/dev-token"
ISSUER="https://desi.local/dev"
AUDIENCE="desi-catalogs"

if [ ! -s "$KEY" ]; then
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEY" 2>/dev/null)
fi
public="$(openssl pkey -in "$KEY" -pubout | grep -v '^-----' | tr -d '\n')"
cat > "$RUN_DIR/dev-oidc.env" <<ENV
QUARKUS_OIDC_PUBLIC_KEY=$public
QUARKUS_OIDC_TOKEN_ISSUER=$ISSUER
QUARKUS_OIDC_TOKEN_AUDIENCE=$AUDIENCE
ENV

if [ ! -s "$TOKEN" ] || [ -n "$(find "$TOKEN" -mmin +1440 2>/dev/null)" ] || [ "$TOKEN" -ot "$KEY" ]; then
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  now="$(date +%s)"
  header="$(printf '%s' '{"alg":"RS256","typ":"JWT"}' | b64url)"
  payload="$(printf '{"iss":"%s","aud":"%s","sub":"dev","iat":%d,"exp":%d,"groups":["desi-ingest","desi-crossmatch","desi-read"]}' \
    "$ISSUER" "$AUDIENCE" "$now" "$((now + 30 * 86400))" | b64url)"
  signature="$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$KEY" -binary | b64url)"
  (umask 077 && printf '%s.%s.%s\n' "$header" "$payload" "$signature" > "$TOKEN")
fi

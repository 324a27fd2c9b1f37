#!/usr/bin/env bash
# Part of `make test`: no password (or private key) in any jar the services ship. Every *.properties
# inside the services' own jars may name a password only as an expression with an empty default
# (${desi.db.password:}); the values come from the environment (Secret, or scripts/dev-db-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
checked=0
for jar in */target/quarkus-app/app/*.jar */target/quarkus-app/lib/main/org.desi.catalogs.*.jar; do
  [ -f "$jar" ] || continue
  checked=$((checked + 1))
  hits="$(unzip -Z1 "$jar" 2>/dev/null | grep -E '\.properties$' | while read -r entry; do
      unzip -p "$jar" "$entry" | grep -inE '^[^#]*(password|secret|private-key)[^=]*=' \
        | grep -vE '=[[:space:]]*(\$\{[^}]*:\})?[[:space:]]*$' | sed "s|^|$entry:|"  || true
    done)"
  if unzip -Z1 "$jar" 2>/dev/null | grep -qE "\.(pem|key|p12|jks)$"; then
    hits="$hits key file: $(unzip -Z1 "$jar" | grep -E '\.(pem|key|p12|jks)$' | tr '\n' ' ')"
  fi
  if [ -n "$hits" ]; then
    echo "check-no-secrets: $jar: $hits" >&2
    bad=1
  fi
done
[ "$checked" -gt 0 ] || { echo "check-no-secrets: no jars found; build first" >&2; exit 1; }
[ "$bad" = 0 ] || exit 1
echo "check-no-secrets: $checked jars, no password or key inside"

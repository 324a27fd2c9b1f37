#!/usr/bin/env bash
# Proves that standard IVOA clients work against query-service's Simple Cone Search unchanged:
# pyvo's SCSService (Debian python3-pyvo) and STILTS `cone` (Debian stilts). Installs them if absent.
#   scripts/vo-clients.sh <catalog> [ra dec sr]      (query-service on $QUERY_PORT, default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."

CATALOG="$1"; RA="${2:-150.1}"; DEC="${3:-2.2}"; SR="${4:-0.2}"
URL="http://127.0.0.1:${QUERY_PORT:-8080}/scs/$CATALOG"
. scripts/lib.sh
need_debian_packages python3-pyvo stilts
expected="$(curl -sS "http://127.0.0.1:${QUERY_PORT:-8080}/api/v1/catalogs/$CATALOG/cone?ra=$RA&dec=$DEC&radius=$SR&limit=10000&columns=ra" \
  | sed -n 's/.*"count":\([0-9]*\).*/\1/p')"

/usr/bin/python3 - "$URL" "$RA" "$DEC" "$SR" "$expected" <<'PY'
import sys, warnings
import pyvo
url, ra, dec, sr, expected = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
warnings.simplefilter("ignore")
res = pyvo.dal.SCSService(url).search(pos=(ra, dec), radius=sr)
assert len(res) == expected, f"pyvo got {len(res)} rows, the REST API {expected}"
t = res.to_table()
ucds = [f.ucd for f in res.fielddescs]
for u in ("ID_MAIN", "POS_EQ_RA_MAIN", "POS_EQ_DEC_MAIN"):
    assert ucds.count(u) == 1, f"{u} must appear once: {ucds}"
print(f"vo-clients: pyvo {pyvo.__version__} SCSService: {len(res)} rows, columns {t.colnames[:4]}...")
try:
    pyvo.dal.SCSService(url).search(pos=(ra, dec), radius=45.0)   # above the service's maximum radius
    raise SystemExit("pyvo accepted SR=45")
except pyvo.dal.DALQueryError as e:
    print(f"vo-clients: pyvo reports the service's error: {str(e)[:80]}")
PY

out="$(stilts cone serviceurl="$URL" lon="$RA" lat="$DEC" radius="$SR" verb=2 ofmt=csv 2>&1)"
rows=$(( $(printf '%s\n' "$out" | grep -c .) - 1 ))
[ "$rows" -eq "$expected" ] || { echo "vo-clients: stilts cone got $rows rows, the REST API $expected:" >&2; echo "$out" | head >&2; exit 1; }
echo "vo-clients: stilts cone: $rows rows"

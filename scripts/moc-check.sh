#!/usr/bin/env bash
# Proves query-service's MOC of a catalog equals the one STILTS `pixfoot` (the CDS MOC library) makes
# from the same rows at the same order, in both serializations (JSON and FITS, the FITS read by astropy):
#   scripts/moc-check.sh <catalog> [order...]     (default: the stored order and 5; services up)
# Without a catalog it first uploads a whole-sky generic catalog with the edge cases (both poles,
# RA 0/360, a dense patch whose cells merge) and checks that.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_debian_packages stilts python3-astropy

RUN_DIR="${RUN_DIR:-$PWD/.run}"
QUERY="http://127.0.0.1:${QUERY_PORT:-8080}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

CATALOG="${1:-}"
if [ -z "$CATALOG" ]; then
  CATALOG="moc_sky_$(date +%s)"
  /usr/bin/python3 - "$WORK/sky.fits" <<'PY'
import sys
import numpy as np
from astropy.table import Table
rng = np.random.default_rng(2026)
n = 20000
ra = np.concatenate([rng.uniform(0, 360, n), rng.uniform(150, 152, 30000),
                     [0.0, 359.9999999, 0.0, 123.0, 200.0, 359.99999, 0.0000001]])
dec = np.concatenate([np.degrees(np.arcsin(rng.uniform(-1, 1, n))), rng.uniform(1, 3, 30000),
                      [0.5, 0.5, 90.0, 90.0, -90.0, -89.99999, 89.99999]])
t = Table({"ID": np.arange(1, len(ra) + 1, dtype=np.int64), "RA": ra, "DEC": dec})
t.write(sys.argv[1], format="fits", overwrite=True)
PY
  upload_generic "$WORK/sky.fits" "$CATALOG" RA DEC ID
fi
shift || true

desc="$(curl -sS --fail-with-body "$QUERY/api/v1/catalogs/$CATALOG")"
stored="$(printf '%s' "$desc" | sed -n 's/.*"mocOrder":\([0-9]*\).*/\1/p')"
area="$(printf '%s' "$desc" | sed -n 's/.*"areaDeg2":\([0-9.eE+-]*\).*/\1/p')"
[ -n "$stored" ] || { echo "moc-check: catalog $CATALOG has no coverage: $desc" >&2; exit 1; }
read -r table ra dec shared <<<"$(reader_psql -F ' ' -c "SELECT table_name, quote_ident(ra_column), quote_ident(dec_column),
  table_name LIKE 'desi.%' FROM desi.catalog WHERE name = '$CATALOG'")"
where=""; [ "$shared" = t ] && where="WHERE catalog_id = (SELECT catalog_id FROM desi.catalog WHERE name = '$CATALOG')"
reader_psql -c "\\copy (SELECT $ra AS ra, $dec AS dec FROM $table $where) TO '$WORK/rows.csv' WITH (FORMAT csv, HEADER)"
rows=$(( $(wc -l < "$WORK/rows.csv") - 1 ))

orders=("$@"); [ ${#orders[@]} -gt 0 ] || orders=("$stored" 5)
for order in "${orders[@]}"; do
  curl -sS --fail-with-body -o "$WORK/service.json" "$QUERY/api/v1/catalogs/$CATALOG/moc?order=$order"
  curl -sS --fail-with-body -o "$WORK/service.fits" "$QUERY/api/v1/catalogs/$CATALOG/moc?order=$order&format=fits"
  stilts pixfoot ifmt=csv in="$WORK/rows.csv" ra=ra dec=dec order="$order" mocfmt=json out="$WORK/stilts.json"
  /usr/bin/python3 - "$order" "$WORK" "$rows" "$area" "$stored" <<'PY'
import json, sys
import numpy as np
from astropy.io import fits
order, work, rows, area, stored = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])

def expand(moc):   # {order: [cells]} -> the set of cells at `order`
    out = set()
    for o, cells in moc.items():
        span = 4 ** (order - int(o))
        for c in cells:
            out.update(range(c * span, (c + 1) * span))
    return out

service = json.load(open(f"{work}/service.json"))
stilts = json.load(open(f"{work}/stilts.json"))
mine, theirs = expand(service), expand(stilts)
assert str(order) in service, f"MOC 2.0 JSON names its deepest order {order}: {list(service)}"
assert all(len(v) == len(set(v)) and v == sorted(v) for v in service.values()), "cells sorted and distinct"
with fits.open(f"{work}/service.fits") as h:
    hdr, uniq = h[1].header, h[1].data["UNIQ"]
    assert (hdr["MOCVERS"], hdr["MOCDIM"], hdr["ORDERING"], hdr["COORDSYS"], hdr["MOCORD_S"]) == ("2.0", "SPACE", "NUNIQ", "C", order), repr(hdr)
    by_order = {}
    for u in uniq.astype(np.int64):
        o = (int(u).bit_length() - 3) // 2
        by_order.setdefault(str(o), []).append(int(u) - 4 * 4 ** o)
    assert expand(by_order) == mine, "FITS and JSON serializations differ"
only_mine, only_theirs = mine - theirs, theirs - mine
assert not only_mine, f"order {order}: cells only in the service's MOC: {sorted(only_mine)[:10]}"
# STILTS treats a position as a zero-radius disc, so a row exactly at a pole counts in all four cells that
# meet there; the service puts it in one (as HEALPix's ang2pix does). Only those cells may differ.
npix = 4 ** order
decs = np.loadtxt(f"{work}/rows.csv", delimiter=",", skiprows=1, usecols=1, ndmin=1)
pole_cells = set()
if (decs == 90).any():
    pole_cells |= {f * npix + npix - 1 for f in range(4)}
if (decs == -90).any():
    pole_cells |= {f * npix for f in range(8, 12)}
extra = len(only_theirs)
assert only_theirs <= pole_cells, f"order {order}: cells only in STILTS' MOC: {sorted(only_theirs - pole_cells)[:10]}"
cell_area = 41252.961249419276 / (12 * 4 ** order)
if order == stored:
    assert abs(area - len(mine) * cell_area) < 1e-6 * max(1.0, area), f"areaDeg2 {area} vs {len(mine)} cells"
print(f"moc-check: order {order}: {len(mine)} cells ({len(mine) * cell_area:.2f} deg^2) from {rows} rows, equal to STILTS"
      f" pixfoot's{'' if not extra else f' but for {extra} cell(s) meeting a row exactly at a pole'};"
      f" {sum(len(v) for v in service.values())} NUNIQ entries, FITS = JSON")
PY
done
code="$(curl -s -o "$WORK/bad.json" -w '%{http_code}' "$QUERY/api/v1/catalogs/$CATALOG/moc?order=$((stored + 1))")"
[ "$code" = 400 ] && grep -q "\[0, $stored\]" "$WORK/bad.json" \
  || { echo "moc-check: order above the stored one answered $code: $(cat "$WORK/bad.json")" >&2; exit 1; }
echo "moc-check: $CATALOG: order $((stored + 1)) refused with 400 naming [0, $stored]"

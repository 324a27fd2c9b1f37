#!/usr/bin/env bash
# Proves the TAP service with the clients astronomers use: pyvo's TAPService (sync and run_async) and
# STILTS tapquery return exactly the rows a brute-force computation (numpy, on the same rows read
# straight from PostgreSQL) gives, for cones across RA 0/360 and at both poles, boxes, polygons, and
# DISTANCE ordering with TOP; a target list uploaded with the query (TAP UPLOAD) joined by position; the void and
# environment tables (ADQL schema desi) joined to a catalog; bad input
# is answered the TAP way; and STILTS taplint reports no error or warning. Uploads its own catalog.
#   scripts/tap-check.sh          (services up; ports from QUERY_PORT / INGEST_PORT)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_debian_packages stilts python3-astropy python3-pyvo

RUN_DIR="${RUN_DIR:-$PWD/.run}"
QUERY="http://127.0.0.1:${QUERY_PORT:-8080}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
CATALOG="tap_sky_$(date +%s)"

# rows crowded where the edge cases are: RA 0/360, both poles, plus the whole sky
/usr/bin/python3 - "$WORK/sky.fits" <<'PY'
import sys
import numpy as np
from astropy.table import Table
rng = np.random.default_rng(14)
def patch(ra0, dec0, n, size):
    dec = np.clip(dec0 + rng.uniform(-size, size, n), -90, 90)
    ra = (ra0 + rng.uniform(-size, size, n) / np.maximum(np.cos(np.radians(dec)), 0.02)) % 360
    return ra, dec
parts = [patch(0, 10, 4000, 1.0), patch(120, 89.7, 3000, 0.3), patch(300, -89.7, 3000, 0.3),
         patch(150, 2, 4000, 1.0), (rng.uniform(0, 360, 6000), np.degrees(np.arcsin(rng.uniform(-1, 1, 6000))))]
ra = np.concatenate([p[0] for p in parts] + [[0.0, 359.9999, 45.0, 200.0]])
dec = np.concatenate([p[1] for p in parts] + [[10.0, 10.0, 90.0, -90.0]])
# FLUX: an array column (real[] in PostgreSQL) with NaN elements, for BINARY2's variable-length arrays
flux = rng.normal(10, 3, (len(ra), 3)).astype(np.float32)
flux[::7, 1] = np.nan
flux[::11] = np.nan
t = Table({"ID": np.arange(1, len(ra) + 1, dtype=np.int64), "RA": ra, "DEC": dec,
           "MAG": rng.uniform(15, 22, len(ra)).astype(np.float32), "FLUX": flux})
t.write(sys.argv[1], format="fits", overwrite=True)
PY
upload_generic "$WORK/sky.fits" "$CATALOG" RA DEC ID
reader_psql -c "\\copy (SELECT id, ra, dec, mag FROM catalog_data.$CATALOG) TO '$WORK/rows.csv' WITH (FORMAT csv, HEADER)"
# query-service re-reads TAP_SCHEMA every few seconds (DESI_QUERY_REGISTRY_CACHE_SECONDS)
for _ in $(seq 1 40); do
  curl -s "$QUERY/tap/tables" | grep -q "catalogs.$CATALOG" && break
  sleep 0.25
done

/usr/bin/python3 - "$QUERY/tap" "$CATALOG" "$WORK" <<'PY'
import io, subprocess, sys, warnings
import numpy as np
import pyvo
from astropy.table import Table
warnings.simplefilter("ignore")
url, cat, work = sys.argv[1], sys.argv[2], sys.argv[3]
rows = np.genfromtxt(f"{work}/rows.csv", delimiter=",", names=True)
ids, ra, dec = rows["id"].astype(np.int64), rows["ra"], rows["dec"]

def unit(r, d):
    r, d = np.radians(r), np.radians(d)
    return np.stack([np.cos(d) * np.cos(r), np.cos(d) * np.sin(r), np.sin(d)], axis=-1)

P = unit(ra, dec)
def dist_deg(r0, d0):   # angle from the centre, computed from unit vectors (an independent formula)
    c = unit(r0, d0)
    return np.degrees(np.arctan2(np.linalg.norm(np.cross(P, c), axis=1), P @ c))

def in_polygon(vertices):   # convex spherical polygon, great-circle edges, either orientation
    V = unit(np.array([v[0] for v in vertices]), np.array([v[1] for v in vertices]))
    N = np.cross(V, np.roll(V, -1, axis=0))
    if (N @ V.sum(axis=0) < 0).all():
        N = -N
    return (P @ N.T >= -1e-12).all(axis=1)

tap = pyvo.dal.TAPService(url)
cases = []
for r0, d0, rad in [(0.0, 10.0, 0.5), (359.8, 10.2, 0.4), (0.1, 9.5, 1.5), (120.0, 90.0, 0.25), (0.0, 89.8, 0.3),
                    (300.0, -90.0, 0.2), (10.0, -89.9, 0.3), (150.0, 2.0, 0.7), (180.0, 0.0, 30.0)]:
    q = (f"SELECT id FROM catalogs.{cat} WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', {r0}, {d0}, {rad}))")
    cases.append((f"cone ({r0}, {d0}, {rad})", q, set(ids[dist_deg(r0, d0) <= rad]) ))
# the same cones as users also write them: DISTANCE below a radius, and the centre in a circle around each row
for r0, d0, rad in [(359.8, 10.2, 0.4), (120.0, 90.0, 0.25), (10.0, -89.9, 0.3)]:
    q = f"SELECT id FROM catalogs.{cat} WHERE DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', {r0}, {d0})) < {rad}"
    cases.append((f"DISTANCE < ({r0}, {d0}, {rad})", q, set(ids[dist_deg(r0, d0) < rad])))
    q = f"SELECT id FROM catalogs.{cat} WHERE CONTAINS(POINT('ICRS', {r0}, {d0}), CIRCLE('ICRS', ra, dec, {rad})) = 1"
    cases.append((f"centre in CIRCLE(row, {rad}) ({r0}, {d0})", q, set(ids[dist_deg(r0, d0) <= rad])))
for r0, d0, w, h in [(150.0, 2.0, 1.0, 0.6), (0.0, 10.0, 0.8, 0.8)]:
    corners = [(r0 - w / 2, d0 - h / 2), (r0 + w / 2, d0 - h / 2), (r0 + w / 2, d0 + h / 2), (r0 - w / 2, d0 + h / 2)]
    corners = [((a + 360) % 360, b) for a, b in corners]
    q = f"SELECT id FROM catalogs.{cat} WHERE CONTAINS(POINT('ICRS', ra, dec), BOX('ICRS', {r0}, {d0}, {w}, {h})) = 1"
    cases.append((f"box ({r0}, {d0}, {w} x {h})", q, set(ids[in_polygon(corners)])))
for poly in [[(149.5, 1.5), (150.6, 1.6), (150.3, 2.6), (149.4, 2.3)], [(359.5, 9.5), (0.5, 9.6), (0.2, 10.6)],
             [(0, 89.5), (120, 89.5), (240, 89.5)]]:
    flat = ", ".join(f"{a}, {b}" for a, b in poly)
    q = f"SELECT id FROM catalogs.{cat} WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), POLYGON('ICRS', {flat}))"
    cases.append((f"polygon {poly}", q, set(ids[in_polygon(poly)])))

failures = 0
for name, q, expected in cases:
    got = set(np.asarray(tap.search(q, maxrec=100000).to_table()["id"]).astype(np.int64))
    status = "ok" if got == expected else f"DIFFERS: {len(got - expected)} extra, {len(expected - got)} missing"
    failures += got != expected
    print(f"tap-check: pyvo sync {name}: {len(got)} rows, brute force {len(expected)}: {status}")

# DISTANCE ordering with TOP: the 25 nearest, in order
q = (f"SELECT TOP 25 id, DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 0.05, 10.0)) AS d FROM catalogs.{cat}"
     f" ORDER BY d")
t = tap.search(q).to_table()
d = dist_deg(0.05, 10.0)
order = np.argsort(d, kind="stable")[:25]
ok = list(np.asarray(t["id"]).astype(np.int64)) == list(ids[order]) and np.allclose(np.asarray(t["d"]), d[order], atol=1e-9)
failures += not ok
print(f"tap-check: pyvo sync TOP 25 ORDER BY DISTANCE: {'ok' if ok else 'DIFFERS'}")

# the same cone through run_async (UWS) and through STILTS tapquery (sync and async)
name, q, expected = cases[1]
job_rows = tap.run_async(q, maxrec=100000).to_table()
got = set(np.asarray(job_rows["id"]).astype(np.int64))
failures += got != expected
print(f"tap-check: pyvo run_async {name}: {len(got)} rows: {'ok' if got == expected else 'DIFFERS'}")
for mode in ("sync", "async"):
    out = subprocess.run(["stilts", "tapquery", f"tapurl={url}", f"adql={q}", f"sync={'true' if mode == 'sync' else 'false'}",
                          "ofmt=csv", "out=-"], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"tap-check: stilts tapquery {mode} failed: {out.stderr[-400:]}")
        failures += 1
        continue
    got = set(np.asarray(Table.read(out.stdout, format="ascii.csv")["id"]).astype(np.int64))
    failures += got != expected
    print(f"tap-check: stilts tapquery {mode} {name}: {len(got)} rows: {'ok' if got == expected else 'DIFFERS'}")

# TAP UPLOAD: the astronomer's own target list joined by position (pyvo's uploads=, sync and async; STILTS
# tapquery's upload1=, sync and async), pairs against brute force; targets on both sides of RA 0/360, at both
# poles, in the crowded patches and where nothing is
rng = np.random.default_rng(2026)
centres = [(0.0, 10.0), (359.9, 10.1), (0.05, 9.8), (120.0, 89.8), (0.0, 90.0), (300.0, -89.8), (10.0, -90.0),
           (150.0, 2.0), (150.3, 1.7), (250.0, -40.0)]
t_ra = np.array([(c[0] + rng.uniform(-0.2, 0.2)) % 360 for c in centres for _ in range(4)])
t_dec = np.array([np.clip(c[1] + rng.uniform(-0.2, 0.2), -90, 90) for c in centres for _ in range(4)])
targets = Table({"name": [f"target {i} 'x'" for i in range(len(t_ra))], "ra": t_ra, "dec": t_dec})
targets["ra"].unit = "deg"
targets["dec"].unit = "deg"
rad = 0.1
expected = set()
for i in range(len(t_ra)):
    for j in ids[dist_deg(t_ra[i], t_dec[i]) <= rad]:
        expected.add((f"target {i} 'x'", int(j)))
q = (f"SELECT u.name, g.id FROM TAP_UPLOAD.targets AS u JOIN catalogs.{cat} AS g"
     f" ON 1 = CONTAINS(POINT('ICRS', g.ra, g.dec), CIRCLE('ICRS', u.ra, u.dec, {rad}))")
def pairs(t):
    return {(str(a), int(b)) for a, b in zip(t["name"], t["id"])}
for mode in ("sync", "async"):
    run = tap.run_sync if mode == "sync" else tap.run_async
    got = pairs(run(q, uploads={"targets": targets}, maxrec=100000).to_table())
    failures += got != expected
    print(f"tap-check: pyvo {mode} UPLOAD of {len(targets)} targets joined within {rad} deg: {len(got)} pairs, brute"
          f" force {len(expected)}: {'ok' if got == expected else 'DIFFERS'}")
targets.write(f"{work}/targets.vot", format="votable", overwrite=True)
for mode in ("sync", "async"):
    out = subprocess.run(["stilts", "tapquery", f"tapurl={url}", f"adql={q}", f"sync={'true' if mode == 'sync' else 'false'}",
                          "nupload=1", f"upload1={work}/targets.vot", "ufmt1=votable", "upname1=targets",
                          "ofmt=csv", "out=-"], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"tap-check: stilts tapquery {mode} with an upload failed: {out.stderr[-400:]}")
        failures += 1
        continue
    got = pairs(Table.read(out.stdout, format="ascii.csv"))
    failures += got != expected
    print(f"tap-check: stilts tapquery {mode} upload1=targets.vot: {len(got)} pairs: {'ok' if got == expected else 'DIFFERS'}")

# BINARY2 (what TOPCAT reads fastest) carries exactly what TABLEDATA carries: strings, NULLs, every number type,
# float arrays with NaN elements
import requests
from astropy.io.votable import parse_single_table
for q in [f"SELECT TOP 500 * FROM catalogs.{cat} ORDER BY id", "SELECT * FROM TAP_SCHEMA.columns ORDER BY table_name, column_index"]:
    docs = {}
    for fmt in ("votable", "votable/b2"):
        r = requests.get(url + "/sync", params={"LANG": "ADQL", "QUERY": q, "RESPONSEFORMAT": fmt})
        r.raise_for_status()
        open(f"{work}/result-{fmt.replace('/', '-')}.vot", "wb").write(r.content)
        docs[fmt] = parse_single_table(io.BytesIO(r.content)).to_table()
    td, b2 = docs["votable"], docs["votable/b2"]
    def same_cell(a, b):
        # array cells: equal masks and equal float32 values (astropy prints the two parses differently)
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            a, b = np.ma.asarray(a), np.ma.asarray(b)
            return (a.shape == b.shape and bool((np.ma.getmaskarray(a) == np.ma.getmaskarray(b)).all())
                    and np.array_equal(a.filled(0).astype(np.float32), b.filled(0).astype(np.float32)))
        return str(a) == str(b)
    same = td.colnames == b2.colnames and len(td) == len(b2) and all(
        same_cell(x, y) for i in range(len(td)) for x, y in zip(td[i], b2[i]))
    arrays = sum(1 for c in td.colnames if len(td[c].shape) > 1
                 or any(isinstance(v, np.ndarray) and v.ndim > 0 and v.dtype.kind == "f" for v in td[c]))
    lint = subprocess.run(["stilts", "votlint", f"votable={work}/result-votable-b2.vot"], capture_output=True, text=True)
    clean = lint.returncode == 0 and "ERROR" not in lint.stdout.upper() + lint.stderr.upper()
    failures += not (same and clean)
    print(f"tap-check: BINARY2 = TABLEDATA for {q[:50]!r} ({len(td)} rows, {len(td.colnames)} columns, {arrays} of arrays): {'ok' if same else 'DIFFERS'};"
          f" votlint: {'clean' if clean else lint.stdout[-300:] + lint.stderr[-300:]}")

# MAXREC overflow is flagged the TAP way
res = tap.search(f"SELECT id FROM catalogs.{cat}", maxrec=10)
ok = len(res) == 10 and res.query_status == "OVERFLOW"
failures += not ok
print(f"tap-check: MAXREC=10 gives 10 rows and QUERY_STATUS {res.query_status}: {'ok' if ok else 'WRONG'}")

# bad input: each refused with a message naming the problem, nothing run
bad = {
    "SELEC id FROM x": "syntax",
    f"SELECT nosuchcol FROM catalogs.{cat}": "nosuchcol",
    "SELECT * FROM catalogs.nosuchtable": "nosuchtable",
    f"SELECT id FROM catalogs.{cat} WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 95, 1))": "[-90, 90]",
    f"SELECT id FROM catalogs.{cat} WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 400, 0, 1))": "[0, 360]",
    f"SELECT pg_sleep(10) FROM catalogs.{cat}": "pg_sleep",
    f"DELETE FROM catalogs.{cat}": "read-only",
    f"SELECT id FROM catalogs.{cat}; DROP TABLE x": "exactly one",
}
for q, needle in bad.items():
    try:
        tap.search(q)
        print(f"tap-check: accepted bad query {q!r}")
        failures += 1
    except pyvo.dal.DALQueryError as e:
        ok = needle.lower() in str(e).lower()
        failures += not ok
        print(f"tap-check: refused {q[:60]!r}: {str(e)[:110]}{'' if ok else '  <- does not name ' + needle}")
try:
    tap.search(f"SELECT id FROM catalogs.{cat}", maxrec=10**9)
    failures += 1
    print("tap-check: MAXREC 1e9 accepted")
except pyvo.dal.DALQueryError as e:
    print(f"tap-check: refused MAXREC=1e9: {str(e)[:100]}")
sys.exit(1 if failures else 0)
PY
echo "tap-check: $CATALOG: pyvo (sync, async) and STILTS tapquery agree with brute force, uploads included"

# the void, environment and pair tables (ADQL schema desi): a placement joined to its galaxies in ADQL equals
# the same join read straight from PostgreSQL; void centres in a cone equal a numpy brute force
job="$(reader_psql -c "SELECT max(job_id) FROM desi.crossmatch_job WHERE type = 'voids' AND status = 'SUCCEEDED'
  AND right_catalog_id IN (SELECT catalog_id FROM desi.catalog WHERE kind = 'voidfinder')")"
if [ -n "$job" ]; then
  read -r galaxies voids <<<"$(reader_psql -F ' ' -c "SELECT l.name, r.name FROM desi.crossmatch_job j
    JOIN desi.catalog l ON l.catalog_id = j.left_catalog_id JOIN desi.catalog r ON r.catalog_id = j.right_catalog_id
    WHERE j.job_id = $job")"
  reader_psql -F ',' -c "SELECT e.object_id, e.environment, coalesce(e.void_id::text, ''), coalesce(e.r_over_reff::text, '')
    FROM desi.galaxy_environment e WHERE e.job_id = $job ORDER BY e.object_id" > "$WORK/environment.csv"
  reader_psql -F ',' -c "SELECT v.void_id, v.ra, v.dec FROM desi.voidfinder_void v JOIN desi.catalog c USING (catalog_id)
    WHERE c.name = '$voids' ORDER BY v.void_id" > "$WORK/voids.csv"
  /usr/bin/python3 - "$QUERY/tap" "$job" "$galaxies" "$voids" "$WORK" <<'PY'
import sys
import numpy as np
import pyvo
url, job, galaxies, voids, work = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
svc = pyvo.dal.TAPService(url)
names = {t.name for t in svc.tables}
for t in ("desi.galaxy_environment", "desi.crossmatch_pair", "desi.crossmatch_job", "desi.voidfinder_void", "desi.v2_void"):
    assert t in names, "TAP_SCHEMA lacks " + t
got = svc.search("SELECT g.targetid, e.environment, e.void_id, e.r_over_reff FROM catalogs.%s AS g"
                 " JOIN desi.galaxy_environment AS e ON e.object_id = g.targetid"
                 " JOIN desi.catalog AS c ON c.catalog_id = e.galaxy_catalog_id"
                 " WHERE e.job_id = %d AND c.name = '%s' ORDER BY g.targetid" % (galaxies, job, galaxies),
                 maxrec=1000000).to_table()
want = [line.split(",") for line in open(work + "/environment.csv").read().split()]
assert len(got) == len(want) > 0, (len(got), len(want))
for row, w in zip(got, want):
    void = "" if np.ma.is_masked(row["void_id"]) else str(int(row["void_id"]))
    assert (str(int(row["targetid"])), str(row["environment"]), void) == tuple(w[:3]), (row, w)
    if w[3]:
        assert abs(float(row["r_over_reff"]) - float(w[3])) <= 1e-12 * max(1, abs(float(w[3]))), (row, w)
vs = np.array([[float(x) for x in line.split(",")] for line in open(work + "/voids.csv").read().split()])
def unit(ra, dec):
    ra, dec = np.radians(ra), np.radians(dec)
    return np.stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)], axis=-1)
centre = (float(vs[0, 1]), float(vs[0, 2]))   # around the first void: never an empty answer
sep = np.degrees(np.arccos(np.clip(unit(vs[:, 1], vs[:, 2]) @ unit(*centre), -1, 1)))
expected = sorted(int(v) for v in vs[sep <= 5, 0])
cone = svc.search("SELECT v.void_id FROM desi.voidfinder_void AS v JOIN desi.catalog AS c ON c.catalog_id = v.catalog_id"
                  " WHERE c.name = '%s' AND 1 = CONTAINS(POINT('ICRS', v.ra, v.dec), CIRCLE('ICRS', %r, %r, 5))"
                  % (voids, centre[0], centre[1])).to_table()
assert sorted(int(v) for v in cone["void_id"]) == expected and expected, (list(cone["void_id"]), expected)
print("tap-check: desi.galaxy_environment joined to catalogs.%s in ADQL = PostgreSQL (%d galaxies of voids job %d);"
      " %d void centres of %s in a 5 deg cone = numpy" % (galaxies, len(want), job, len(expected), voids))
PY
fi

# an async job and its result survive a restart of query-service (they are files under DESI_QUERY_TAP_JOB_DIRECTORY)
job_url="$(curl -sS -o /dev/null -w '%{redirect_url}' -X POST "$QUERY/tap/async" --data-urlencode LANG=ADQL \
  --data-urlencode "QUERY=SELECT TOP 7 id FROM catalogs.$CATALOG ORDER BY id" --data-urlencode PHASE=RUN)"
for _ in $(seq 1 100); do [ "$(curl -s "$job_url/phase")" = COMPLETED ] && break; sleep 0.1; done
kill "$(cat "$RUN_DIR/query-service.pid")"
for _ in $(seq 1 100); do curl -s -o /dev/null "$QUERY/q/health/live" || break; sleep 0.1; done
scripts/services.sh up >/dev/null
rows_after="$(curl -sS "$job_url/results/result" | grep -c '<TR>' || true)"
[ "$(curl -s "$job_url/phase")" = COMPLETED ] && [ "$rows_after" = 7 ] \
  || { echo "tap-check: async job $job_url lost across a restart (phase $(curl -s "$job_url/phase"), $rows_after rows)" >&2; exit 1; }
echo "tap-check: async job COMPLETED before a restart of query-service still serves its 7 rows after it"

# UWS 1.1 job list filters: LAST=1 is the newest job, AFTER a time after it lists none, bad values are 400
newest="$(curl -sS "$QUERY/tap/async?LAST=1")"
[ "$(printf '%s' "$newest" | grep -c '<uws:jobref')" = 1 ] && printf '%s' "$newest" | grep -q "${job_url##*/}" \
  || { echo "tap-check: LAST=1 did not list exactly the newest job ${job_url##*/}: $newest" >&2; exit 1; }
[ "$(curl -sS "$QUERY/tap/async?AFTER=2999-01-01T00:00:00Z&PHASE=COMPLETED&PHASE=ERROR" | grep -c '<uws:jobref' || true)" = 0 ] \
  || { echo "tap-check: AFTER in the future listed jobs" >&2; exit 1; }
for bad in "LAST=0" "AFTER=yesterday"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "$QUERY/tap/async?$bad")"
  [ "$code" = 400 ] || { echo "tap-check: job list with $bad answered $code, expected 400" >&2; exit 1; }
done
echo "tap-check: UWS job list: LAST=1 is the newest job, AFTER and PHASE filter, LAST=0 and AFTER=yesterday refused (400)"

# STILTS taplint, the IVOA validator: every stage (capabilities, availability, tables, TAP_SCHEMA, sync, async
# UWS, metadata of results), 0 errors and 0 warnings required
stilts taplint tapurl="$QUERY/tap" > "$WORK/taplint.txt" 2>&1 || true
totals="$(grep '^Totals:' "$WORK/taplint.txt" || true)"
echo "tap-check: taplint $totals"
if ! printf '%s' "$totals" | grep -q 'Errors: 0; Warnings: 0;'; then
  grep -E '^(E|W)-' "$WORK/taplint.txt" | head -20 >&2
  exit 1
fi

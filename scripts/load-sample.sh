#!/usr/bin/env bash
# The main job on sample data, end to end through the three services' APIs:
#   1. generate a seeded FastSpecFit-shaped galaxy catalog and a VoidFinder void catalog (DESIVAST layout)
#   2. load both through ingest-service (profiles fastspecfit and voidfinder)
#   3. place the galaxies in the voids through crossmatch-service (a voids job)
#   4. ask query-service: a cone search, the quenched fraction of void vs wall galaxies per mass bin with the
#      DESIVAST sample cuts echoed, the void - wall difference, and the void-centric profile (JSON, plus the
#      plots saved as $RUN_DIR/quenching.svg|png and $RUN_DIR/void-profile.svg|png)
#   5. the same for a V2 (REVOLVER-layout) void catalog, placed by VAST's nearest-tracer rule
# Needs the services up (scripts/services.sh up).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

RUN_DIR="${RUN_DIR:-$PWD/.run}"
DATA_DIR="${DATA_DIR:-$RUN_DIR/data}"
service_urls
CATALOG="${SAMPLE_CATALOG:-sample_bgs}"
VOIDS="${CATALOG}_voids"
ROWS="${SAMPLE_ROWS:-20000}"
CP="ingest-service/target/quarkus-app/lib/main/*"

mkdir -p "$DATA_DIR"
java -cp "$CP" org.desi.catalogs.core.sample.SampleFastSpecFitCatalog "$DATA_DIR/sample-fastspec.fits" "$ROWS" 42
java -cp "$CP" org.desi.catalogs.core.sample.SampleVoidCatalog "$DATA_DIR/sample-voidfinder.fits" 42

# summary: the parts of a quenching answer a reader looks for first (stdin: the JSON)
summary() {
  /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)
s = r["selection"]
print("   placed %d galaxies" % s["placed"])
for c in s["cuts"]:
    print("   cut %-9s %-45s %s removed %d" % (c["name"], c["rule"], "" if c["applied"] else "(not applied: %s)" % c["source"], c["removed"]))
print("   left out: %s other environments, %d without mass, %d proxy not measured, %d outside the mass bins -> %d used"
      % (s["otherEnvironments"], s["noStellarMass"], s["proxyNotMeasured"], s["outsideMassBins"], s["used"]))
for b in r["bins"]:
    d = b["difference"]
    print("   logM* %.1f-%.1f  void %4d q=%s  wall %4d q=%s  void-wall %s" % (b["logMstarMin"], b["logMstarMax"],
          b["voids"]["galaxies"], b["voids"]["fraction"] and round(b["voids"]["fraction"], 3), b["walls"]["galaxies"],
          b["walls"]["fraction"] and round(b["walls"]["fraction"], 3),
          "n/a" if d["voidMinusWall"] is None else "%.3f +/- %.3f" % (d["voidMinusWall"], d["sigma"])))
o = r["overall"]
if o["wallMinusVoid"] is not None:
    print("   overall: wall (re-weighted to the void masses) - void = %.3f +/- %.3f%s" % (o["wallMinusVoid"], o["sigma"],
          "" if o["significance"] is None else " (%.1f sigma)" % o["significance"]))
print("   provenance: placement job %s, void file %s sha256 %s..., %s" % (r["provenance"]["placement"]["jobId"],
      r["provenance"]["voidCatalog"]["fileName"], (r["provenance"]["voidCatalog"]["sha256"] or "")[:12], r["provenance"]["software"]))
' || true
}

field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }

# await URL: follows a job until it ends (lib.sh's await_job); prints its last JSON; fails unless SUCCEEDED
await() {
  local json
  json="$(await_job "$1" 600)" || { echo "$json"; echo "load-sample: job $1 did not succeed" >&2; return 1; }
  echo "$json"
}

ingest() {  # source profile catalog
  local json id
  echo "== ingest $1 ($2) into $3"
  json="$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "$INGEST/api/v1/ingest/jobs" -H 'Content-Type: application/json' \
    -d "{\"source\": \"$1\", \"profile\": \"$2\", \"catalog\": \"$3\"}")"
  id="$(field "$json" id)"
  [ -n "$id" ] || { echo "load-sample: submission failed: $json" >&2; exit 1; }
  await "$INGEST/api/v1/ingest/jobs/$id"
}
ingest sample-fastspec.fits fastspecfit "$CATALOG"
ingest sample-voidfinder.fits voidfinder "$VOIDS"

place() {  # galaxies voids: a voids cross-match job, awaited
  local json id
  json="$(curl -sS -X POST -H "Authorization: Bearer $(cat "$RUN_DIR/dev-token")" "$CROSSMATCH/api/v1/crossmatch/jobs" -H 'Content-Type: application/json' \
    -d "{\"type\": \"voids\", \"galaxies\": \"$1\", \"voids\": \"$2\"}")"
  id="$(field "$json" id)"
  [ -n "$id" ] || { echo "load-sample: cross-match submission failed: $json" >&2; exit 1; }
  await "$CROSSMATCH/api/v1/crossmatch/jobs/$id"
}
echo "== place $CATALOG in $VOIDS (voids cross-match job)"
place "$CATALOG" "$VOIDS"

echo
echo "== cone search: 5 nearest galaxies within 0.5 deg of (RA 150.1, Dec 2.2) with LOGMSTAR >= 10.5"
curl -sS -f "$QUERY/api/v1/catalogs/$CATALOG/cone?ra=150.1&dec=2.2&radius=0.5&limit=5&logmstar.min=10.5&columns=targetid,ra,dec,z,logmstar,dn4000"
echo
echo
echo "== quenched fraction (Dn4000 > 1.6) of void vs wall galaxies per stellar-mass bin, DESIVAST sample cuts"
stats="$QUERY/api/v1/statistics/quenching?galaxies=$CATALOG&voids=$VOIDS&proxy=dn4000&massBins=9,9.5,10,10.5,11,11.5"
answer="$(curl -sS -f "$stats")"
echo "$answer"
echo
printf '%s' "$answer" | summary
curl -sS -f -o "$RUN_DIR/quenching.svg" "${stats/quenching?/quenching.svg?}"
curl -sS -f -o "$RUN_DIR/quenching.png" "${stats/quenching?/quenching.png?}"
echo
echo "== void-centric profile: quenched fraction in shells of R/R_eff, 9 <= log10(M*/Msun) < 12"
profile="$QUERY/api/v1/statistics/void-profile?galaxies=$CATALOG&voids=$VOIDS&proxy=dn4000&massMin=9&massMax=12"
curl -sS -f "$profile"
echo
curl -sS -f -o "$RUN_DIR/void-profile.svg" "${profile/void-profile?/void-profile.svg?}"
curl -sS -f -o "$RUN_DIR/void-profile.png" "${profile/void-profile?/void-profile.png?}"
echo "plots: $RUN_DIR/quenching.svg|png and $RUN_DIR/void-profile.svg|png (or open ${stats/quenching?/quenching.svg?})"

# V2: a REVOLVER-layout catalog whose footprint holds two of the fields; none of the sample galaxies is
# one of its tracers, so every galaxy is placed by VAST's rule: the zone of its nearest tracer
V2="${CATALOG}_v2"
java -cp "$CP" org.desi.catalogs.core.sample.SampleV2Catalog "$DATA_DIR/sample-v2-revolver.fits" "${SAMPLE_TRACERS:-20000}" 42
ingest sample-v2-revolver.fits v2 "$V2" >/dev/null
echo "== place $CATALOG in $V2 (V2: the zone of the nearest tracer)"
place "$CATALOG" "$V2"
echo
echo "== quenched fraction of void vs wall galaxies in $V2"
curl -sS -f "$QUERY/api/v1/statistics/quenching?galaxies=$CATALOG&voids=$V2&proxy=dn4000&massBins=9,9.5,10,10.5,11,11.5" | summary

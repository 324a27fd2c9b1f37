#!/usr/bin/env bash
# The web page in a real headless Chromium (Debian chromium + chromium-driver, python3-selenium):
#   scripts/web-check.sh [GALAXIES VOIDS]     (services up; GALAXIES/VOIDS: a placed pair for the science view)
# Screenshots: $RUN_DIR/web/*.png. See scripts/web_check.py for what it proves.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_debian_packages chromium chromium-driver python3-selenium python3-astropy

RUN_DIR="${RUN_DIR:-$PWD/.run}"
DATA_DIR="${DATA_DIR:-$RUN_DIR/data}"
/usr/bin/python3 scripts/web_check.py "http://127.0.0.1:${QUERY_PORT:-8080}" "http://127.0.0.1:${INGEST_PORT:-8081}" \
  "$RUN_DIR/dev-token" "$DATA_DIR" "$RUN_DIR/web" "$@"

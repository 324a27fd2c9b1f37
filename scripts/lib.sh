#!/usr/bin/env bash
# Helpers the scripts and benchmarks share (source it: `. scripts/lib.sh`).

# json_id JSON: the top-level "id" of a job as the APIs return it.
json_id() {
  printf '%s' "$1" | sed -n 's/.*"id":\([0-9]*\).*/\1/p'
}

# await_job URL: polls a job (GET URL) every 50 ms until it is SUCCEEDED, FAILED or CANCELLED and
# prints its JSON; the exit status is 0 only for SUCCEEDED. The poll interval is part of the times
# the benchmarks report, so it is kept short.
await_job() {
  local j
  while :; do
    j=$(curl -sS "$1")
    case "$j" in
      *'"status":"SUCCEEDED"'*) printf '%s' "$j"; return 0 ;;
      *'"status":"FAILED"'*|*'"status":"CANCELLED"'*) printf '%s' "$j"; return 1 ;;
    esac
    sleep 0.05
  done
}

# await_http_code URL CODE [TRIES]: polls GET URL every 0.5 s (TRIES times, default 60) until it
# answers CODE; prints the last code seen.
await_http_code() {
  local code=000
  for _ in $(seq 1 "${3:-60}"); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)"
    [ "$code" = "$2" ] && break
    sleep 0.5
  done
  printf '%s' "$code"
}

# need_debian_packages PKG...: installs the Debian packages that are absent (quietly; root or sudo).
need_debian_packages() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}" >&2
  local sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
    || { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; }
}

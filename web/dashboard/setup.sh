#!/usr/bin/env bash
# Installs the dashboard's tool chain: npm ci at the lock file's exact versions (esbuild, TypeScript, ECharts,
# Connect, protobuf-es, playwright-core), skipped when node_modules was made from the same lock file; with
# --browser also Debian's chromium for the browser tests (playwright-core drives it; no browser is downloaded).
# Needs Node.js 20+ and npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "dashboard/setup.sh: node and npm are required (Debian: apt-get install nodejs npm)" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
((major >= 20)) || { echo "dashboard/setup.sh: Node.js 20 or newer is required, found $(node --version)" >&2; exit 1; }
if [[ -f node_modules/.package-lock.json && -f node_modules/.setup-lock-sha ]] &&
  [[ $(cat node_modules/.setup-lock-sha) == $(sha256sum package-lock.json | cut -d' ' -f1) ]]; then
  :
else
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 >node_modules/.setup-lock-sha
fi
if [[ ${1:-} == --browser && ! -x /usr/bin/chromium ]]; then
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "dashboard/setup.sh: installing chromium"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends chromium >/dev/null
fi
echo "dashboard/setup.sh: ok: node $(node --version)$([[ -x /usr/bin/chromium ]] && echo ", $(/usr/bin/chromium --version 2>/dev/null)")"

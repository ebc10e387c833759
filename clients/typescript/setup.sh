#!/usr/bin/env bash
# Installs the TypeScript client's tool chain from npm at the exact versions in package-lock.json
# (connect, protobuf-es, protoc-gen-es, buf, typescript, tsx). Needs Node.js 20+ and npm.
# Quick when node_modules already matches the lock file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "typescript/setup.sh: node and npm are required (Debian: apt-get install nodejs npm)" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
((major >= 20)) || { echo "typescript/setup.sh: Node.js 20 or newer is required, found $(node --version)" >&2; exit 1; }
# npm ci always reinstalls; skip it when the installed tree was made from this very lock file.
if [[ -f node_modules/.package-lock.json && -f node_modules/.setup-lock-sha ]] &&
  [[ $(cat node_modules/.setup-lock-sha) == $(sha256sum package-lock.json | cut -d' ' -f1) ]]; then
  :
else
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 >node_modules/.setup-lock-sha
fi
echo "typescript/setup.sh: ok: node $(node --version), $(node -p '["@connectrpc/connect","@connectrpc/connect-node","@bufbuild/protobuf","@bufbuild/protoc-gen-es","@bufbuild/buf","typescript","tsx"].map(p => p + " " + require("./node_modules/" + p + "/package.json").version).join(", ")')"

#!/usr/bin/env bash
# Builds the browser dashboard (web/dashboard) into src/CrmGrpc.Server/DashboardBundle, which is committed and
# embedded in the server: web/dashboard/setup.sh (npm ci at the lock file's versions, skipped when node_modules
# was made from the same lock file), a type check with tsc, then esbuild (web/dashboard/build.mjs). The same sources give the same bytes,
# so scripts/check-dashboard.sh can rebuild into a temporary folder and compare. Needs Node.js 20+ and npm.
# Usage: scripts/build-dashboard.sh [OUT_DIR]   (default src/CrmGrpc.Server/DashboardBundle)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/src/CrmGrpc.Server/DashboardBundle}
cd "$root/web/dashboard"
./setup.sh >/dev/null
npx --no-install tsc --noEmit -p tsconfig.json
npx --no-install tsc --noEmit -p tsconfig.test.json
node build.mjs "$out"

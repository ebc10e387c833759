#!/usr/bin/env bash
# The dashboard's tests (test/*.test.ts, node's test runner): bundles them with esbuild into test-output/build,
# then runs the unit tests of its pure pieces (units.test.ts) and the browser tests (dashboard.test.ts) against the
# built Release server (build the solution first) in Debian's chromium (setup.sh --browser installs it). Screenshots land in test-output/screenshots; with --screenshots
# they are also written to docs/screenshots (the README shows those).
# Prints node's summary (ℹ tests / pass / fail / skipped); exits non-zero when a test fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
if [[ ${1:-} == --screenshots ]]; then
  export CRM_DASHBOARD_SCREENSHOTS=$root/docs/screenshots
fi
export CRM_REPO_ROOT=$root
rm -rf test-output/build
# Bundled for Node: the stubs of clients/typescript/gen and the test helpers in, the npm packages left as imports
# (resolved from this folder's node_modules, beside test-output).
npx --no-install esbuild test/*.test.ts --bundle --platform=node --format=esm --target=node20 \
  --packages=external --outdir=test-output/build --out-extension:.js=.mjs --log-level=warning
node --test --test-reporter=spec --test-timeout=300000 test-output/build/*.test.mjs

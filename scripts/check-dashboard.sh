#!/usr/bin/env bash
# Fails when the committed dashboard bundle (src/CrmGrpc.Server/DashboardBundle) is stale: rebuilds it from
# web/dashboard and clients/typescript/gen into a temporary folder with scripts/build-dashboard.sh and compares
# (missing, extra or changed files all count). Touches nothing in the checkout but web/dashboard/node_modules.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$root/scripts/build-dashboard.sh" "$tmp/bundle" >/dev/null
committed=src/CrmGrpc.Server/DashboardBundle
if [[ ! -d $root/$committed ]]; then
  echo "check-dashboard: $committed is missing (run scripts/build-dashboard.sh and commit it)"
  exit 1
fi
if ! diff -r -q "$root/$committed" "$tmp/bundle" >"$tmp/diff.txt" 2>&1; then
  echo "check-dashboard: $committed is stale:"
  sed -e "s|$tmp/bundle|(rebuilt)|g" -e "s|$root/||g" -e 's/^/  /' "$tmp/diff.txt"
  echo "check-dashboard: FAILED: run scripts/build-dashboard.sh and commit the result"
  exit 1
fi
echo "check-dashboard: ok (the committed bundle matches web/dashboard and the TypeScript stubs)"

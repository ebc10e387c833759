#!/usr/bin/env bash
# Fails when the committed client stubs are stale: regenerates every client into a temporary tree with
# scripts/generate-clients.sh and compares it with the gen folders in this checkout (missing, extra or
# changed files all count; __pycache__ folders are ignored). Touches nothing in the checkout, so it works
# the same in a fresh clone. Needs clients/*/setup.sh to have run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$root/scripts/generate-clients.sh" "$tmp" >/dev/null

stale=0
for dir in clients/python/gen clients/go/src/crmgrpc/gen clients/java/gen clients/typescript/gen third_party/googleapis; do
  if [[ ! -d $root/$dir ]]; then
    echo "check-generated: $dir is missing (run scripts/generate-clients.sh and commit it)"
    stale=1
  elif ! diff -r -q -x __pycache__ "$root/$dir" "$tmp/$dir" >"$tmp/diff.txt" 2>&1; then
    echo "check-generated: $dir is stale:"
    sed -e "s|$tmp/||g" -e "s|$root/||g" -e 's/^/  /' "$tmp/diff.txt"
    stale=1
  fi
done
if ((stale)); then
  echo "check-generated: FAILED: run scripts/generate-clients.sh and commit the result"
  exit 1
fi
echo "check-generated: ok (every client's stubs match protos/)"

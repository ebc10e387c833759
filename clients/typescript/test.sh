#!/usr/bin/env bash
# Type-checks the TypeScript client (tsc --noEmit) and runs its tests with node's own test runner against
# a live server.
# Usage: clients/typescript/test.sh http://127.0.0.1:PORT   (or CRM_SERVER_URL set; without either they skip)
# The TLS tests need CRM_TLS_SERVER_URL (https), CRM_CA_FILE and CRM_API_KEY (CRM_TLS_BEARER_TOKEN for the bearer
# test) and skip without; scripts/test.sh starts such a server and sets them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
[[ $# -gt 0 ]] && export CRM_SERVER_URL=$1
node_modules/.bin/tsc -p .
exec node --import tsx --test test/*.test.ts

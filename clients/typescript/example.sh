#!/usr/bin/env bash
# Runs the TypeScript example against a live server; exits non-zero on any failure.
# Usage: clients/typescript/example.sh http://127.0.0.1:PORT
#   or https://HOST:PORT with CRM_CA_FILE (a private CA) and CRM_API_KEY or CRM_BEARER_TOKEN when needed
set -euo pipefail
url=${1:?usage: example.sh http://127.0.0.1:PORT}
cd "$(dirname "${BASH_SOURCE[0]}")"
exec node --import tsx example.ts "$url"

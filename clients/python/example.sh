#!/usr/bin/env bash
# Runs the Python example against a live server; exits non-zero on any failure.
# Usage: clients/python/example.sh http://127.0.0.1:PORT
#   or https://HOST:PORT with CRM_CA_FILE (a private CA) and CRM_API_KEY or CRM_BEARER_TOKEN when needed
set -euo pipefail
url=${1:?usage: example.sh http://127.0.0.1:PORT}
cd "$(dirname "${BASH_SOURCE[0]}")"
export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 example.py "$url"

#!/usr/bin/env bash
# Runs the Python client's tests (pytest) against a live server.
# Usage: clients/python/test.sh http://127.0.0.1:PORT   (or CRM_SERVER_URL set; without either they skip)
# The TLS tests need CRM_TLS_SERVER_URL (https), CRM_CA_FILE and CRM_API_KEY (CRM_TLS_BEARER_TOKEN for the bearer
# test) and skip without; scripts/test.sh starts such a server and sets them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
[[ $# -gt 0 ]] && export CRM_SERVER_URL=$1
export PYTHONDONTWRITEBYTECODE=1
# Debian's interpreter: python3-grpcio and python3-protobuf are installed for it only.
exec /usr/bin/python3 -m pytest -p no:cacheprovider -v --tb=short

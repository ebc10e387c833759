#!/usr/bin/env bash
# Runs the Go client's tests (go test -v) against a live server.
# Usage: clients/go/test.sh http://127.0.0.1:PORT   (or CRM_SERVER_URL set; without either they skip)
# The TLS tests need CRM_TLS_SERVER_URL (https), CRM_CA_FILE and CRM_API_KEY (CRM_TLS_BEARER_TOKEN for the bearer
# test) and skip without; scripts/test.sh starts such a server and sets them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
[[ $# -gt 0 ]] && export CRM_SERVER_URL=$1
cd "$go_root_dir/src/crmgrpc"
exec /usr/bin/go test -v -count=1 ./crmclient/...

#!/usr/bin/env bash
# Builds and runs the Go example against a live server; exits non-zero on any failure.
# Usage: clients/go/example.sh http://127.0.0.1:PORT
#   or https://HOST:PORT with CRM_CA_FILE (a private CA) and CRM_API_KEY or CRM_BEARER_TOKEN when needed
set -euo pipefail
url=${1:?usage: example.sh http://127.0.0.1:PORT}
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
/usr/bin/go build -o "$bin/crm-example" crmgrpc/cmd/crm-example
"$bin/crm-example" "$url"

#!/usr/bin/env bash
# Compiles (when changed) and runs the Java example against a live server; exits non-zero on any failure.
# Usage: clients/java/example.sh http://127.0.0.1:PORT
#   or https://HOST:PORT with CRM_CA_FILE (a private CA) and CRM_API_KEY or CRM_BEARER_TOKEN when needed
set -euo pipefail
url=${1:?usage: example.sh http://127.0.0.1:PORT}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cp=$("$here/build.sh")
exec java -cp "$cp" com.crmgrpc.example.Example "$url"

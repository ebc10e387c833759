#!/usr/bin/env bash
# Compiles (when changed) and runs the Java client's tests, a plain javac-compiled main that ends with
# "N passed, N failed", against a live server.
# Usage: clients/java/test.sh http://127.0.0.1:PORT   (or CRM_SERVER_URL set; without either they skip)
# The TLS tests need CRM_TLS_SERVER_URL (https), CRM_CA_FILE and CRM_API_KEY (CRM_TLS_BEARER_TOKEN for the bearer
# test) and skip without; scripts/test.sh starts such a server and sets them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -gt 0 ]] && export CRM_SERVER_URL=$1
cp=$("$here/build.sh")
exec java -cp "$cp" com.crmgrpc.client.CrmClientTest

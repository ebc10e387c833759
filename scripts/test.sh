#!/usr/bin/env bash
# Runs every test of CrmGrpc from a fresh clone: installs what it needs (npm ci for buf, the clients' tool
# chains from Debian and npm, NuGet restore), lints the contract and checks it for breaking changes, checks
# that the committed client stubs match protos/, builds with warnings as errors, runs every .NET test
# project, then each client's tests (pytest, node --test, go test, javac-run JUnit-style) and example
# against a live server on 127.0.0.1, then each client's TLS tests against a second server over https (a
# throwaway CA from openssl) that wants an API key or a bearer token. The dashboard: its committed bundle is
# rebuilt and compared (scripts/check-dashboard.sh), and its browser tests run in Debian's chromium. PostgreSQL: a
# throwaway primary and streaming replica (scripts/pg-cluster.sh) for the PostgreSQL store's tests, and the server's
# suite runs a second time on that store. Prints each runner's summary and a total line (each .NET test counts
# once, each other check or runner once); exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'stop_server; stop_postgres; rm -rf "$work"' EXIT
passed=0
failed=0
failures=()
skipped=0
server_pid=""

section() { printf '\n==> %s\n' "$*"; }

pg_dir=""
stop_postgres() {
  if [[ -n "$pg_dir" ]]; then
    scripts/pg-cluster.sh stop "$pg_dir" || true
    rm -rf "$pg_dir"
  fi
  pg_dir=""
}

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

# Starts the Release server on a free loopback port with a fresh database; sets SERVER_URL.
start_server() {
  local log="$work/server.log"
  dotnet "$root/.artifacts/bin/CrmGrpc.Server/release/CrmGrpc.Server.dll" \
    --urls http://127.0.0.1:0 --web-urls none --db "$work/client-tests.db" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    SERVER_URL=$(sed -n 's/.*Now listening on: \(http:\/\/[0-9.:]*\).*/\1/p' "$log" | head -n 1)
    [[ -n "$SERVER_URL" ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; echo "server exited before listening"; return 1; }
    sleep 0.2
  done
  echo "server did not start listening"; cat "$log"; return 1
}

# Writes a throwaway CA and a server certificate for IP 127.0.0.1 signed by it into $work/tls; sets CA_FILE.
make_tls_files() {
  local dir="$work/tls"
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=CrmGrpc test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 1 \
    -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
  CA_FILE="$dir/ca.pem"
}

base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# An HS256 JWT for the TLS server's bearer scheme, valid for an hour, role writer (openssl only: no JWT tool here).
mint_bearer_token() {
  local hex_key=$1 header payload signature
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | base64url)
  payload=$(printf '{"iss":"crm-tls-test","aud":"crmgrpc","sub":"tls-test-token","role":"writer","exp":%d}' \
    $(($(date +%s) + 3600)) | base64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hex_key" -binary | base64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}

# Starts the Release server over TLS (make_tls_files first) with one writer API key and a JWT bearer scheme
# (HMAC key); sets TLS_SERVER_URL, TLS_API_KEY and TLS_BEARER_TOKEN.
start_tls_server() {
  local log="$work/tls-server.log" dir="$work/tls"
  TLS_API_KEY=$(openssl rand -hex 24)
  openssl rand -out "$dir/jwt.key" 32
  TLS_BEARER_TOKEN=$(mint_bearer_token "$(od -An -v -tx1 "$dir/jwt.key" | tr -d ' \n')")
  : >"$log" # exists before the first read below (pipefail would stop the script on a missing file)
  dotnet "$root/.artifacts/bin/CrmGrpc.Server/release/CrmGrpc.Server.dll" \
    --urls https://127.0.0.1:0 --web-urls none --db "$work/client-tls-tests.db" \
    --Kestrel:Certificates:Default:Path="$dir/server.pem" --Kestrel:Certificates:Default:KeyPath="$dir/server.key" \
    --Crm:Auth:ApiKeys:0:Name=tls-test --Crm:Auth:ApiKeys:0:Role=writer \
    --Crm:Auth:ApiKeys:0:KeySha256="$(printf '%s' "$TLS_API_KEY" | sha256sum | cut -d' ' -f1)" \
    --Crm:Auth:Jwt:Issuer=crm-tls-test --Crm:Auth:Jwt:Audience=crmgrpc \
    --Crm:Auth:Jwt:SigningKeys:0="$(openssl base64 -A <"$dir/jwt.key")" \
    >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    # Only the gRPC endpoint: a web endpoint, when configured, is logged on its own "Web endpoint" line.
    TLS_SERVER_URL=$(sed -n 's/.*Now listening on: \(https:\/\/[0-9.:]*\).*/\1/p' "$log" | head -n 1)
    [[ -n "$TLS_SERVER_URL" ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; echo "TLS server exited before listening"; return 1; }
    sleep 0.2
  done
  echo "TLS server did not start listening"; cat "$log"; return 1
}

# Runs one named check; counts it as one passed or failed test.
check() {
  local name=$1; shift
  if "$@"; then
    passed=$((passed + 1)); echo "ok: $name"
  else
    failed=$((failed + 1)); echo "FAILED: $name"; failures+=("$name")
  fi
}

section "Tools: npm ci (buf)"
npm ci --no-audit --no-fund --loglevel=error

section "Contract: buf lint"
check "buf lint" npx --no-install buf lint
if git rev-parse --verify --quiet main >/dev/null; then
  section "Contract: buf breaking against main"
  # The contract module only, on both sides: buf compares workspaces module by module, and third_party/googleapis
  # (the google/api copy that protos/ imports) is not ours to check, nor in main before it was added.
  check "buf breaking" npx --no-install buf breaking protos --against '.git#branch=main,subdir=protos'
fi

section "Client tool chains (Debian packages, npm ci)"
clients=(python typescript go java)
for client in "${clients[@]}"; do
  clients/$client/setup.sh
done

section "Client stubs: regenerated from protos/ and compared with the committed ones"
check "clients/check-generated.sh" clients/check-generated.sh

section "Dashboard: tool chain (npm ci, Debian's chromium), bundle rebuilt and compared with the committed one"
web/dashboard/setup.sh --browser
check "scripts/check-dashboard.sh" scripts/check-dashboard.sh

section "Build (Release, warnings are errors)"
dotnet build CrmGrpc.sln -c Release -nologo -clp:ErrorsOnly

section "PostgreSQL: a throwaway primary and streaming replica (scripts/pg-cluster.sh; apt-get installs postgresql-15 when missing)"
# Its own folder under /tmp, not in $work: as root the servers run as the postgres user, who cannot enter $work (0700).
pg_dir=$(mktemp -d -t crm-test-pg.XXXXXX)
scripts/pg-cluster.sh start "$pg_dir" --replica >/dev/null
# shellcheck source=/dev/null
source "$pg_dir/env"
export CRM_TEST_PG CRM_TEST_PG_REPLICA
echo "primary and replica on 127.0.0.1 ($(sed -n 's/.*Port=\([0-9]*\).*/\1/p' "$pg_dir/env" | paste -sd' '))"

section ".NET tests (the server's suite on SQLite; the PostgreSQL store's own tests and the several-server tests on PostgreSQL)"
set +e
# One test project at a time (-m:1): the models' reference sweeps keep both cores busy for a minute, and the
# deadline tests of the server assert how soon work stops after a deadline, which a neighbour project skews.
dotnet test CrmGrpc.sln -c Release --no-build -nologo -m:1 2>&1 | tee "$work/dotnet-test.log"
dotnet_status=${PIPESTATUS[0]}

section ".NET tests: the server's suite again, every RPC on the PostgreSQL store (CRM_TEST_STORE=postgres)"
# The tests of the SQLite file itself (its backups, its pragmas) and those that start PostgreSQL servers themselves
# (already run above) are left out.
CRM_TEST_STORE=postgres dotnet test tests/CrmGrpc.Server.Tests/CrmGrpc.Server.Tests.csproj -c Release --no-build -nologo \
  --filter "Store!=SqliteOnly&Store!=Postgres" 2>&1 | tee -a "$work/dotnet-test.log"
postgres_status=${PIPESTATUS[0]}
((dotnet_status == 0)) && dotnet_status=$postgres_status
set -e
stop_postgres
while IFS= read -r line; do
  f=$(sed -n 's/.*Failed: *\([0-9]*\),.*/\1/p' <<<"$line")
  p=$(sed -n 's/.*Passed: *\([0-9]*\),.*/\1/p' <<<"$line")
  s=$(sed -n 's/.*Skipped: *\([0-9]*\),.*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done < <(grep -E '^(Passed|Failed)! ' "$work/dotnet-test.log")
# The failed tests' names and the first lines of their messages again at the end, where a CI log's tail shows them.
# A theory's name holds its arguments, spaces included: the name is everything between "Failed " and the time.
while IFS= read -r line; do
  failures+=("dotnet: $line")
done < <(awk '/^ *Failed .+ \[[^]]*\]$/ { name = $0; sub(/^ *Failed /, "", name); sub(/ \[[^]]*\]$/, "", name); lines = 0; next }
  name != "" && /Stack Trace:/ { name = ""; next }
  name != "" && /Error Message:/ { next }
  name != "" && lines < 3 { sub(/^ +/, ""); print name ": " $0; lines++ }' "$work/dotnet-test.log")
if [[ $dotnet_status -ne 0 && $failed -eq 0 ]]; then
  failed=$((failed + 1)); echo "FAILED: dotnet test exited with $dotnet_status"; failures+=("dotnet test exited with $dotnet_status")
fi

section "Dashboard in a browser (chromium + playwright-core against the Release server)"
set +e
web/dashboard/test.sh 2>&1 | tee "$work/dashboard-test.log"
dashboard_status=${PIPESTATUS[0]}
set -e
# node's spec reporter ends with "ℹ pass N", "ℹ fail N", "ℹ cancelled N", "ℹ skipped N"; each test counts once, a
# cancelled one (its suite's set-up failed) as failed.
p=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$work/dashboard-test.log" | tail -n 1)
f=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$work/dashboard-test.log" | tail -n 1)
c=$(sed -n 's/^ℹ cancelled \([0-9]*\)$/\1/p' "$work/dashboard-test.log" | tail -n 1)
f=$((${f:-0} + ${c:-0}))
s=$(sed -n 's/^ℹ skipped \([0-9]*\)$/\1/p' "$work/dashboard-test.log" | tail -n 1)
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
if ((f > 0)); then
  failures+=("web/dashboard/test.sh: $f browser test(s) failed or cancelled")
elif [[ $dashboard_status -ne 0 ]]; then
  failed=$((failed + 1)); echo "FAILED: web/dashboard/test.sh exited with $dashboard_status"; failures+=("web/dashboard/test.sh exited with $dashboard_status")
fi

section "Clients against a live server"
start_server
echo "server at $SERVER_URL"
for client in "${clients[@]}"; do
  section "clients/$client: tests"
  check "clients/$client/test.sh" "clients/$client/test.sh" "$SERVER_URL"
done
for example in clients/*/example.sh; do
  section "$example"
  check "$example" "$example" "$SERVER_URL"
done
stop_server

section "Clients against a TLS server with an API key and bearer tokens"
make_tls_files
start_tls_server
echo "TLS server at $TLS_SERVER_URL (CA $CA_FILE)"
# The clients read CRM_CA_FILE and CRM_API_KEY themselves, so every live test and example runs over https with
# the key; the TLS tests also read CRM_TLS_SERVER_URL (and CRM_TLS_BEARER_TOKEN) to try without the CA, without
# the key, and with a bearer token instead.
tls_env=(env CRM_TLS_SERVER_URL="$TLS_SERVER_URL" CRM_CA_FILE="$CA_FILE" CRM_API_KEY="$TLS_API_KEY"
  CRM_TLS_BEARER_TOKEN="$TLS_BEARER_TOKEN")
for client in "${clients[@]}"; do
  section "clients/$client: tests over TLS"
  check "clients/$client/test.sh (TLS)" "${tls_env[@]}" "clients/$client/test.sh" "$TLS_SERVER_URL"
done
for example in clients/{python,typescript,go,java}/example.sh; do
  section "$example (TLS)"
  check "$example (TLS)" "${tls_env[@]}" "$example" "$TLS_SERVER_URL"
done
stop_server

echo
if ((failed > 0 && ${#failures[@]} == 0)); then
  failures+=("$failed test(s) failed without a name this script could read: search the log above for 'Failed '")
fi
for failure in "${failures[@]}"; do
  echo "FAILED: $failure"
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]

#!/usr/bin/env bash
# Runs the `crm` CLI against a live CrmGrpc server: imports, reads, metrics (what-if CLV, portfolio,
# one customer's metrics, a recalculation to CSV), an erasure, and INVALID_ARGUMENT / usage errors read back.
# Usage: clients/csharp/example.sh http://127.0.0.1:PORT
# Ids carry a per-run suffix, so the script can run again against the same server.
set -euo pipefail

URL="${1:?usage: example.sh http://127.0.0.1:PORT}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ARTIFACTS="${CRM_CLI_ARTIFACTS:-$ROOT/.artifacts}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

fail() { echo "example.sh: FAILED: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }

step "build the CLI (Release)"
dotnet build "$HERE/CrmGrpc.Cli/CrmGrpc.Cli.csproj" -c Release -nologo -v quiet -p:ArtifactsPath="$ARTIFACTS" >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; fail "build"; }
CRM_DLL="$ARTIFACTS/bin/CrmGrpc.Cli/release/crm.dll"
[[ -f "$CRM_DLL" ]] || fail "no $CRM_DLL after the build"
crm() { dotnet "$CRM_DLL" --server "$URL" "$@"; }

RUN="ex$(date +%s)-$$"
SEGMENT="example-$RUN"

# Expects the captured output in $WORK/out to contain a string (expect) or match an extended regex (expect_re).
expect() { grep -qF -- "$1" "$WORK/out" || { cat "$WORK/out" >&2; fail "expected '$1'"; }; }
expect_re() { grep -qE -- "$1" "$WORK/out" || { cat "$WORK/out" >&2; fail "expected a match of /$1/"; }; }

step "import customers"
cat >"$WORK/customers.csv" <<CSV
id,name,email,segment,channel,acquired_at,churned_at,attributes
$RUN-c1,"Doe, Jane",jane@example.com,$SEGMENT,paid_search,2024-01-15,,tier=gold;region=eu
$RUN-c2,"Roe, Rick",rick@example.com,$SEGMENT,referral,2024-02-01T09:30:00Z,,tier=silver
CSV
crm import customers "$WORK/customers.csv" | tee "$WORK/out"
expect "accepted: 2"
expect "rejected: 0"

step "import transactions (one unparseable row, one unknown customer)"
cat >"$WORK/transactions.csv" <<CSV
id,customer_id,occurred_at,amount,currency,kind,sale_type,cost,product,category
$RUN-t1,$RUN-c1,2024-03-01T10:00:00Z,19.99,USD,purchase,new,5.00,Starter,software
$RUN-t2,$RUN-c1,2024-04-01,49.00,USD,purchase,upsell,,Pro,software
$RUN-t3,$RUN-c2,2024-04-02,12.50,USD,purchase,,,"Add-on, small",extras
$RUN-t4,$RUN-c2,2024-04-03,not-a-number,USD,purchase,,,Pro,software
$RUN-t5,$RUN-nobody,2024-04-04,10.00,USD,purchase,,,Pro,software
CSV
crm import transactions --batch-size 2 "$WORK/transactions.csv" | tee "$WORK/out"
expect "accepted: 3"
expect "rejected: 2 (1 by the server, 1 unparseable locally)"
expect "UNPARSEABLE"
expect "$RUN-t5"

step "import a duplicate (identical row again) and a new one"
cat >"$WORK/transactions2.csv" <<CSV
id,customer_id,occurred_at,amount,currency,kind,sale_type,cost,product,category
$RUN-t1,$RUN-c1,2024-03-01T10:00:00Z,19.99,USD,purchase,new,5.00,Starter,software
$RUN-t6,$RUN-c2,2024-05-01,7.25,USD,refund,,,"Add-on, small",extras
CSV
crm import transactions "$WORK/transactions2.csv" | tee "$WORK/out"
expect "accepted: 1"
expect "duplicates: 1"
expect "rejected: 0"

step "get a customer"
crm customers get "$RUN-c1" | tee "$WORK/out"
expect "Doe, Jane"
expect "tier=gold"
crm --json customers get "$RUN-c1" | tee "$WORK/out"
expect_re "\"id\": ?\"$RUN-c1\""

step "list the run's customers, one per page, following next_page_token"
crm customers list --segment "$SEGMENT" --page-size 1 --all | tee "$WORK/out"
expect "$RUN-c1"
expect "$RUN-c2"
expect "2 customers"

step "list a customer's transactions"
crm transactions list --customer "$RUN-c1" | tee "$WORK/out"
expect "$RUN-t1"
expect "19.99"
expect "2 transactions"
crm --json transactions list --customer "$RUN-c2" | tee "$WORK/out"
expect_re "\"amountMinor\": ?\"1250\""
expect "TRANSACTION_KIND_REFUND"

step "an empty id is INVALID_ARGUMENT, with the BadRequest field violation read back"
set +e
crm customers get "" >"$WORK/out" 2>&1
code=$?
set -e
cat "$WORK/out"
[[ $code -eq 1 ]] || fail "customers get \"\" exited $code, expected 1"
expect "INVALID_ARGUMENT"
grep -qE '^ *id ' "$WORK/out" || fail "no field violation for 'id' in the output"

step "an unknown id is NOT_FOUND"
set +e
crm customers get "$RUN-missing" >"$WORK/out" 2>&1
code=$?
set -e
cat "$WORK/out"
[[ $code -eq 1 ]] || fail "customers get of an unknown id exited $code, expected 1"
expect "NOT_FOUND"

step "what-if CLV: 100 × 4 per year × 5 years = 2000"
crm clv --apv 100 --per-year 4 --lifespan 5 | tee "$WORK/out"
expect_re "^ *clv +2000 *$"
expect "apv * purchases_per_year * lifespan_years * margin"
crm --json clv --apv 100 --per-year 4 --lifespan 5 --margin 0.5 | tee "$WORK/out"
expect_re "\"clv\": ?1000[,}]"
expect_re "\"lifespanYears\": ?5"

step "a negative CLV input is INVALID_ARGUMENT naming the field"
set +e
crm clv --apv -1 --per-year 4 --lifespan 5 >"$WORK/out" 2>&1
code=$?
set -e
cat "$WORK/out"
[[ $code -eq 1 ]] || fail "clv --apv -1 exited $code, expected 1"
expect "INVALID_ARGUMENT"
grep -qE '^ *average_purchase_value ' "$WORK/out" || fail "no field violation for 'average_purchase_value' in the output"

step "portfolio metrics over the imported rows (2024), whole book and by segment"
crm metrics portfolio --from 2024-01-01 --to 2025-01-01 | tee "$WORK/out"
expect "period: [2024-01-01, 2025-01-01)"
expect_re "^ *averagePurchaseValue +[0-9]"
expect_re "^ *customersAcquired +[0-9]+"
expect_re "^ *cac +— +"
crm --json metrics portfolio --from 2024-01-01 --to 2025-01-01 --group-by segment >"$WORK/out"
# The run's group: 3 purchases of its 2 customers (19.99 + 49.00 + 12.50) net of the 7.25 refund.
grep -qE "\"key\": ?\"$SEGMENT\", ?\"metrics\": ?\{[^}]*\"averagePurchaseValue\": ?27\.16[0-9]*," "$WORK/out" \
  || { cat "$WORK/out" >&2; fail "no group $SEGMENT with averagePurchaseValue 27.16"; }
grep -qE "\"key\": ?\"$SEGMENT\", ?\"metrics\": ?\{[^}]*\"customersAcquired\": ?\"2\"" "$WORK/out" \
  || fail "group $SEGMENT did not count 2 customers acquired"

step "one customer's metrics: historical CLV now, predictions absent with their reason"
crm customer metrics "$RUN-c1" --as-of 2025-01-01 | tee "$WORK/out"
expect "$RUN-c1"
expect_re "^ *historical_clv +68\.99 *$"
if crm --json models list | grep -q '"models"'; then
  echo "(this server holds a fitted model: the 'no model' reason is not expected)"
  expect "probability_alive"
else
  expect_re "^ *probability_alive +— +no model has been fitted"
  expect_re "^ *predictive_clv +— +no model has been fitted"
fi

step "recalculate the run's customers into a CSV (absent values are empty cells)"
crm recalc --segment "$SEGMENT" --as-of 2025-01-01 --out "$WORK/recalc.csv" | tee "$WORK/out"
expect "2 customers written to $WORK/recalc.csv"
cat "$WORK/recalc.csv"
head -1 "$WORK/recalc.csv" | grep -qx "customer_id,historical_clv,predictive_clv,probability_alive,expected_purchases,expected_average_value,rfm_code,health_score,churned,churned_at" \
  || fail "unexpected CSV header"
grep -qE "^$RUN-c1,68\.99," "$WORK/recalc.csv" || fail "no row for $RUN-c1 with historical_clv 68.99"
[[ $(wc -l <"$WORK/recalc.csv") -eq 3 ]] || fail "expected a header and 2 rows in the CSV"

step "erase a customer and everything that refers to it"
crm customers delete "$RUN-c2" | tee "$WORK/out"
expect "erased customer $RUN-c2"
expect_re "^ *transactions +2$" # the purchase and the refund of transactions2.csv
set +e
crm customers get "$RUN-c2" >"$WORK/out" 2>&1
code=$?
set -e
[[ $code -eq 1 ]] || { cat "$WORK/out"; fail "customers get of an erased customer exited $code, expected 1"; }
expect "NOT_FOUND"

step "a usage error exits 2"
set +e
crm customers list --page-size -5 >"$WORK/out" 2>&1
code=$?
set -e
[[ $code -eq 2 ]] || { cat "$WORK/out"; fail "a negative page size exited $code, expected 2"; }
set +e
crm clv --apv 100 --per-year 4 >"$WORK/out" 2>&1
code=$?
set -e
[[ $code -eq 2 ]] || { cat "$WORK/out"; fail "clv without --lifespan or --retention exited $code, expected 2"; }
expect "give either --lifespan or --retention"

printf '\nexample.sh: all checks passed\n'

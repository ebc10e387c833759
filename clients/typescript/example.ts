// The crm.v1 tour in TypeScript: client-streamed imports, the CLV calculator, portfolio metrics, the
// server-streamed recalculation, and an INVALID_ARGUMENT with its google.rpc.BadRequest read back.
// Usage: npx tsx example.ts http://127.0.0.1:PORT   (exits non-zero on any failure; ids carry a per-run suffix)
// Over TLS: https://HOST:PORT, with CRM_CA_FILE for a private CA; CRM_API_KEY or CRM_BEARER_TOKEN when the server
// wants credentials (CrmClient reads all three).
import { randomBytes } from "node:crypto";

import { Code, ConnectError, CrmClient, fieldViolations, timestampFromDate, type CustomerInit, type TransactionInit } from "./src/index.js";
import { SaleType, TransactionKind } from "./gen/crm/v1/transactions_pb.js";
import type { RecalculationProgress } from "./gen/crm/v1/metrics_pb.js";

class ExampleFailure extends Error {}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ExampleFailure(message);
}

const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day, 12));
const optional = (value: number | undefined) => (value === undefined ? "n/a" : value.toFixed(4));

async function main(url: string): Promise<void> {
  const run = `ts-${randomBytes(5).toString("hex")}`;
  const segment = `example-${run}`;
  const crm = new CrmClient(url);
  try {
    console.log(`== 1. import customers and transactions by client streaming (run ${run})`);
    const ids = [1, 2, 3, 4, 5].map((n) => `${run}-c${n}`);
    const customers: CustomerInit[] = ids.map((id, i) => ({
      id,
      name: `Customer ${i + 1}`,
      segment,
      channel: (i + 1) % 2 === 1 ? "referral" : "paid_search",
      acquiredAt: timestampFromDate(utc(2023, i + 1, 10)),
      attributes: { tier: i + 1 < 3 ? "gold" : "silver" },
    }));
    const badCustomer: CustomerInit = { id: `${run}-bad`, name: "No acquisition date", segment };
    const cs = await crm.importCustomers([customers.slice(0, 3), [...customers.slice(3), badCustomer]]);
    console.log(`customers: accepted=${cs.accepted} duplicates=${cs.duplicates} rejected=${cs.rejected}`);
    for (const e of cs.errors) console.log(`  rejected ${e.id} at ${e.position}: ${e.field}: ${e.reason}`);
    check(cs.accepted === 5n && cs.duplicates === 0n && cs.rejected === 1n, "customer summary");
    check(cs.errors[0]?.id === badCustomer.id && cs.errors[0]?.field === "acquired_at", "the rejected customer is the one without acquired_at");

    const good: TransactionInit[] = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
      id: `${run}-t${n}`,
      customerId: ids[(n - 1) % 5],
      occurredAt: timestampFromDate(utc(2023, 6 + Math.floor((n - 1) / 5) * 3, n)),
      amountMinor: BigInt(1000 * n),
      currency: "USD",
      kind: TransactionKind.PURCHASE,
      saleType: n <= 5 ? SaleType.NEW : SaleType.REPEAT,
    }));
    const badTx: TransactionInit = {
      id: `${run}-t-bad`, customerId: ids[0], occurredAt: timestampFromDate(utc(2023, 7, 1)),
      amountMinor: 0n, currency: "USD", kind: TransactionKind.PURCHASE,
    };
    const ts = await crm.importTransactions([good.slice(0, 4), [...good.slice(4, 7), badTx], [good[0], good[7]]]);
    console.log(`transactions: accepted=${ts.accepted} duplicates=${ts.duplicates} rejected=${ts.rejected}`);
    for (const e of ts.errors) console.log(`  rejected ${e.id} at ${e.position}: ${e.field}: ${e.reason}`);
    check(ts.accepted === 8n && ts.duplicates === 1n && ts.rejected === 1n, "transaction summary");
    check(ts.errors[0]?.id === badTx.id && ts.errors[0]?.field === "amount_minor", "the rejected transaction is the zero amount");

    console.log("\n== 2. MetricsService.CalculateClv (APV 100, 4 purchases a year, 5 years)");
    const clv = await crm.calculateClv({ averagePurchaseValue: 100, purchasesPerYear: 4, lifespanYears: 5 });
    console.log(`clv=${clv.clv} method=${JSON.stringify(clv.method)} annual_value=${clv.annualValue}`);
    check(Math.abs(clv.clv - 2000) < 1e-6, `clv is ${clv.clv}, expected 2000`);

    console.log("\n== 3. MetricsService.GetPortfolioMetrics for [2023-01-01, 2025-01-01)");
    const book = await crm.getPortfolioMetrics(new Date("2023-01-01T00:00:00Z"), new Date("2025-01-01T00:00:00Z"));
    console.log(`average_purchase_value=${optional(book.averagePurchaseValue)} purchase_frequency=${optional(book.purchaseFrequency)} ` +
      `customer_value=${optional(book.customerValue)} historical_clv=${optional(book.historicalClv)}`);
    console.log(`churn_rate=${optional(book.churnRate)} retention_rate=${optional(book.retentionRate)} ` +
      `repeat_purchase_rate=${optional(book.repeatPurchaseRate)}`);
    console.log(`customers_acquired=${book.customersAcquired} purchases=${book.purchases} revenue=${book.revenue.toFixed(2)}`);
    for (const u of book.unavailable) console.log(`  unavailable ${u.metric}: ${u.reason}`);
    check(book.customersAcquired >= 5n && book.purchases >= 8n, "the period holds this run's data");
    check((book.averagePurchaseValue ?? 0) > 0, "APV is computed");

    console.log("\n== 4. MetricsService.StreamCustomerMetrics, batch by batch");
    const seen: string[] = [];
    let last: RecalculationProgress | undefined;
    for await (const message of crm.streamCustomerMetrics({ filter: { customerIds: ids }, batchSize: 2 }, { timeoutMs: 60_000 })) {
      switch (message.payload.case) {
        case "progress":
          last = message.payload.value;
          console.log(`progress: ${last.done}/${last.total}`);
          break;
        case "batch":
          seen.push(...message.payload.value.customers.map((c) => c.customerId));
          console.log("batch: " + message.payload.value.customers.map((c) => `${c.customerId} clv=${c.historicalClv.toFixed(2)}`).join(", "));
          break;
      }
    }
    check([...seen].sort().join(",") === ids.join(","), `streamed customers ${seen}, expected ${ids}`);
    check(last?.done === 5n && last.total === 5n, "final progress 5/5");

    console.log("\n== 5. INVALID_ARGUMENT with google.rpc.BadRequest from grpc-status-details-bin");
    try {
      await crm.createCustomer({ id: `${run}-invalid`, name: "No acquisition date" });
      throw new ExampleFailure("CreateCustomer without acquired_at succeeded");
    } catch (error) {
      if (error instanceof ExampleFailure) throw error;
      const err = ConnectError.from(error);
      console.log(`${Code[err.code]}: ${err.rawMessage}`);
      const violations = fieldViolations(err);
      for (const v of violations) console.log(`  field ${v.field}: ${v.description}`);
      check(err.code === Code.InvalidArgument, "status is INVALID_ARGUMENT");
      check(violations.some((v) => v.field === "customer.acquired_at"), "a violation names customer.acquired_at");
    }
  } finally {
    crm.close();
  }
  console.log("\nexample: all steps passed");
}

const url = process.argv[2];
if (!url) {
  console.error("usage: example.ts http://127.0.0.1:PORT");
  process.exit(2);
}
main(url).catch((error: unknown) => {
  const message = error instanceof ExampleFailure ? error.message
    : error instanceof ConnectError ? `${Code[error.code]}: ${error.rawMessage}` : String(error);
  console.error(`example: FAILED: ${message}`);
  process.exit(1);
});

// The TypeScript client against a live server (CRM_SERVER_URL); each test uses its own ids.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, test } from "node:test";

import { Code, ConnectError, CrmClient, fieldViolations, timestampDate, timestampFromDate, type CustomerInit, type TransactionInit } from "../src/index.js";
import { TransactionKind } from "../gen/crm/v1/transactions_pb.js";

const url = process.env.CRM_SERVER_URL;
const skip = url ? false : "CRM_SERVER_URL is not set: these tests need a live CrmGrpc server (see test.sh)";
const acquired = new Date("2023-01-02T00:00:00Z");

const runId = () => `tst-${randomBytes(6).toString("hex")}`;
const customer = (id: string): CustomerInit => ({
  id, name: `Test ${id}`, segment: "ts-tests", channel: "referral", acquiredAt: timestampFromDate(acquired),
});
const purchase = (id: string, customerId: string, cents: bigint): TransactionInit => ({
  id, customerId, amountMinor: cents, currency: "USD", kind: TransactionKind.PURCHASE,
  occurredAt: timestampFromDate(new Date("2023-05-01T00:00:00Z")),
});

describe("CrmClient against a live server", () => {
  const crm = new CrmClient(url ?? "http://127.0.0.1:1");
  after(() => crm.close());

  test("unary: create then get a customer; an unknown id is NOT_FOUND", { skip }, async () => {
    const id = `${runId()}-c`;
    assert.equal((await crm.createCustomer(customer(id))).id, id);
    const got = await crm.getCustomer(id);
    assert.equal(got.name, `Test ${id}`);
    assert.deepEqual(timestampDate(got.acquiredAt!), acquired);
    await assert.rejects(crm.getCustomer(`${id}-missing`), (e: unknown) => ConnectError.from(e).code === Code.NotFound);
  });

  test("client streaming: an import reports the bad row and keeps the rest", { skip }, async () => {
    const run = runId();
    const cs = await crm.importCustomers([[customer(`${run}-a`)], [customer(`${run}-b`)]]);
    assert.deepEqual([cs.accepted, cs.rejected], [2n, 0n]);
    const t1 = purchase(`${run}-t1`, `${run}-a`, 1500n);
    const bad = purchase(`${run}-t3`, `${run}-nobody`, 700n);
    const ts = await crm.importTransactions([[t1, purchase(`${run}-t2`, `${run}-b`, 2500n)], [bad, t1]]);
    assert.deepEqual([ts.accepted, ts.duplicates, ts.rejected], [2n, 1n, 1n]);
    assert.equal(ts.errors.length, 1);
    assert.deepEqual([ts.errors[0].id, ts.errors[0].field, ts.errors[0].position], [bad.id, "customer_id", 2n]);
  });

  test("unary: CalculateClv of APV 100, 4 a year, 5 years is 2000", { skip }, async () => {
    const result = await crm.calculateClv({ averagePurchaseValue: 100, purchasesPerYear: 4, lifespanYears: 5 });
    assert.ok(Math.abs(result.clv - 2000) < 1e-6, `clv ${result.clv}`);
  });

  test("server streaming: StreamCustomerMetrics sends batches and progress", { skip }, async () => {
    const run = runId();
    const ids = [0, 1, 2].map((i) => `${run}-s${i}`);
    assert.equal((await crm.importCustomers([ids.map(customer)])).accepted, 3n);
    assert.equal((await crm.importTransactions([ids.map((id) => purchase(`${id}-t`, id, 1000n))])).accepted, 3n);
    const batches: string[][] = [];
    let last: [bigint, bigint] | undefined;
    for await (const message of crm.streamCustomerMetrics({ filter: { customerIds: ids }, batchSize: 2 })) {
      if (message.payload.case === "batch") batches.push(message.payload.value.customers.map((c) => c.customerId));
      if (message.payload.case === "progress") last = [message.payload.value.done, message.payload.value.total];
    }
    assert.deepEqual(batches, [ids.slice(0, 2), ids.slice(2)]);
    assert.deepEqual(last, [3n, 3n]);
  });

  test("INVALID_ARGUMENT carries google.rpc.BadRequest field violations", { skip }, async () => {
    const error = await crm.createCustomer({ name: "nobody" }).then(
      () => assert.fail("an invalid customer was created"),
      (e: unknown) => ConnectError.from(e),
    );
    assert.equal(error.code, Code.InvalidArgument);
    const fields = fieldViolations(error).map((v) => v.field);
    assert.ok(fields.includes("customer.id") && fields.includes("customer.acquired_at"), `violations ${fields}`);
  });
});

// The client over TLS against a live server that wants credentials (scripts/test.sh starts one). Needs
// CRM_TLS_SERVER_URL (https://…), CRM_CA_FILE (the PEM CA of the server's certificate) and CRM_API_KEY (a key it
// accepts); CRM_TLS_BEARER_TOKEN (a JWT it accepts) for the bearer test: not CRM_BEARER_TOKEN, which with
// CRM_API_KEY would be two credentials at once. Skips without.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { Code, ConnectError, CrmClient, type CrmClientOptions } from "../src/index.js";

const url = process.env.CRM_TLS_SERVER_URL ?? "";
const skip = url && process.env.CRM_CA_FILE && process.env.CRM_API_KEY
  ? false
  : "CRM_TLS_SERVER_URL, CRM_CA_FILE and CRM_API_KEY are not all set: these tests need a TLS server that wants an API key (see scripts/test.sh)";
const token = process.env.CRM_TLS_BEARER_TOKEN;

/** One CalculateClv call over a new client: the CLV, or the error. */
async function clv(options: CrmClientOptions = {}): Promise<number | ConnectError> {
  const crm = new CrmClient(url, { timeoutMs: 30_000, ...options });
  try {
    return (await crm.calculateClv({ averagePurchaseValue: 100, purchasesPerYear: 4, lifespanYears: 5 })).clv;
  } catch (error) {
    return ConnectError.from(error);
  } finally {
    crm.close();
  }
}

describe("CrmClient over TLS", () => {
  test("https with the CA file and the key succeeds", { skip }, async () => {
    assert.equal(await clv(), 2000); // both from CRM_CA_FILE and CRM_API_KEY
    assert.equal(await clv({ caFile: process.env.CRM_CA_FILE, apiKey: process.env.CRM_API_KEY }), 2000);
  });

  test("without the CA file the certificate is not trusted", { skip }, async () => {
    const error = await clv({ caFile: "" });
    assert.ok(error instanceof ConnectError, `expected an error, got ${error}`);
    assert.equal(Code[error.code], Code[Code.Unavailable], error.message);
    assert.match(error.message, /certificate/i);
  });

  test("without the key the call is unauthenticated", { skip }, async () => {
    const error = await clv({ apiKey: "" });
    assert.ok(error instanceof ConnectError, `expected an error, got ${error}`);
    assert.equal(Code[error.code], Code[Code.Unauthenticated], error.message);
  });

  test("a bearer token is read by the server", { skip: skip || (token ? false : "CRM_TLS_BEARER_TOKEN is not set: the TLS server's bearer scheme is not configured") }, async () => {
    assert.equal(await clv({ bearerToken: token }), 2000);
    const error = await clv({ bearerToken: `${token}x` });
    assert.ok(error instanceof ConnectError, `expected an error, got ${error}`);
    // "not valid", not "credentials required": the server received the token and rejected it.
    assert.equal(Code[error.code], Code[Code.Unauthenticated], error.message);
    assert.match(error.rawMessage, /not valid/);
  });
});

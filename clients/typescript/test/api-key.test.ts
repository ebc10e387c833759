// The API key reaches the server as x-api-key, a bearer token as authorization (a local recording server; no
// CRM_SERVER_URL needed).
import assert from "node:assert/strict";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";

import { connectNodeAdapter } from "@connectrpc/connect-node";

import { CustomerService } from "../gen/crm/v1/customers_pb.js";
import { CrmClient } from "../src/index.js";

describe("CrmClient API key", () => {
  const keys: (string | null)[] = [];
  const authorizations: (string | null)[] = [];
  let server: http2.Http2Server;
  let url = "";

  before(async () => {
    const handler = connectNodeAdapter({
      routes: (router) =>
        router.service(CustomerService, {
          async getCustomer(request, context) {
            keys.push(context.requestHeader.get("x-api-key"));
            authorizations.push(context.requestHeader.get("authorization"));
            return { customer: { id: request.id } };
          },
          async importCustomers(requests, context) {
            keys.push(context.requestHeader.get("x-api-key"));
            authorizations.push(context.requestHeader.get("authorization"));
            let accepted = 0n;
            for await (const request of requests) accepted += BigInt(request.customers.length);
            return { accepted };
          },
        }),
    });
    server = http2.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  const saved = { key: process.env.CRM_API_KEY, token: process.env.CRM_BEARER_TOKEN };
  beforeEach(() => {
    keys.length = 0;
    authorizations.length = 0;
    delete process.env.CRM_API_KEY;
    delete process.env.CRM_BEARER_TOKEN;
  });
  after(() => {
    for (const [name, value] of [["CRM_API_KEY", saved.key], ["CRM_BEARER_TOKEN", saved.token]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function both(crm: CrmClient): Promise<void> {
    try {
      assert.equal((await crm.getCustomer("c-1")).id, "c-1");
      assert.equal((await crm.importCustomers([[{ id: "c-2" }]])).accepted, 1n);
    } finally {
      crm.close();
    }
  }

  test("is sent on unary and client-streaming calls", async () => {
    await both(new CrmClient(url, { apiKey: "k-123" }));
    assert.deepEqual(keys, ["k-123", "k-123"]);
  });

  test("comes from CRM_API_KEY unless given; none when neither is set", async () => {
    process.env.CRM_API_KEY = "from-env";
    await both(new CrmClient(url));
    await both(new CrmClient(url, { apiKey: "given" }));
    delete process.env.CRM_API_KEY;
    await both(new CrmClient(url));
    await both(new CrmClient(url, { apiKey: "" }));
    assert.deepEqual(keys, ["from-env", "from-env", "given", "given", null, null, null, null]);
  });

  test("a bearer token is sent as authorization instead of a key", async () => {
    process.env.CRM_API_KEY = "from-env"; // an explicit token does not mix with the variable's key
    await both(new CrmClient(url, { bearerToken: "t-456" }));
    assert.deepEqual(authorizations, ["Bearer t-456", "Bearer t-456"]);
    assert.deepEqual(keys, [null, null]);
  });

  test("the token comes from CRM_BEARER_TOKEN when no credential is given", async () => {
    process.env.CRM_BEARER_TOKEN = "from-env";
    await both(new CrmClient(url));
    await both(new CrmClient(url, { apiKey: "given" }));
    assert.deepEqual(authorizations, ["Bearer from-env", "Bearer from-env", null, null]);
    assert.deepEqual(keys, [null, null, "given", "given"]);
  });

  test("a key and a token together are refused", () => {
    assert.throws(() => new CrmClient(url, { apiKey: "k", bearerToken: "t" }), /not both/);
    process.env.CRM_API_KEY = "k";
    process.env.CRM_BEARER_TOKEN = "t";
    assert.throws(() => new CrmClient(url), /not both/);
  });
});

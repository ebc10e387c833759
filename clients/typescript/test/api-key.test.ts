// The API key reaches the server as x-api-key (a local recording server; no CRM_SERVER_URL needed).
import assert from "node:assert/strict";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";

import { connectNodeAdapter } from "@connectrpc/connect-node";

import { CustomerService } from "../gen/crm/v1/customers_pb.js";
import { CrmClient } from "../src/index.js";

describe("CrmClient API key", () => {
  const keys: (string | null)[] = [];
  let server: http2.Http2Server;
  let url = "";

  before(async () => {
    const handler = connectNodeAdapter({
      routes: (router) =>
        router.service(CustomerService, {
          async getCustomer(request, context) {
            keys.push(context.requestHeader.get("x-api-key"));
            return { customer: { id: request.id } };
          },
          async importCustomers(requests, context) {
            keys.push(context.requestHeader.get("x-api-key"));
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
  beforeEach(() => {
    keys.length = 0;
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
    const saved = process.env.CRM_API_KEY;
    try {
      process.env.CRM_API_KEY = "from-env";
      await both(new CrmClient(url));
      await both(new CrmClient(url, { apiKey: "given" }));
      delete process.env.CRM_API_KEY;
      await both(new CrmClient(url));
      await both(new CrmClient(url, { apiKey: "" }));
    } finally {
      if (saved === undefined) delete process.env.CRM_API_KEY;
      else process.env.CRM_API_KEY = saved;
    }
    assert.deepEqual(keys, ["from-env", "from-env", "given", "given", null, null, null, null]);
  });
});

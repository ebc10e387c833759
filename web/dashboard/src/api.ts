// The service over gRPC-Web (Connect's transport, same origin as the page): one client per service, a deadline
// on every call, and the API key asked for once when a call is UNAUTHENTICATED and kept for the browser session.
import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import type { DescService } from "@bufbuild/protobuf";

import { CustomerService } from "../../../clients/typescript/gen/crm/v1/customers_pb.js";
import { EngagementService } from "../../../clients/typescript/gen/crm/v1/engagement_pb.js";
import { MetricsService } from "../../../clients/typescript/gen/crm/v1/metrics_pb.js";
import { ModelService } from "../../../clients/typescript/gen/crm/v1/models_pb.js";
import { TransactionService } from "../../../clients/typescript/gen/crm/v1/transactions_pb.js";
import { UpliftService } from "../../../clients/typescript/gen/crm/v1/uplift_pb.js";
import { askApiKey } from "./auth.js";

/** The metadata key the server reads the API key from. */
export const API_KEY_HEADER = "x-api-key";
/** Where the key is kept: sessionStorage, so it ends with the browser session and is never written to disk by us. */
export const API_KEY_STORAGE = "crm.apiKey";

/** Deadline of ordinary calls; the server's aggregates over a 1M-customer book answer well within it. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Deadline of the heavy calls (uplift bootstrap, at-risk segment, prediction grids) that scan the whole book. */
export const HEAVY_TIMEOUT_MS = 120_000;

function storedKey(): string | null {
  try {
    return sessionStorage.getItem(API_KEY_STORAGE);
  } catch {
    return null; // storage disabled: the key is asked for again after a reload
  }
}

let memoryKey: string | null = null;
let pendingKey: Promise<string> | null = null;

/** The key of this session, asking for it once however many calls were refused at the same time. */
function keyAfterRefusal(refusedKey: string | null, message: string): Promise<string> {
  const current = storedKey() ?? memoryKey;
  if (current && current !== refusedKey) return Promise.resolve(current); // another call already got a new key
  pendingKey ??= askApiKey(refusedKey ? `The server refused the key: ${message}` : message).then((key) => {
    memoryKey = key;
    try {
      sessionStorage.setItem(API_KEY_STORAGE, key);
    } catch {
      // keep it in memory only
    }
    pendingKey = null;
    return key;
  });
  return pendingKey;
}

/** Sends the session's key, when there is one, on every call. */
const apiKeyInterceptor: Interceptor = (next) => (request) => {
  const key = storedKey() ?? memoryKey;
  if (key) request.header.set(API_KEY_HEADER, key);
  return next(request);
};

const transport = createGrpcWebTransport({
  baseUrl: window.location.origin,
  defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
  interceptors: [apiKeyInterceptor],
});

/** A mistyped key is asked for again, this many times, before the refusal is shown. */
const KEY_ATTEMPTS = 3;

/**
 * A client whose unary calls, when refused as UNAUTHENTICATED, ask for the key and are made again as new calls: the
 * retry gets a deadline of its own, so the time a person takes to type the key never counts against it. (The
 * dashboard makes no streaming calls.)
 */
function clientAskingForKey<T extends DescService>(service: T): Client<T> {
  const client = createClient(service, transport);
  return new Proxy(client, {
    get(target, property, receiver) {
      const method: unknown = Reflect.get(target, property, receiver);
      const described = typeof property === "string" ? service.method[property] : undefined;
      if (typeof method !== "function" || described?.methodKind !== "unary") return method;
      return async (...args: unknown[]) => {
        for (let attempt = 1; ; attempt++) {
          const sent = storedKey() ?? memoryKey;
          try {
            return await method.apply(target, args);
          } catch (error) {
            const refused = ConnectError.from(error);
            if (refused.code !== Code.Unauthenticated || attempt > KEY_ATTEMPTS) throw error;
            await keyAfterRefusal(sent, refused.rawMessage);
          }
        }
      };
    },
  });
}

export const customers: Client<typeof CustomerService> = clientAskingForKey(CustomerService);
export const engagement: Client<typeof EngagementService> = clientAskingForKey(EngagementService);
export const metrics: Client<typeof MetricsService> = clientAskingForKey(MetricsService);
export const models: Client<typeof ModelService> = clientAskingForKey(ModelService);
export const transactions: Client<typeof TransactionService> = clientAskingForKey(TransactionService);
export const uplift: Client<typeof UpliftService> = clientAskingForKey(UpliftService);

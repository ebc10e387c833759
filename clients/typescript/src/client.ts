// CrmClient: every crm.v1 service over one HTTP/2 connection (Connect's gRPC transport for Node), with
// typed helpers for the common calls. int64 fields are bigint; optional fields are `undefined` when absent.
import { readFileSync } from "node:fs";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";

import { PeriodSchema, type GroupBy } from "../gen/crm/v1/common_pb.js";
import {
  CustomerService,
  type Customer,
  type CustomerSchema,
  type ImportCustomersResponse,
} from "../gen/crm/v1/customers_pb.js";
import { EngagementService } from "../gen/crm/v1/engagement_pb.js";
import {
  MetricsService,
  type CalculateClvRequestSchema,
  type CalculateClvResponse,
  type GetPortfolioMetricsResponse,
  type StreamCustomerMetricsRequestSchema,
  type StreamCustomerMetricsResponse,
} from "../gen/crm/v1/metrics_pb.js";
import { ModelService } from "../gen/crm/v1/models_pb.js";
import {
  TransactionService,
  type ImportTransactionsResponse,
  type TransactionSchema,
} from "../gen/crm/v1/transactions_pb.js";
import { UpliftService } from "../gen/crm/v1/uplift_pb.js";
import { BadRequestSchema, type BadRequest_FieldViolation } from "../gen/google/rpc/error_details_pb.js";

export type CustomerInit = MessageInitShape<typeof CustomerSchema>;
export type TransactionInit = MessageInitShape<typeof TransactionSchema>;

export interface CrmClientOptions {
  /** Deadline of every call, in milliseconds (default 30 000; 0 means none). */
  timeoutMs?: number;
  /**
   * API key sent as `x-api-key` on every call. Given neither this nor `bearerToken`, the client sends
   * `$CRM_API_KEY` or `$CRM_BEARER_TOKEN`; an empty value sends none.
   */
  apiKey?: string;
  /** Bearer token sent as `authorization: Bearer TOKEN` on every call, instead of an API key. */
  bearerToken?: string;
  /**
   * PEM file of the CA certificates an `https://` server must chain to, instead of the system roots
   * (default `$CRM_CA_FILE`; the system roots when empty). Plaintext URLs ignore it.
   */
  caFile?: string;
}

/** The metadata key the server reads the API key from. */
export const API_KEY_HEADER = "x-api-key";

/**
 * The header that authenticates each call: from the options when either is given, else from the environment's
 * `CRM_API_KEY` / `CRM_BEARER_TOKEN` (an explicit choice never mixes with a variable); undefined when none.
 */
function credentialHeader(options: CrmClientOptions): [string, string] | undefined {
  const explicit = options.apiKey !== undefined || options.bearerToken !== undefined;
  const apiKey = explicit ? options.apiKey : process.env.CRM_API_KEY;
  const bearerToken = explicit ? options.bearerToken : process.env.CRM_BEARER_TOKEN;
  if (apiKey && bearerToken) throw new Error("give an API key or a bearer token, not both");
  if (apiKey) return [API_KEY_HEADER, apiKey];
  if (bearerToken) return ["authorization", `Bearer ${bearerToken}`];
  return undefined;
}

/** Adds the header to every call's request headers. */
function headerInterceptor([name, value]: [string, string]): Interceptor {
  return (next) => (request) => {
    request.header.set(name, value);
    return next(request);
  };
}

// Node's codes for a TLS handshake that failed on the server's certificate (OpenSSL's X509_V_ERR_* names), see
// https://nodejs.org/api/tls.html#x509-certificate-error-codes, plus the host name check's own code.
const CERTIFICATE_ERROR_CODES = new Set([
  "UNABLE_TO_GET_ISSUER_CERT", "UNABLE_TO_GET_CRL", "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECRYPT_CRL_SIGNATURE", "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY", "CERT_SIGNATURE_FAILURE",
  "CRL_SIGNATURE_FAILURE", "CERT_NOT_YET_VALID", "CERT_HAS_EXPIRED", "CRL_NOT_YET_VALID", "CRL_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD", "ERROR_IN_CERT_NOT_AFTER_FIELD", "ERROR_IN_CRL_LAST_UPDATE_FIELD",
  "ERROR_IN_CRL_NEXT_UPDATE_FIELD", "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "CERT_CHAIN_TOO_LONG", "CERT_REVOKED",
  "INVALID_CA", "PATH_LENGTH_EXCEEDED", "INVALID_PURPOSE", "CERT_UNTRUSTED", "CERT_REJECTED", "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function isTlsFailure(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === "string" && (CERTIFICATE_ERROR_CODES.has(code) || code.startsWith("ERR_SSL_"))) return true;
  }
  return false;
}

/**
 * Reports a failed TLS handshake as UNAVAILABLE, as the other gRPC clients do: Connect for Node calls it
 * INTERNAL, which reads as a server bug. The message and the Node error (as `cause`) are kept.
 */
const tlsFailureAsUnavailable: Interceptor = (next) => async (request) => {
  try {
    return await next(request);
  } catch (error) {
    if (!isTlsFailure(error)) throw error;
    const connectError = ConnectError.from(error);
    throw new ConnectError(connectError.rawMessage, Code.Unavailable, undefined, undefined, error);
  }
};

/** The URL checked: http (h2c) or https (TLS) with a host. */
function serverUrl(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.host) {
    throw new Error(`unsupported server address ${JSON.stringify(baseUrl)}: use http://host:port or https://host:port`);
  }
  return url;
}

export class CrmClient {
  readonly customers: Client<typeof CustomerService>;
  readonly transactions: Client<typeof TransactionService>;
  readonly engagement: Client<typeof EngagementService>;
  readonly metrics: Client<typeof MetricsService>;
  readonly models: Client<typeof ModelService>;
  readonly uplift: Client<typeof UpliftService>;
  private readonly sessions: Http2SessionManager;

  /** @param baseUrl the server: "http://127.0.0.1:5000" (plaintext HTTP/2, h2c) or "https://host:port" (TLS). */
  constructor(baseUrl: string, options: CrmClientOptions = {}) {
    const url = serverUrl(baseUrl);
    const header = credentialHeader(options);
    const caFile = options.caFile ?? process.env.CRM_CA_FILE;
    // Node's `ca` replaces the system roots, which is what a private CA wants.
    const tls = url.protocol === "https:" && caFile ? { ca: readFileSync(caFile) } : {};
    this.sessions = new Http2SessionManager(url, undefined, tls);
    const transport = createGrpcTransport({
      baseUrl,
      sessionManager: this.sessions,
      defaultTimeoutMs: options.timeoutMs ?? 30_000,
      interceptors: [tlsFailureAsUnavailable, ...(header ? [headerInterceptor(header)] : [])],
    });
    this.customers = createClient(CustomerService, transport);
    this.transactions = createClient(TransactionService, transport);
    this.engagement = createClient(EngagementService, transport);
    this.metrics = createClient(MetricsService, transport);
    this.models = createClient(ModelService, transport);
    this.uplift = createClient(UpliftService, transport);
  }

  /** Closes the HTTP/2 connection; calls in flight fail. */
  close(): void {
    this.sessions.abort();
  }

  async createCustomer(customer: CustomerInit): Promise<Customer> {
    const response = await this.customers.createCustomer({ customer });
    return response.customer!;
  }

  async getCustomer(id: string): Promise<Customer> {
    const response = await this.customers.getCustomer({ id });
    return response.customer!;
  }

  /** Client streaming: one request message per batch; resolves to the import summary. */
  importCustomers(batches: Iterable<CustomerInit[]> | AsyncIterable<CustomerInit[]>): Promise<ImportCustomersResponse> {
    return this.customers.importCustomers(
      mapAsync(batches, (customers) => ({ customers })),
    );
  }

  /** Client streaming: one request message per batch; resolves to the import summary. */
  importTransactions(
    batches: Iterable<TransactionInit[]> | AsyncIterable<TransactionInit[]>,
  ): Promise<ImportTransactionsResponse> {
    return this.transactions.importTransactions(
      mapAsync(batches, (transactions) => ({ transactions })),
    );
  }

  /** The what-if CLV calculator (lifespan or retention based). */
  calculateClv(request: MessageInitShape<typeof CalculateClvRequestSchema>): Promise<CalculateClvResponse> {
    return this.metrics.calculateClv(request);
  }

  /** Every descriptive metric over the half-open period [start, end). */
  getPortfolioMetrics(start: Date, end: Date, groupBy?: GroupBy): Promise<GetPortfolioMetricsResponse> {
    const period = create(PeriodSchema, { start: timestampFromDate(start), end: timestampFromDate(end) });
    return this.metrics.getPortfolioMetrics({ period, groupBy });
  }

  /** Server streaming: each message as it arrives; `payload.case` is "progress" or "batch". */
  streamCustomerMetrics(
    request: MessageInitShape<typeof StreamCustomerMetricsRequestSchema>,
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): AsyncIterable<StreamCustomerMetricsResponse> {
    return this.metrics.streamCustomerMetrics(request, options);
  }
}

/**
 * The field violations of every google.rpc.BadRequest detail of a failed call (sent by the server in the
 * grpc-status-details-bin trailer); empty when there are none.
 */
export function fieldViolations(error: unknown): BadRequest_FieldViolation[] {
  return ConnectError.from(error)
    .findDetails(BadRequestSchema)
    .flatMap((badRequest) => badRequest.fieldViolations);
}

async function* mapAsync<T, R>(items: Iterable<T> | AsyncIterable<T>, map: (item: T) => R): AsyncIterable<R> {
  for await (const item of items) {
    yield map(item);
  }
}

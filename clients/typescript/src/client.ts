// CrmClient: every crm.v1 service over one HTTP/2 connection (Connect's gRPC transport for Node), with
// typed helpers for the common calls. int64 fields are bigint; optional fields are `undefined` when absent.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
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
  /** API key sent as `x-api-key` on every call (default `$CRM_API_KEY`; none when empty). */
  apiKey?: string;
}

/** The metadata key the server reads the API key from. */
export const API_KEY_HEADER = "x-api-key";

/** Adds the API key to every call's request headers. */
function apiKeyInterceptor(apiKey: string): Interceptor {
  return (next) => (request) => {
    request.header.set(API_KEY_HEADER, apiKey);
    return next(request);
  };
}

export class CrmClient {
  readonly customers: Client<typeof CustomerService>;
  readonly transactions: Client<typeof TransactionService>;
  readonly engagement: Client<typeof EngagementService>;
  readonly metrics: Client<typeof MetricsService>;
  readonly models: Client<typeof ModelService>;
  readonly uplift: Client<typeof UpliftService>;
  private readonly sessions: Http2SessionManager;

  /** @param baseUrl the server, e.g. "http://127.0.0.1:5000" (plaintext HTTP/2, h2c). */
  constructor(baseUrl: string, options: CrmClientOptions = {}) {
    this.sessions = new Http2SessionManager(baseUrl);
    const apiKey = options.apiKey ?? process.env.CRM_API_KEY;
    const transport = createGrpcTransport({
      baseUrl,
      sessionManager: this.sessions,
      defaultTimeoutMs: options.timeoutMs ?? 30_000,
      interceptors: apiKey ? [apiKeyInterceptor(apiKey)] : [],
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

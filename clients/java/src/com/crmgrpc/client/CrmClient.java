package com.crmgrpc.client;

import com.crmgrpc.crm.v1.CalculateClvRequest;
import com.crmgrpc.crm.v1.CalculateClvResponse;
import com.crmgrpc.crm.v1.CreateCustomerRequest;
import com.crmgrpc.crm.v1.Customer;
import com.crmgrpc.crm.v1.CustomerServiceGrpc;
import com.crmgrpc.crm.v1.EngagementServiceGrpc;
import com.crmgrpc.crm.v1.GetCustomerRequest;
import com.crmgrpc.crm.v1.GetPortfolioMetricsRequest;
import com.crmgrpc.crm.v1.GetPortfolioMetricsResponse;
import com.crmgrpc.crm.v1.GroupBy;
import com.crmgrpc.crm.v1.ImportCustomersRequest;
import com.crmgrpc.crm.v1.ImportCustomersResponse;
import com.crmgrpc.crm.v1.ImportTransactionsRequest;
import com.crmgrpc.crm.v1.ImportTransactionsResponse;
import com.crmgrpc.crm.v1.MetricsServiceGrpc;
import com.crmgrpc.crm.v1.ModelServiceGrpc;
import com.crmgrpc.crm.v1.Period;
import com.crmgrpc.crm.v1.StreamCustomerMetricsRequest;
import com.crmgrpc.crm.v1.StreamCustomerMetricsResponse;
import com.crmgrpc.crm.v1.Transaction;
import com.crmgrpc.crm.v1.TransactionServiceGrpc;
import com.crmgrpc.crm.v1.UpliftServiceGrpc;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Client of the CrmGrpc contract (crm.v1): every service over one Netty channel (TLS for {@code https://},
 * plaintext HTTP/2 otherwise), with helpers for the common calls. Build it with
 * {@code CrmClient.builder().target("http://127.0.0.1:5000").build()} and
 * close it (it is {@link AutoCloseable}). Failed calls throw {@link StatusRuntimeException}; read the
 * google.rpc.BadRequest of an INVALID_ARGUMENT with {@link #fieldViolations(Throwable)}.
 */
public final class CrmClient implements AutoCloseable {
  /** The metadata key the server reads the API key from. */
  public static final String API_KEY_HEADER = "x-api-key";

  /** The metadata key a bearer token is sent in. */
  public static final String AUTHORIZATION_HEADER = "authorization";

  /** The environment variable the key comes from when the builder is given no credential. */
  public static final String API_KEY_VARIABLE = "CRM_API_KEY";

  /** The environment variable the bearer token comes from when the builder is given no credential. */
  public static final String BEARER_TOKEN_VARIABLE = "CRM_BEARER_TOKEN";

  /** The environment variable the CA file comes from when the builder is given none. */
  public static final String CA_FILE_VARIABLE = "CRM_CA_FILE";

  private final ManagedChannel channel;
  private final Duration callTimeout;

  private CrmClient(ManagedChannel channel, Duration callTimeout) {
    this.channel = channel;
    this.callTimeout = callTimeout;
  }

  /** A new builder; {@code target} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CrmClient}. */
  public static final class Builder {
    private String target;
    private Duration callTimeout = Duration.ofSeconds(30);
    private int maxInboundMessageBytes = 16 * 1024 * 1024;
    private String apiKey;
    private String bearerToken;
    private String caFile;

    private Builder() {}

    /**
     * API key sent as {@code x-api-key} on every call. Given neither this nor {@link #bearerToken}, the client
     * sends {@code $CRM_API_KEY} or {@code $CRM_BEARER_TOKEN}; an empty value sends none.
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** Bearer token sent as {@code authorization: Bearer TOKEN} on every call, instead of an API key. */
    public Builder bearerToken(String bearerToken) {
      this.bearerToken = Objects.requireNonNull(bearerToken, "bearerToken");
      return this;
    }

    /**
     * PEM file of the CA certificates an {@code https://} server must chain to, instead of the system roots
     * (default: {@code $CRM_CA_FILE}; the system roots when empty). Plaintext targets ignore it.
     */
    public Builder caFile(String caFile) {
      this.caFile = Objects.requireNonNull(caFile, "caFile");
      return this;
    }

    /** The server: {@code https://host:port} (TLS), {@code http://host:port} or {@code host:port} (plaintext HTTP/2). */
    public Builder target(String target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Deadline of each call made through the helpers and the stubs' accessors (default 30 s). */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
      return this;
    }

    /** Largest response accepted (default 16 MiB, as the server's limit). */
    public Builder maxInboundMessageBytes(int bytes) {
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    public CrmClient build() {
      if (target == null) {
        throw new IllegalStateException("CrmClient.builder(): target(...) is required");
      }
      String authority = target;
      boolean secure = false;
      if (target.contains("://")) {
        URI uri = URI.create(target);
        String scheme = uri.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || uri.getPort() < 0) {
          throw new IllegalArgumentException(
              "unsupported target " + target + ": use https://host:port, http://host:port or host:port");
        }
        authority = uri.getHost() + ":" + uri.getPort();
        secure = "https".equals(scheme);
      }
      // Resolved before the channel exists, so a bad credential choice leaves nothing to close.
      Map.Entry<String, String> credential = credentialHeader(apiKey, bearerToken, System::getenv);
      NettyChannelBuilder builder;
      if (secure) {
        try {
          builder = NettyChannelBuilder.forTarget(authority, tlsCredentials(caFile != null ? caFile : System.getenv(CA_FILE_VARIABLE)));
        } catch (UnsupportedOperationException e) {
          // Debian's Netty cannot do ALPN over the JDK's TLS; without netty-tcnative this is all it says.
          throw new IllegalStateException("TLS needs netty-tcnative (OpenSSL) on the class path: see clients/java/build.sh", e);
        }
      } else {
        builder = NettyChannelBuilder.forTarget(authority).usePlaintext();
      }
      builder.maxInboundMessageSize(maxInboundMessageBytes);
      if (credential != null) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of(credential.getKey(), Metadata.ASCII_STRING_MARSHALLER), credential.getValue());
        builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
      }
      return new CrmClient(builder.build(), callTimeout);
    }
  }

  /** TLS trusting the PEM {@code caFile}'s certificates, or the system roots when it is null or empty. */
  static ChannelCredentials tlsCredentials(String caFile) {
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    if (caFile != null && !caFile.isEmpty()) {
      try {
        tls.trustManager(new File(caFile));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the CA file " + caFile, e);
      }
    }
    return tls.build();
  }

  /**
   * The header that authenticates each call: from the arguments when either is given, else from the
   * environment's {@code CRM_API_KEY} / {@code CRM_BEARER_TOKEN} (an explicit choice never mixes with a
   * variable); null when there is none. Empty values count as none; a key and a token together are refused.
   */
  static Map.Entry<String, String> credentialHeader(String apiKey, String bearerToken, UnaryOperator<String> environment) {
    if (apiKey == null && bearerToken == null) {
      apiKey = environment.apply(API_KEY_VARIABLE);
      bearerToken = environment.apply(BEARER_TOKEN_VARIABLE);
    }
    boolean hasKey = apiKey != null && !apiKey.isEmpty();
    boolean hasToken = bearerToken != null && !bearerToken.isEmpty();
    if (hasKey && hasToken) {
      throw new IllegalArgumentException("give an API key or a bearer token, not both");
    }
    if (hasKey) {
      return Map.entry(API_KEY_HEADER, apiKey);
    }
    return hasToken ? Map.entry(AUTHORIZATION_HEADER, "Bearer " + bearerToken) : null;
  }

  // --- raw stubs, each with the call deadline applied ------------------------------------------------

  public CustomerServiceGrpc.CustomerServiceBlockingStub customers() {
    return CustomerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public TransactionServiceGrpc.TransactionServiceBlockingStub transactions() {
    return TransactionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public EngagementServiceGrpc.EngagementServiceBlockingStub engagement() {
    return EngagementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public MetricsServiceGrpc.MetricsServiceBlockingStub metrics() {
    return MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public ModelServiceGrpc.ModelServiceBlockingStub models() {
    return ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public UpliftServiceGrpc.UpliftServiceBlockingStub uplift() {
    return UpliftServiceGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  // --- helpers ----------------------------------------------------------------------------------------

  public Customer createCustomer(Customer customer) {
    return customers().createCustomer(CreateCustomerRequest.newBuilder().setCustomer(customer).build()).getCustomer();
  }

  public Customer getCustomer(String id) {
    return customers().getCustomer(GetCustomerRequest.newBuilder().setId(id).build()).getCustomer();
  }

  /** Client streaming: one request message per batch; returns the import summary. */
  public ImportCustomersResponse importCustomers(List<List<Customer>> batches) {
    return clientStream(
        observer -> CustomerServiceGrpc.newStub(channel)
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS).importCustomers(observer),
        batches, batch -> ImportCustomersRequest.newBuilder().addAllCustomers(batch).build());
  }

  /** Client streaming: one request message per batch; returns the import summary. */
  public ImportTransactionsResponse importTransactions(List<List<Transaction>> batches) {
    return clientStream(
        observer -> TransactionServiceGrpc.newStub(channel)
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS).importTransactions(observer),
        batches, batch -> ImportTransactionsRequest.newBuilder().addAllTransactions(batch).build());
  }

  /** The what-if calculator with a lifespan: CLV = APV × purchases per year × lifespan (margin 1). */
  public CalculateClvResponse calculateClv(double averagePurchaseValue, double purchasesPerYear, double lifespanYears) {
    return metrics().calculateClv(CalculateClvRequest.newBuilder()
        .setAveragePurchaseValue(averagePurchaseValue)
        .setPurchasesPerYear(purchasesPerYear)
        .setLifespanYears(lifespanYears)
        .build());
  }

  /** Every descriptive metric over the half-open period [start, end); {@code groupBy} may be null. */
  public GetPortfolioMetricsResponse getPortfolioMetrics(Instant start, Instant end, GroupBy groupBy) {
    GetPortfolioMetricsRequest.Builder request = GetPortfolioMetricsRequest.newBuilder()
        .setPeriod(Period.newBuilder().setStart(timestamp(start)).setEnd(timestamp(end)));
    if (groupBy != null) {
      request.setGroupBy(groupBy);
    }
    return metrics().getPortfolioMetrics(request.build());
  }

  /**
   * Server streaming: the messages of the bulk recalculation as they arrive (each a progress or a
   * batch). Iterating blocks for the next message; a failure is thrown from {@code hasNext()}.
   */
  public Iterator<StreamCustomerMetricsResponse> streamCustomerMetrics(StreamCustomerMetricsRequest request) {
    return metrics().streamCustomerMetrics(request);
  }

  /** The field violations of every google.rpc.BadRequest detail in the error's grpc-status-details-bin. */
  public static List<BadRequest.FieldViolation> fieldViolations(Throwable error) {
    List<BadRequest.FieldViolation> violations = new ArrayList<>();
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    if (status == null) {
      return violations;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        try {
          violations.addAll(detail.unpack(BadRequest.class).getFieldViolationsList());
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("malformed google.rpc.BadRequest detail", e);
        }
      }
    }
    return violations;
  }

  /** A protobuf Timestamp of an instant. */
  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Sends each batch as one message, half-closes, and waits for the single response. */
  private static <B, Req, Resp> Resp clientStream(
      Function<StreamObserver<Resp>, StreamObserver<Req>> start, List<B> batches, Function<B, Req> toRequest) {
    CompletableFuture<Resp> result = new CompletableFuture<>();
    StreamObserver<Req> requests = start.apply(new StreamObserver<Resp>() {
      @Override
      public void onNext(Resp value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        if (!result.isDone()) {
          result.completeExceptionally(Status.INTERNAL.withDescription("no response").asRuntimeException());
        }
      }
    });
    try {
      for (B batch : batches) {
        if (result.isDone()) {
          break; // the server already ended the call; its status is in result
        }
        requests.onNext(toRequest.apply(batch));
      }
      requests.onCompleted();
    } catch (RuntimeException e) {
      requests.onError(e);
      throw e;
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StatusRuntimeException) {
        // A fresh exception, so the stack trace shows the caller; status and trailers are kept.
        StatusRuntimeException sre = (StatusRuntimeException) cause;
        throw new StatusRuntimeException(sre.getStatus(), sre.getTrailers());
      }
      throw Status.UNKNOWN.withCause(cause).asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").withCause(e).asRuntimeException();
    }
  }
}

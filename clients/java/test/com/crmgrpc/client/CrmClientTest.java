package com.crmgrpc.client;

import com.crmgrpc.crm.v1.CalculateClvResponse;
import com.crmgrpc.crm.v1.Customer;
import com.crmgrpc.crm.v1.CustomerFilter;
import com.crmgrpc.crm.v1.CustomerMetrics;
import com.crmgrpc.crm.v1.ImportCustomersResponse;
import com.crmgrpc.crm.v1.ImportError;
import com.crmgrpc.crm.v1.ImportTransactionsResponse;
import com.crmgrpc.crm.v1.RecalculationProgress;
import com.crmgrpc.crm.v1.StreamCustomerMetricsRequest;
import com.crmgrpc.crm.v1.StreamCustomerMetricsResponse;
import com.crmgrpc.crm.v1.Transaction;
import com.crmgrpc.crm.v1.TransactionKind;
import com.google.rpc.BadRequest;
import com.crmgrpc.crm.v1.CustomerServiceGrpc;
import com.crmgrpc.crm.v1.GetCustomerRequest;
import com.crmgrpc.crm.v1.GetCustomerResponse;
import com.crmgrpc.crm.v1.ImportCustomersRequest;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.Collections;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Java client against a live server (CRM_SERVER_URL). No test framework: a plain main that runs
 * each test, prints PASS / FAIL / SKIP per test and a last line "N passed, N failed[, N skipped]", and
 * exits 1 when any failed.
 */
public final class CrmClientTest {
  private interface Test {
    void run(CrmClient crm) throws Exception;
  }

  private interface LocalTest {
    void run() throws Exception;
  }

  private interface TlsTest {
    void run(String url) throws Exception;
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }

  private static final Instant ACQUIRED = Instant.parse("2023-01-02T00:00:00Z");

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  private static String runId() {
    return "javat-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static Customer customer(String id) {
    return Customer.newBuilder().setId(id).setName("Test " + id).setSegment("java-tests").setChannel("referral")
        .setAcquiredAt(CrmClient.timestamp(ACQUIRED)).build();
  }

  private static Transaction purchase(String id, String customerId, long cents) {
    return Transaction.newBuilder().setId(id).setCustomerId(customerId).setAmountMinor(cents).setCurrency("USD")
        .setOccurredAt(CrmClient.timestamp(Instant.parse("2023-05-01T00:00:00Z")))
        .setKind(TransactionKind.TRANSACTION_KIND_PURCHASE).build();
  }

  static void unaryCreateThenGetCustomer(CrmClient crm) {
    String id = runId() + "-c";
    check(crm.createCustomer(customer(id)).getId().equals(id), "created id");
    Customer got = crm.getCustomer(id);
    check(got.getName().equals("Test " + id), "name " + got.getName());
    check(got.getAcquiredAt().getSeconds() == ACQUIRED.getEpochSecond(), "acquired_at " + got.getAcquiredAt());
    try {
      crm.getCustomer(id + "-missing");
      throw new AssertionError("an unknown id was found");
    } catch (StatusRuntimeException e) {
      check(e.getStatus().getCode() == Status.Code.NOT_FOUND, "unknown id: " + e.getStatus());
    }
  }

  static void clientStreamingImportReportsTheBadRow(CrmClient crm) {
    String run = runId();
    ImportCustomersResponse cs = crm.importCustomers(List.of(List.of(customer(run + "-a")), List.of(customer(run + "-b"))));
    check(cs.getAccepted() == 2 && cs.getRejected() == 0, "customers " + cs);
    Transaction t1 = purchase(run + "-t1", run + "-a", 1500);
    Transaction bad = purchase(run + "-t3", run + "-nobody", 700);
    ImportTransactionsResponse ts = crm.importTransactions(List.of(
        List.of(t1, purchase(run + "-t2", run + "-b", 2500)), List.of(bad, t1)));
    check(ts.getAccepted() == 2 && ts.getDuplicates() == 1 && ts.getRejected() == 1 && ts.getErrorsCount() == 1,
        "transactions " + ts);
    ImportError error = ts.getErrors(0);
    check(error.getId().equals(bad.getId()) && error.getField().equals("customer_id") && error.getPosition() == 2,
        "error " + error);
  }

  static void calculateClv(CrmClient crm) {
    CalculateClvResponse clv = crm.calculateClv(100, 4, 5);
    check(Math.abs(clv.getClv() - 2000) < 1e-6, "clv " + clv.getClv() + ", expected 2000");
  }

  static void serverStreamingCustomerMetricsInBatches(CrmClient crm) {
    String run = runId();
    List<String> ids = List.of(run + "-s0", run + "-s1", run + "-s2");
    check(crm.importCustomers(List.of(ids.stream().map(CrmClientTest::customer).collect(Collectors.toList())))
        .getAccepted() == 3, "customers imported");
    check(crm.importTransactions(List.of(ids.stream().map(i -> purchase(i + "-t", i, 1000)).collect(Collectors.toList())))
        .getAccepted() == 3, "transactions imported");
    List<List<String>> batches = new ArrayList<>();
    RecalculationProgress last = null;
    Iterator<StreamCustomerMetricsResponse> stream = crm.streamCustomerMetrics(StreamCustomerMetricsRequest.newBuilder()
        .setFilter(CustomerFilter.newBuilder().addAllCustomerIds(ids)).setBatchSize(2).build());
    while (stream.hasNext()) {
      StreamCustomerMetricsResponse message = stream.next();
      if (message.hasBatch()) {
        batches.add(message.getBatch().getCustomersList().stream().map(CustomerMetrics::getCustomerId).collect(Collectors.toList()));
      } else if (message.hasProgress()) {
        last = message.getProgress();
      }
    }
    check(batches.equals(List.of(ids.subList(0, 2), ids.subList(2, 3))), "batches " + batches);
    check(last != null && last.getDone() == 3 && last.getTotal() == 3, "last progress " + last);
  }

  static void invalidArgumentCarriesBadRequestFieldViolations(CrmClient crm) {
    try {
      crm.createCustomer(Customer.newBuilder().setName("nobody").build());
      throw new AssertionError("an invalid customer was created");
    } catch (StatusRuntimeException e) {
      check(e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT, "status " + e.getStatus());
      Set<String> fields = CrmClient.fieldViolations(e).stream().map(BadRequest.FieldViolation::getField).collect(Collectors.toSet());
      check(fields.contains("customer.id") && fields.contains("customer.acquired_at"), "field violations " + fields);
    }
  }

  /**
   * A server answering GetCustomer and ImportCustomers that records each call's x-api-key and authorization
   * as "key|authorization" ("" for an absent one).
   */
  private static Server recordingServer(List<String> keys) throws java.io.IOException {
    Metadata.Key<String> header = Metadata.Key.of(CrmClient.API_KEY_HEADER, Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<String> authorization = Metadata.Key.of(CrmClient.AUTHORIZATION_HEADER, Metadata.ASCII_STRING_MARSHALLER);
    ServerInterceptor record = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String key = headers.get(header);
        String bearer = headers.get(authorization);
        keys.add((key == null ? "" : key) + "|" + (bearer == null ? "" : bearer));
        return next.startCall(call, headers);
      }
    };
    CustomerServiceGrpc.CustomerServiceImplBase service = new CustomerServiceGrpc.CustomerServiceImplBase() {
      @Override
      public void getCustomer(GetCustomerRequest request, StreamObserver<GetCustomerResponse> response) {
        response.onNext(GetCustomerResponse.newBuilder().setCustomer(Customer.newBuilder().setId(request.getId())).build());
        response.onCompleted();
      }

      @Override
      public StreamObserver<ImportCustomersRequest> importCustomers(StreamObserver<ImportCustomersResponse> response) {
        return new StreamObserver<>() {
          private long accepted;

          @Override
          public void onNext(ImportCustomersRequest request) {
            accepted += request.getCustomersCount();
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            response.onNext(ImportCustomersResponse.newBuilder().setAccepted(accepted).build());
            response.onCompleted();
          }
        };
      }
    };
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(service, record)).build().start();
  }

  private static void callBoth(CrmClient crm) {
    check(crm.getCustomer("c-1").getId().equals("c-1"), "GetCustomer");
    check(crm.importCustomers(List.of(List.of(Customer.newBuilder().setId("c-2").build()))).getAccepted() == 1, "ImportCustomers");
  }

  static void credentialsAreSentOnUnaryAndStreamingCalls() throws Exception {
    List<String> keys = Collections.synchronizedList(new ArrayList<>());
    Server server = recordingServer(keys);
    try {
      String target = "http://127.0.0.1:" + server.getPort();
      try (CrmClient crm = CrmClient.builder().target(target).apiKey("k-123").build()) {
        callBoth(crm);
      }
      try (CrmClient crm = CrmClient.builder().target(target).bearerToken("t-456").build()) {
        callBoth(crm);
      }
      try (CrmClient crm = CrmClient.builder().target(target).apiKey("").build()) {
        callBoth(crm);
      }
      check(keys.equals(List.of("k-123|", "k-123|", "|Bearer t-456", "|Bearer t-456", "|", "|")), "headers " + keys);
    } finally {
      server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  static void credentialsComeFromTheVariablesUnlessGiven() {
    Map<String, String> key = Map.of(CrmClient.API_KEY_VARIABLE, "from-env");
    Map<String, String> token = Map.of(CrmClient.BEARER_TOKEN_VARIABLE, "from-env");
    check(Map.entry("x-api-key", "from-env").equals(CrmClient.credentialHeader(null, null, key::get)), "key from the variable");
    check(Map.entry("authorization", "Bearer from-env").equals(CrmClient.credentialHeader(null, null, token::get)), "token from the variable");
    check(Map.entry("x-api-key", "given").equals(CrmClient.credentialHeader("given", null, token::get)), "a given key wins over the token variable");
    check(Map.entry("authorization", "Bearer given").equals(CrmClient.credentialHeader(null, "given", key::get)), "a given token wins over the key variable");
    check(CrmClient.credentialHeader("", null, key::get) == null, "empty given means none");
    check(CrmClient.credentialHeader(null, null, name -> null) == null, "neither means none");
    check(CrmClient.credentialHeader(null, null, name -> "") == null, "empty variables mean none");
    List<Runnable> keyAndToken = List.of(
        () -> CrmClient.credentialHeader("k", "t", name -> null),
        () -> CrmClient.credentialHeader(null, null, name -> "both variables set"));
    for (Runnable both : keyAndToken) {
      try {
        both.run();
        check(false, "a key and a token together were accepted");
      } catch (IllegalArgumentException expected) {
        check(expected.getMessage().contains("not both"), expected.getMessage());
      }
    }
  }

  // --- over TLS, against the server scripts/test.sh starts: CRM_TLS_SERVER_URL (https://…), CRM_CA_FILE (its
  // CA), CRM_API_KEY (a key it accepts) and CRM_TLS_BEARER_TOKEN (a JWT it accepts; not CRM_BEARER_TOKEN,
  // which with CRM_API_KEY would be two credentials at once). ------------------------------------------------

  private static Status.Code clvCode(CrmClient.Builder builder) {
    try (CrmClient crm = builder.build()) {
      check(crm.calculateClv(100, 4, 5).getClv() == 2000, "CLV");
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  static void tlsWithTheCaFileAndTheKeySucceeds(String url) {
    check(clvCode(CrmClient.builder().target(url)) == Status.Code.OK, "with CRM_CA_FILE and CRM_API_KEY");
    check(clvCode(CrmClient.builder().target(url).caFile(System.getenv(CrmClient.CA_FILE_VARIABLE))
        .apiKey(System.getenv(CrmClient.API_KEY_VARIABLE))) == Status.Code.OK, "with caFile and apiKey");
  }

  static void tlsWithoutTheCaFileTheCertificateIsNotTrusted(String url) {
    try (CrmClient crm = CrmClient.builder().target(url).caFile("").build()) {
      crm.calculateClv(100, 4, 5);
      check(false, "the call succeeded without the CA");
    } catch (StatusRuntimeException e) {
      check(e.getStatus().getCode() == Status.Code.UNAVAILABLE, "status " + e.getStatus());
      Throwable cause = e;
      while (cause != null && !(cause instanceof javax.net.ssl.SSLException)) {
        cause = cause.getCause();
      }
      check(cause != null, "no SSLException in the causes of " + e);
    }
  }

  static void tlsWithoutTheKeyIsUnauthenticated(String url) {
    Status.Code code = clvCode(CrmClient.builder().target(url).apiKey(""));
    check(code == Status.Code.UNAUTHENTICATED, "status " + code);
  }

  static void tlsBearerTokenIsReadByTheServer(String url) {
    String token = System.getenv("CRM_TLS_BEARER_TOKEN");
    check(clvCode(CrmClient.builder().target(url).bearerToken(token)) == Status.Code.OK, "with the token");
    try (CrmClient crm = CrmClient.builder().target(url).bearerToken(token + "x").build()) {
      crm.calculateClv(100, 4, 5);
      check(false, "a wrong token was accepted");
    } catch (StatusRuntimeException e) {
      // "not valid", not "credentials required": the server received the token and rejected it.
      check(e.getStatus().getCode() == Status.Code.UNAUTHENTICATED && e.getStatus().getDescription().contains("not valid"),
          "status " + e.getStatus());
    }
  }

  public static void main(String[] args) {
    Map<String, Test> tests = new LinkedHashMap<>();
    tests.put("unaryCreateThenGetCustomer", CrmClientTest::unaryCreateThenGetCustomer);
    tests.put("clientStreamingImportReportsTheBadRow", CrmClientTest::clientStreamingImportReportsTheBadRow);
    tests.put("calculateClv", CrmClientTest::calculateClv);
    tests.put("serverStreamingCustomerMetricsInBatches", CrmClientTest::serverStreamingCustomerMetricsInBatches);
    tests.put("invalidArgumentCarriesBadRequestFieldViolations", CrmClientTest::invalidArgumentCarriesBadRequestFieldViolations);

    String url = System.getenv("CRM_SERVER_URL");
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    // Without a live server: the credentials against a local recording server.
    Map<String, LocalTest> local = new LinkedHashMap<>();
    local.put("credentialsAreSentOnUnaryAndStreamingCalls", CrmClientTest::credentialsAreSentOnUnaryAndStreamingCalls);
    local.put("credentialsComeFromTheVariablesUnlessGiven", CrmClientTest::credentialsComeFromTheVariablesUnlessGiven);
    for (Map.Entry<String, LocalTest> test : local.entrySet()) {
      try {
        test.getValue().run();
        passed++;
        System.out.println("PASS " + test.getKey());
      } catch (Throwable t) {
        failed++;
        System.out.println("FAIL " + test.getKey() + ": " + t);
      }
    }
    if (url == null || url.isEmpty()) {
      for (String name : tests.keySet()) {
        System.out.println("SKIP " + name + ": CRM_SERVER_URL is not set: these tests need a live CrmGrpc server (see test.sh)");
        skipped++;
      }
    } else {
      try (CrmClient crm = CrmClient.builder().target(url).build()) {
        for (Map.Entry<String, Test> test : tests.entrySet()) {
          long start = System.nanoTime();
          try {
            test.getValue().run(crm);
            passed++;
            System.out.printf("PASS %s (%d ms)%n", test.getKey(), (System.nanoTime() - start) / 1_000_000);
          } catch (Throwable t) {
            failed++;
            String why = t instanceof StatusRuntimeException ? ((StatusRuntimeException) t).getStatus().toString() : t.toString();
            System.out.printf("FAIL %s (%d ms): %s%n", test.getKey(), (System.nanoTime() - start) / 1_000_000, why);
          }
        }
      }
    }
    Map<String, TlsTest> tls = new LinkedHashMap<>();
    tls.put("tlsWithTheCaFileAndTheKeySucceeds", CrmClientTest::tlsWithTheCaFileAndTheKeySucceeds);
    tls.put("tlsWithoutTheCaFileTheCertificateIsNotTrusted", CrmClientTest::tlsWithoutTheCaFileTheCertificateIsNotTrusted);
    tls.put("tlsWithoutTheKeyIsUnauthenticated", CrmClientTest::tlsWithoutTheKeyIsUnauthenticated);
    tls.put("tlsBearerTokenIsReadByTheServer", CrmClientTest::tlsBearerTokenIsReadByTheServer);
    String tlsUrl = System.getenv("CRM_TLS_SERVER_URL");
    for (Map.Entry<String, TlsTest> test : tls.entrySet()) {
      String missing = isEmpty(tlsUrl) || isEmpty(System.getenv(CrmClient.CA_FILE_VARIABLE)) || isEmpty(System.getenv(CrmClient.API_KEY_VARIABLE))
          ? "CRM_TLS_SERVER_URL, CRM_CA_FILE and CRM_API_KEY are not all set: these tests need a TLS server that wants an API key (see scripts/test.sh)"
          : test.getKey().equals("tlsBearerTokenIsReadByTheServer") && isEmpty(System.getenv("CRM_TLS_BEARER_TOKEN"))
              ? "CRM_TLS_BEARER_TOKEN is not set: the TLS server's bearer scheme is not configured"
              : null;
      if (missing != null) {
        System.out.println("SKIP " + test.getKey() + ": " + missing);
        skipped++;
        continue;
      }
      long start = System.nanoTime();
      try {
        test.getValue().run(tlsUrl);
        passed++;
        System.out.printf("PASS %s (%d ms)%n", test.getKey(), (System.nanoTime() - start) / 1_000_000);
      } catch (Throwable t) {
        failed++;
        System.out.printf("FAIL %s (%d ms): %s%n", test.getKey(), (System.nanoTime() - start) / 1_000_000, t);
      }
    }
    System.out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    System.exit(failed == 0 ? 0 : 1);
  }
}

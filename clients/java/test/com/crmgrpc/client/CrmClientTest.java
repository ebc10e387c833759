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
import io.grpc.Status;
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
    System.out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    System.exit(failed == 0 ? 0 : 1);
  }
}

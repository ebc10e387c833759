package com.crmgrpc.example;

import com.crmgrpc.client.CrmClient;
import com.crmgrpc.crm.v1.CalculateClvResponse;
import com.crmgrpc.crm.v1.Customer;
import com.crmgrpc.crm.v1.CustomerFilter;
import com.crmgrpc.crm.v1.CustomerMetrics;
import com.crmgrpc.crm.v1.GetPortfolioMetricsResponse;
import com.crmgrpc.crm.v1.ImportCustomersResponse;
import com.crmgrpc.crm.v1.ImportError;
import com.crmgrpc.crm.v1.ImportTransactionsResponse;
import com.crmgrpc.crm.v1.RecalculationProgress;
import com.crmgrpc.crm.v1.SaleType;
import com.crmgrpc.crm.v1.StreamCustomerMetricsRequest;
import com.crmgrpc.crm.v1.StreamCustomerMetricsResponse;
import com.crmgrpc.crm.v1.Transaction;
import com.crmgrpc.crm.v1.TransactionKind;
import com.crmgrpc.crm.v1.UnavailableMetric;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The crm.v1 tour in Java: client-streamed imports, the CLV calculator, portfolio metrics, the
 * server-streamed recalculation, and an INVALID_ARGUMENT with its google.rpc.BadRequest read back.
 * Usage: Example http://127.0.0.1:PORT (exits non-zero on any failure; ids carry a per-run suffix).
 * Over TLS: https://HOST:PORT, with CRM_CA_FILE for a private CA; CRM_API_KEY or CRM_BEARER_TOKEN when the
 * server wants credentials (the client builder reads all three).
 */
public final class Example {
  private static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new Failure(message);
    }
  }

  private static Instant utc(int year, int month, int day) {
    return LocalDate.of(year, month, day).atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  private static String optional(boolean present, double value) {
    return present ? String.format("%.4f", value) : "n/a";
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: Example http://127.0.0.1:PORT");
      System.exit(2);
    }
    try {
      run(args[0]);
      System.out.println("\nexample: all steps passed");
    } catch (Failure e) {
      System.err.println("example: FAILED: " + e.getMessage());
      System.exit(1);
    } catch (StatusRuntimeException e) {
      System.err.println("example: FAILED: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      System.exit(1);
    }
  }

  private static void run(String url) {
    String run = "java-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String segment = "example-" + run;
    try (CrmClient crm = CrmClient.builder().target(url).build()) {
      System.out.println("== 1. import customers and transactions by client streaming (run " + run + ")");
      List<String> ids = new ArrayList<>();
      List<Customer> customers = new ArrayList<>();
      for (int n = 1; n <= 5; n++) {
        String id = run + "-c" + n;
        ids.add(id);
        customers.add(Customer.newBuilder().setId(id).setName("Customer " + n).setSegment(segment)
            .setChannel(n % 2 == 1 ? "referral" : "paid_search")
            .setAcquiredAt(CrmClient.timestamp(utc(2023, n, 10)))
            .putAttributes("tier", n < 3 ? "gold" : "silver").build());
      }
      Customer badCustomer = Customer.newBuilder().setId(run + "-bad").setName("No acquisition date").setSegment(segment).build();
      ImportCustomersResponse cs = crm.importCustomers(List.of(
          customers.subList(0, 3), List.of(customers.get(3), customers.get(4), badCustomer)));
      System.out.printf("customers: accepted=%d duplicates=%d rejected=%d%n", cs.getAccepted(), cs.getDuplicates(), cs.getRejected());
      printErrors(cs.getErrorsList());
      check(cs.getAccepted() == 5 && cs.getDuplicates() == 0 && cs.getRejected() == 1, "customer summary " + cs);
      check(cs.getErrors(0).getId().equals(badCustomer.getId()) && cs.getErrors(0).getField().equals("acquired_at"),
          "the rejected customer is the one without acquired_at");

      List<Transaction> good = new ArrayList<>();
      for (int n = 1; n <= 8; n++) {
        good.add(Transaction.newBuilder().setId(run + "-t" + n).setCustomerId(ids.get((n - 1) % 5))
            .setOccurredAt(CrmClient.timestamp(utc(2023, 6 + (n - 1) / 5 * 3, n))).setAmountMinor(1000L * n)
            .setCurrency("USD").setKind(TransactionKind.TRANSACTION_KIND_PURCHASE)
            .setSaleType(n <= 5 ? SaleType.SALE_TYPE_NEW : SaleType.SALE_TYPE_REPEAT).build());
      }
      Transaction badTx = Transaction.newBuilder().setId(run + "-t-bad").setCustomerId(ids.get(0))
          .setOccurredAt(CrmClient.timestamp(utc(2023, 7, 1))).setAmountMinor(0).setCurrency("USD")
          .setKind(TransactionKind.TRANSACTION_KIND_PURCHASE).build();
      ImportTransactionsResponse ts = crm.importTransactions(List.of(
          good.subList(0, 4),
          List.of(good.get(4), good.get(5), good.get(6), badTx),
          List.of(good.get(0), good.get(7))));
      System.out.printf("transactions: accepted=%d duplicates=%d rejected=%d%n", ts.getAccepted(), ts.getDuplicates(), ts.getRejected());
      printErrors(ts.getErrorsList());
      check(ts.getAccepted() == 8 && ts.getDuplicates() == 1 && ts.getRejected() == 1, "transaction summary " + ts);
      check(ts.getErrors(0).getId().equals(badTx.getId()) && ts.getErrors(0).getField().equals("amount_minor"),
          "the rejected transaction is the zero amount");

      System.out.println("\n== 2. MetricsService.CalculateClv (APV 100, 4 purchases a year, 5 years)");
      CalculateClvResponse clv = crm.calculateClv(100, 4, 5);
      System.out.printf("clv=%s method=\"%s\" annual_value=%s%n", clv.getClv(), clv.getMethod(), clv.getAnnualValue());
      check(Math.abs(clv.getClv() - 2000) < 1e-6, "clv is " + clv.getClv() + ", expected 2000");

      System.out.println("\n== 3. MetricsService.GetPortfolioMetrics for [2023-01-01, 2025-01-01)");
      GetPortfolioMetricsResponse book = crm.getPortfolioMetrics(
          Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"), null);
      System.out.printf("average_purchase_value=%s purchase_frequency=%s customer_value=%s historical_clv=%s%n",
          optional(book.hasAveragePurchaseValue(), book.getAveragePurchaseValue()),
          optional(book.hasPurchaseFrequency(), book.getPurchaseFrequency()),
          optional(book.hasCustomerValue(), book.getCustomerValue()),
          optional(book.hasHistoricalClv(), book.getHistoricalClv()));
      System.out.printf("churn_rate=%s retention_rate=%s repeat_purchase_rate=%s%n",
          optional(book.hasChurnRate(), book.getChurnRate()),
          optional(book.hasRetentionRate(), book.getRetentionRate()),
          optional(book.hasRepeatPurchaseRate(), book.getRepeatPurchaseRate()));
      System.out.printf("customers_acquired=%d purchases=%d revenue=%.2f%n",
          book.getCustomersAcquired(), book.getPurchases(), book.getRevenue());
      for (UnavailableMetric missing : book.getUnavailableList()) {
        System.out.println("  unavailable " + missing.getMetric() + ": " + missing.getReason());
      }
      check(book.getCustomersAcquired() >= 5 && book.getPurchases() >= 8, "the period holds this run's data");
      check(book.hasAveragePurchaseValue() && book.getAveragePurchaseValue() > 0, "APV is computed");

      System.out.println("\n== 4. MetricsService.StreamCustomerMetrics, batch by batch");
      List<String> seen = new ArrayList<>();
      RecalculationProgress last = null;
      Iterator<StreamCustomerMetricsResponse> stream = crm.streamCustomerMetrics(StreamCustomerMetricsRequest.newBuilder()
          .setFilter(CustomerFilter.newBuilder().addAllCustomerIds(ids)).setBatchSize(2).build());
      while (stream.hasNext()) {
        StreamCustomerMetricsResponse message = stream.next();
        switch (message.getPayloadCase()) {
          case PROGRESS:
            last = message.getProgress();
            System.out.printf("progress: %d/%d%n", last.getDone(), last.getTotal());
            break;
          case BATCH:
            List<String> parts = new ArrayList<>();
            for (CustomerMetrics m : message.getBatch().getCustomersList()) {
              seen.add(m.getCustomerId());
              parts.add(String.format("%s clv=%.2f", m.getCustomerId(), m.getHistoricalClv()));
            }
            System.out.println("batch: " + String.join(", ", parts));
            break;
          default:
            break;
        }
      }
      check(seen.stream().sorted().collect(Collectors.toList()).equals(ids), "streamed customers " + seen + ", expected " + ids);
      check(last != null && last.getDone() == 5 && last.getTotal() == 5, "final progress " + last + ", expected 5/5");

      System.out.println("\n== 5. INVALID_ARGUMENT with google.rpc.BadRequest from grpc-status-details-bin");
      try {
        crm.createCustomer(Customer.newBuilder().setId(run + "-invalid").setName("No acquisition date").build());
        throw new Failure("CreateCustomer without acquired_at succeeded");
      } catch (StatusRuntimeException e) {
        System.out.println(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
        List<BadRequest.FieldViolation> violations = CrmClient.fieldViolations(e);
        for (BadRequest.FieldViolation v : violations) {
          System.out.println("  field " + v.getField() + ": " + v.getDescription());
        }
        check(e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT, "status is INVALID_ARGUMENT");
        check(violations.stream().anyMatch(v -> v.getField().equals("customer.acquired_at")),
            "a violation names customer.acquired_at");
      }
    }
  }

  private static void printErrors(List<ImportError> errors) {
    for (ImportError e : errors) {
      System.out.printf("  rejected %s at %d: %s: %s%n", e.getId(), e.getPosition(), e.getField(), e.getReason());
    }
  }
}

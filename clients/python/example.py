"""The crm.v1 tour in Python: client-streamed imports, the CLV calculator, portfolio metrics, the
server-streamed recalculation, and an INVALID_ARGUMENT with its google.rpc.BadRequest read back.

Usage: /usr/bin/python3 example.py http://127.0.0.1:PORT   (exits non-zero on any failure)
Over TLS: https://HOST:PORT, with CRM_CA_FILE for a private CA; CRM_API_KEY or CRM_BEARER_TOKEN when the
server wants credentials (CrmClient reads all three).
Ids carry a per-run suffix, so the example can run again against the same server.
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid

import grpc

from crm_client import CrmClient, bad_request, customers_pb2, timestamp, transactions_pb2

Customer = customers_pb2.Customer
Transaction = transactions_pb2.Transaction
PURCHASE = transactions_pb2.TRANSACTION_KIND_PURCHASE


class ExampleFailure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise ExampleFailure(message)


def utc(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 12, 0, tzinfo=dt.timezone.utc)


def main(url: str) -> None:
    run = f"py-{uuid.uuid4().hex[:10]}"
    segment = f"example-{run}"
    ids = [f"{run}-c{i}" for i in range(1, 6)]

    with CrmClient(url) as crm:
        print(f"== 1. import customers and transactions by client streaming (run {run})")
        customers = [
            Customer(id=cid, name=f"Customer {n}", segment=segment, channel="referral" if n % 2 else "paid_search",
                     acquired_at=timestamp(utc(2023, n, 10)), attributes={"tier": "gold" if n < 3 else "silver"})
            for n, cid in enumerate(ids, start=1)
        ]
        bad_customer = Customer(id=f"{run}-bad", name="No acquisition date", segment=segment)
        summary = crm.import_customers([customers[:3], customers[3:] + [bad_customer]])
        print(f"customers: accepted={summary.accepted} duplicates={summary.duplicates} rejected={summary.rejected}")
        for error in summary.errors:
            print(f"  rejected {error.id} at {error.position}: {error.field}: {error.reason}")
        check((summary.accepted, summary.duplicates, summary.rejected) == (5, 0, 1), "customer summary")
        check(summary.errors[0].id == bad_customer.id and summary.errors[0].field == "acquired_at",
              "the rejected customer is the one without acquired_at")

        def tx(n: int, customer: str, when: dt.datetime, cents: int) -> Transaction:
            return Transaction(id=f"{run}-t{n}", customer_id=customer, occurred_at=timestamp(when),
                               amount_minor=cents, currency="USD", kind=PURCHASE,
                               sale_type=transactions_pb2.SALE_TYPE_NEW if n <= 5 else transactions_pb2.SALE_TYPE_REPEAT)

        good = [tx(n, ids[(n - 1) % 5], utc(2023, 6 + (n - 1) // 5 * 3, n), 1000 * n) for n in range(1, 9)]
        bad_tx = Transaction(id=f"{run}-t-bad", customer_id=ids[0], occurred_at=timestamp(utc(2023, 7, 1)),
                             amount_minor=0, currency="USD", kind=PURCHASE)
        summary = crm.import_transactions([good[:4], good[4:7] + [bad_tx], [good[0], good[7]]])
        print(f"transactions: accepted={summary.accepted} duplicates={summary.duplicates} rejected={summary.rejected}")
        for error in summary.errors:
            print(f"  rejected {error.id} at {error.position}: {error.field}: {error.reason}")
        check((summary.accepted, summary.duplicates, summary.rejected) == (8, 1, 1), "transaction summary")
        check(summary.errors[0].id == bad_tx.id and summary.errors[0].field == "amount_minor",
              "the rejected transaction is the zero amount")

        print("\n== 2. MetricsService.CalculateClv (APV 100, 4 purchases a year, 5 years)")
        clv = crm.calculate_clv(100, 4, 5)
        print(f"clv={clv.clv} method={clv.method!r} annual_value={clv.annual_value}")
        check(abs(clv.clv - 2000) < 1e-6, f"clv is {clv.clv}, expected 2000")

        print("\n== 3. MetricsService.GetPortfolioMetrics for [2023-01-01, 2025-01-01)")
        book = crm.get_portfolio_metrics(dt.datetime(2023, 1, 1), dt.datetime(2025, 1, 1))
        for name in ("average_purchase_value", "purchase_frequency", "customer_value", "historical_clv",
                     "churn_rate", "retention_rate", "repeat_purchase_rate"):
            print(f"{name}={getattr(book, name) if book.HasField(name) else 'n/a'}")
        print(f"customers_acquired={book.customers_acquired} purchases={book.purchases} revenue={book.revenue}")
        for missing in book.unavailable:
            print(f"  unavailable {missing.metric}: {missing.reason}")
        check(book.customers_acquired >= 5 and book.purchases >= 8, "the period holds this run's data")
        check(book.HasField("average_purchase_value") and book.average_purchase_value > 0, "APV is computed")

        print("\n== 4. MetricsService.StreamCustomerMetrics, batch by batch")
        seen: list[str] = []
        last_progress = None
        for message in crm.stream_customer_metrics(customer_ids=ids, batch_size=2):
            kind = message.WhichOneof("payload")
            if kind == "progress":
                last_progress = message.progress
                print(f"progress: {message.progress.done}/{message.progress.total}")
            elif kind == "batch":
                batch_ids = [c.customer_id for c in message.batch.customers]
                seen.extend(batch_ids)
                print("batch: " + ", ".join(f"{c.customer_id} clv={c.historical_clv:.2f}"
                                            for c in message.batch.customers))
        check(sorted(seen) == ids, f"streamed customers {seen}, expected {ids}")
        check(last_progress is not None and last_progress.done == last_progress.total == 5, "final progress 5/5")

        print("\n== 5. INVALID_ARGUMENT with google.rpc.BadRequest from grpc-status-details-bin")
        try:
            crm.create_customer(Customer(id=f"{run}-invalid", name="No acquisition date"))
            raise ExampleFailure("CreateCustomer without acquired_at succeeded")
        except grpc.RpcError as error:
            violations = bad_request(error)
            print(f"{error.code().name}: {error.details()}")
            for violation in violations:
                print(f"  field {violation.field}: {violation.description}")
            check(error.code() == grpc.StatusCode.INVALID_ARGUMENT, "status is INVALID_ARGUMENT")
            check("customer.acquired_at" in [v.field for v in violations], "a violation names customer.acquired_at")

    print("\nexample: all steps passed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: example.py http://127.0.0.1:PORT")
    try:
        main(sys.argv[1])
    except ExampleFailure as failure:
        sys.exit(f"example: FAILED: {failure}")
    except grpc.RpcError as error:
        sys.exit(f"example: FAILED: {error.code().name}: {error.details()}")

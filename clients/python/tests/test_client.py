"""The Python client against a live server (CRM_SERVER_URL); each test uses its own ids."""

import datetime as dt

import grpc
import pytest

from crm_client import bad_request, customers_pb2, rpc_status, timestamp, transactions_pb2

UTC = dt.timezone.utc


def customer(cid: str, month: int = 1) -> customers_pb2.Customer:
    return customers_pb2.Customer(id=cid, name=f"Test {cid}", segment="py-tests", channel="referral",
                                  acquired_at=timestamp(dt.datetime(2023, month, 2, tzinfo=UTC)))


def purchase(tid: str, cid: str, cents: int, day: int = 1) -> transactions_pb2.Transaction:
    return transactions_pb2.Transaction(id=tid, customer_id=cid, amount_minor=cents, currency="USD",
                                        occurred_at=timestamp(dt.datetime(2023, 5, day, tzinfo=UTC)),
                                        kind=transactions_pb2.TRANSACTION_KIND_PURCHASE)


def test_unary_create_then_get_customer(crm, run_id):
    created = crm.create_customer(customer(f"{run_id}-c"))
    assert created.id == f"{run_id}-c"
    fetched = crm.get_customer(f"{run_id}-c")
    assert fetched.name == f"Test {run_id}-c"
    assert fetched.acquired_at.ToDatetime() == dt.datetime(2023, 1, 2)


def test_unary_unknown_customer_is_not_found(crm, run_id):
    with pytest.raises(grpc.RpcError) as caught:
        crm.get_customer(f"{run_id}-missing")
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


def test_client_streaming_import_reports_the_bad_row(crm, run_id):
    summary = crm.import_customers([[customer(f"{run_id}-a")], [customer(f"{run_id}-b")]])
    assert (summary.accepted, summary.rejected) == (2, 0)
    rows = [purchase(f"{run_id}-t1", f"{run_id}-a", 1500), purchase(f"{run_id}-t2", f"{run_id}-b", 2500)]
    bad = purchase(f"{run_id}-t3", f"{run_id}-nobody", 700)
    summary = crm.import_transactions([rows, [bad, rows[0]]])
    assert (summary.accepted, summary.duplicates, summary.rejected) == (2, 1, 1)
    [error] = summary.errors
    assert error.id == bad.id
    assert error.field == "customer_id"
    assert error.position == 2


def test_calculate_clv(crm):
    result = crm.calculate_clv(100, 4, 5)
    assert result.clv == pytest.approx(2000)


def test_server_streaming_customer_metrics_in_batches(crm, run_id):
    ids = [f"{run_id}-s{i}" for i in range(3)]
    assert crm.import_customers([[customer(i) for i in ids]]).accepted == 3
    assert crm.import_transactions([[purchase(f"{i}-t", i, 1000) for i in ids]]).accepted == 3
    batches, progress = [], []
    for message in crm.stream_customer_metrics(customer_ids=ids, batch_size=2):
        kind = message.WhichOneof("payload")
        if kind == "batch":
            batches.append([c.customer_id for c in message.batch.customers])
        elif kind == "progress":
            progress.append((message.progress.done, message.progress.total))
    assert batches == [ids[:2], ids[2:]]
    assert progress and progress[-1] == (3, 3)


def test_invalid_argument_carries_bad_request_field_violations(crm):
    with pytest.raises(grpc.RpcError) as caught:
        crm.create_customer(customers_pb2.Customer(id="", name="nobody"))
    error = caught.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status(error)
    assert status is not None and status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    fields = {v.field for v in bad_request(error)}
    assert {"customer.id", "customer.acquired_at"} <= fields

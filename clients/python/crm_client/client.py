"""CrmClient: the crm.v1 services behind one channel, with a few typed helpers."""

from __future__ import annotations

import collections as _collections
import datetime as _dt
import os as _os
from typing import Iterable, Iterator, Optional
from urllib.parse import urlparse

import grpc
from google.protobuf import timestamp_pb2

from crm.v1 import (
    common_pb2,
    customers_pb2,
    customers_pb2_grpc,
    engagement_pb2_grpc,
    metrics_pb2,
    metrics_pb2_grpc,
    models_pb2_grpc,
    transactions_pb2,
    transactions_pb2_grpc,
    uplift_pb2_grpc,
)


def timestamp(value: _dt.datetime) -> timestamp_pb2.Timestamp:
    """A protobuf Timestamp from a datetime (a naive datetime is taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    ts = timestamp_pb2.Timestamp()
    ts.FromDatetime(value.astimezone(_dt.timezone.utc).replace(tzinfo=None))
    return ts


def _channel(target: str, options: tuple, ca_file: Optional[str]) -> grpc.Channel:
    """`http://host:port` or `host:port` → plaintext HTTP/2; `https://host:port` → TLS, trusting the PEM
    ``ca_file`` instead of the system roots when one is given (it is not read for plaintext)."""
    if "://" not in target:
        return grpc.insecure_channel(target, options=options)
    url = urlparse(target)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise ValueError(f"unsupported server address {target!r}: use http://host:port, https://host:port or host:port")
    if url.scheme == "https":
        root_certificates = None
        if ca_file:
            with open(ca_file, "rb") as pem:
                root_certificates = pem.read()
        return grpc.secure_channel(url.netloc, grpc.ssl_channel_credentials(root_certificates), options=options)
    return grpc.insecure_channel(url.netloc, options=options)


API_KEY_HEADER = "x-api-key"
API_KEY_VARIABLE = "CRM_API_KEY"
BEARER_TOKEN_VARIABLE = "CRM_BEARER_TOKEN"
CA_FILE_VARIABLE = "CRM_CA_FILE"


def _credential_metadata(api_key: Optional[str], bearer_token: Optional[str]) -> list:
    """The metadata that authenticates each call: the arguments when either is given, else the environment's
    ``CRM_API_KEY`` / ``CRM_BEARER_TOKEN`` (an explicit choice never mixes with a variable); empty means none."""
    if api_key is None and bearer_token is None:
        api_key = _os.environ.get(API_KEY_VARIABLE)
        bearer_token = _os.environ.get(BEARER_TOKEN_VARIABLE)
    if api_key and bearer_token:
        raise ValueError("give an API key or a bearer token, not both")
    if api_key:
        return [(API_KEY_HEADER, api_key)]
    if bearer_token:
        return [("authorization", f"Bearer {bearer_token}")]
    return []


class _CallDetails(
    _collections.namedtuple("_CallDetails", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
    grpc.ClientCallDetails,
):
    pass


class _MetadataInterceptor(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds the credential metadata to every call (call credentials would need TLS; the server also speaks h2c)."""

    def __init__(self, metadata: list) -> None:
        self._metadata = metadata

    def _details(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = list(details.metadata or ()) + self._metadata
        return _CallDetails(details.method, details.timeout, metadata, details.credentials,
                            getattr(details, "wait_for_ready", None), getattr(details, "compression", None))

    def intercept_unary_unary(self, continuation, client_call_details, request):
        return continuation(self._details(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):
        return continuation(self._details(client_call_details), request)

    def intercept_stream_unary(self, continuation, client_call_details, request_iterator):
        return continuation(self._details(client_call_details), request_iterator)

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):
        return continuation(self._details(client_call_details), request_iterator)


class CrmClient:
    """Every crm.v1 service over one channel. Use as ``with CrmClient(url) as crm: ...``.

    The raw generated stubs are attributes (``customers``, ``transactions``, ``engagement``, ``metrics``,
    ``models``, ``uplift``); the methods below wrap the common calls. Every call uses ``timeout``
    seconds unless told otherwise; failures raise ``grpc.RpcError`` (see ``crm_client.bad_request``).
    ``api_key`` is sent as ``x-api-key`` on every call, or ``bearer_token`` as ``authorization: Bearer …``
    (one or the other; when neither is given, ``$CRM_API_KEY`` or ``$CRM_BEARER_TOKEN``; empty means none).
    ``ca_file`` (default ``$CRM_CA_FILE``; system roots when empty) is the PEM CA an ``https://`` server's
    certificate must chain to.
    """

    def __init__(self, target: str, *, timeout: Optional[float] = 30.0, options: tuple = (),
                 api_key: Optional[str] = None, bearer_token: Optional[str] = None,
                 ca_file: Optional[str] = None) -> None:
        self.target = target
        self.timeout = timeout
        metadata = _credential_metadata(api_key, bearer_token)
        ca_file = ca_file if ca_file is not None else _os.environ.get(CA_FILE_VARIABLE)
        self._raw_channel = _channel(target, options, ca_file)
        self._channel = (grpc.intercept_channel(self._raw_channel, _MetadataInterceptor(metadata))
                         if metadata else self._raw_channel)
        self.customers = customers_pb2_grpc.CustomerServiceStub(self._channel)
        self.transactions = transactions_pb2_grpc.TransactionServiceStub(self._channel)
        self.engagement = engagement_pb2_grpc.EngagementServiceStub(self._channel)
        self.metrics = metrics_pb2_grpc.MetricsServiceStub(self._channel)
        self.models = models_pb2_grpc.ModelServiceStub(self._channel)
        self.uplift = uplift_pb2_grpc.UpliftServiceStub(self._channel)

    def __enter__(self) -> "CrmClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._raw_channel.close()

    # --- customers ------------------------------------------------------------------------------------
    def create_customer(self, customer: customers_pb2.Customer) -> customers_pb2.Customer:
        request = customers_pb2.CreateCustomerRequest(customer=customer)
        return self.customers.CreateCustomer(request, timeout=self.timeout).customer

    def get_customer(self, customer_id: str) -> customers_pb2.Customer:
        request = customers_pb2.GetCustomerRequest(id=customer_id)
        return self.customers.GetCustomer(request, timeout=self.timeout).customer

    def import_customers(
        self, batches: Iterable[Iterable[customers_pb2.Customer]]
    ) -> customers_pb2.ImportCustomersResponse:
        """Client streaming: one request message per batch; returns the import summary."""
        requests = (customers_pb2.ImportCustomersRequest(customers=list(b)) for b in batches)
        return self.customers.ImportCustomers(requests, timeout=self.timeout)

    # --- transactions ---------------------------------------------------------------------------------
    def import_transactions(
        self, batches: Iterable[Iterable[transactions_pb2.Transaction]]
    ) -> transactions_pb2.ImportTransactionsResponse:
        """Client streaming: one request message per batch; returns the import summary."""
        requests = (transactions_pb2.ImportTransactionsRequest(transactions=list(b)) for b in batches)
        return self.transactions.ImportTransactions(requests, timeout=self.timeout)

    # --- metrics --------------------------------------------------------------------------------------
    def calculate_clv(
        self,
        average_purchase_value: float,
        purchases_per_year: float,
        lifespan_years: Optional[float] = None,
        *,
        margin: Optional[float] = None,
        annual_discount_rate: Optional[float] = None,
        retention_rate: Optional[float] = None,
    ) -> metrics_pb2.CalculateClvResponse:
        request = metrics_pb2.CalculateClvRequest(
            average_purchase_value=average_purchase_value, purchases_per_year=purchases_per_year
        )
        for name, value in (
            ("lifespan_years", lifespan_years),
            ("margin", margin),
            ("annual_discount_rate", annual_discount_rate),
            ("retention_rate", retention_rate),
        ):
            if value is not None:
                setattr(request, name, value)
        return self.metrics.CalculateClv(request, timeout=self.timeout)

    def get_portfolio_metrics(
        self,
        start: _dt.datetime,
        end: _dt.datetime,
        group_by: Optional[common_pb2.GroupBy] = None,
    ) -> metrics_pb2.GetPortfolioMetricsResponse:
        """Every descriptive metric over the half-open period [start, end)."""
        request = metrics_pb2.GetPortfolioMetricsRequest(
            period=common_pb2.Period(start=timestamp(start), end=timestamp(end)), group_by=group_by
        )
        return self.metrics.GetPortfolioMetrics(request, timeout=self.timeout)

    def stream_customer_metrics(
        self,
        *,
        customer_ids: Iterable[str] = (),
        segment: str = "",
        channel: str = "",
        batch_size: int = 0,
        timeout: Optional[float] = None,
    ) -> Iterator[metrics_pb2.StreamCustomerMetricsResponse]:
        """Server streaming: yields each message as it arrives, a `progress` or a `batch` (oneof payload)."""
        request = metrics_pb2.StreamCustomerMetricsRequest(
            filter=metrics_pb2.CustomerFilter(
                customer_ids=list(customer_ids), segment=segment, channel=channel
            ),
            batch_size=batch_size,
        )
        call = self.metrics.StreamCustomerMetrics(
            request, timeout=self.timeout if timeout is None else timeout
        )
        try:
            yield from call
        finally:
            call.cancel()  # a no-op once the stream has ended; stops the server's scan if the caller quits early

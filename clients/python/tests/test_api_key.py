"""The API key reaches the server as x-api-key metadata, a bearer token as authorization (a local recording
server; no CRM_SERVER_URL needed)."""

from concurrent import futures

import grpc
import pytest

from crm_client import CrmClient, customers_pb2


class _Recorder(grpc.GenericRpcHandler):
    """Answers GetCustomer and ImportCustomers, recording each call's x-api-key and authorization (None when absent)."""

    def __init__(self) -> None:
        self.keys = []
        self.authorizations = []

    def _key(self, context) -> None:
        metadata = dict(context.invocation_metadata())
        self.keys.append(metadata.get("x-api-key"))
        self.authorizations.append(metadata.get("authorization"))

    def service(self, handler_call_details):
        def get(request, context):
            self._key(context)
            return customers_pb2.GetCustomerResponse(customer=customers_pb2.Customer(id=request.id))

        def imported(requests, context):
            self._key(context)
            return customers_pb2.ImportCustomersResponse(accepted=sum(len(r.customers) for r in requests))

        if handler_call_details.method == "/crm.v1.CustomerService/GetCustomer":
            return grpc.unary_unary_rpc_method_handler(
                get, customers_pb2.GetCustomerRequest.FromString, customers_pb2.GetCustomerResponse.SerializeToString)
        if handler_call_details.method == "/crm.v1.CustomerService/ImportCustomers":
            return grpc.stream_unary_rpc_method_handler(
                imported, customers_pb2.ImportCustomersRequest.FromString, customers_pb2.ImportCustomersResponse.SerializeToString)
        return None


@pytest.fixture
def recorder():
    handler = _Recorder()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2), handlers=(handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield handler, f"http://127.0.0.1:{port}"
    server.stop(None)


def _both(crm: CrmClient) -> None:
    assert crm.get_customer("c-1").id == "c-1"
    crm.import_customers([[customers_pb2.Customer(id="c-2")]])


@pytest.fixture(autouse=True)
def no_credentials_in_the_environment(monkeypatch):
    monkeypatch.delenv("CRM_API_KEY", raising=False)
    monkeypatch.delenv("CRM_BEARER_TOKEN", raising=False)


def test_the_key_is_sent_on_unary_and_streaming_calls(recorder, monkeypatch):
    handler, url = recorder
    with CrmClient(url, api_key="k-123") as crm:
        _both(crm)
    assert handler.keys == ["k-123", "k-123"]


def test_the_key_comes_from_CRM_API_KEY_unless_given(recorder, monkeypatch):
    handler, url = recorder
    monkeypatch.setenv("CRM_API_KEY", "from-env")
    with CrmClient(url) as crm:
        _both(crm)
    with CrmClient(url, api_key="given") as crm:
        crm.get_customer("c-1")
    assert handler.keys == ["from-env", "from-env", "given"]


def test_without_a_key_none_is_sent(recorder, monkeypatch):
    handler, url = recorder
    with CrmClient(url) as crm:
        _both(crm)
    with CrmClient(url, api_key="") as crm:
        crm.get_customer("c-1")
    assert handler.keys == [None, None, None]


def test_a_bearer_token_is_sent_as_authorization_instead_of_a_key(recorder, monkeypatch):
    handler, url = recorder
    monkeypatch.setenv("CRM_API_KEY", "from-env")  # an explicit token does not mix with the variable's key
    with CrmClient(url, bearer_token="t-456") as crm:
        _both(crm)
    assert handler.authorizations == ["Bearer t-456", "Bearer t-456"]
    assert handler.keys == [None, None]


def test_the_token_comes_from_CRM_BEARER_TOKEN_when_no_credential_is_given(recorder, monkeypatch):
    handler, url = recorder
    monkeypatch.setenv("CRM_BEARER_TOKEN", "from-env")
    with CrmClient(url) as crm:
        crm.get_customer("c-1")
    with CrmClient(url, api_key="given") as crm:
        crm.get_customer("c-1")
    assert handler.authorizations == ["Bearer from-env", None]
    assert handler.keys == [None, "given"]


def test_a_key_and_a_token_together_are_refused(monkeypatch):
    with pytest.raises(ValueError, match="not both"):
        CrmClient("http://127.0.0.1:1", api_key="k", bearer_token="t")
    monkeypatch.setenv("CRM_API_KEY", "k")
    monkeypatch.setenv("CRM_BEARER_TOKEN", "t")
    with pytest.raises(ValueError, match="not both"):
        CrmClient("http://127.0.0.1:1")

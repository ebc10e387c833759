"""The Python client over TLS against a live server that wants credentials (scripts/test.sh starts one).

Needs CRM_TLS_SERVER_URL (https://…), CRM_CA_FILE (the PEM CA the server's certificate chains to) and
CRM_API_KEY (a key the server accepts); CRM_TLS_BEARER_TOKEN (a JWT it accepts) for the bearer test (not
CRM_BEARER_TOKEN, which with CRM_API_KEY would be two credentials at once). Skips without.
"""

import os

import grpc
import pytest

from crm_client import CrmClient


@pytest.fixture(scope="module")
def tls_url() -> str:
    url = os.environ.get("CRM_TLS_SERVER_URL")
    if not url or not os.environ.get("CRM_CA_FILE") or not os.environ.get("CRM_API_KEY"):
        pytest.skip("CRM_TLS_SERVER_URL, CRM_CA_FILE and CRM_API_KEY are not all set: "
                    "these tests need a TLS server that wants an API key (see scripts/test.sh)")
    return url


def _call_code(crm: CrmClient) -> grpc.StatusCode:
    try:
        crm.calculate_clv(100, 4, 5)
    except grpc.RpcError as err:
        return err.code()
    return grpc.StatusCode.OK


def test_https_with_the_ca_file_and_the_key_succeeds(tls_url):
    with CrmClient(tls_url, timeout=30) as crm:  # both from CRM_CA_FILE and CRM_API_KEY
        assert crm.calculate_clv(100, 4, 5).clv == pytest.approx(2000)
    with CrmClient(tls_url, timeout=30, ca_file=os.environ["CRM_CA_FILE"], api_key=os.environ["CRM_API_KEY"]) as crm:
        assert crm.calculate_clv(100, 4, 5).clv == pytest.approx(2000)


def test_without_the_ca_file_the_certificate_is_not_trusted(tls_url):
    with CrmClient(tls_url, timeout=30, ca_file="") as crm:
        with pytest.raises(grpc.RpcError) as caught:
            crm.calculate_clv(100, 4, 5)
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "ssl" in caught.value.details().lower() or "certificate" in caught.value.details().lower()


def test_without_the_key_the_call_is_unauthenticated(tls_url):
    with CrmClient(tls_url, timeout=30, api_key="") as crm:
        assert _call_code(crm) == grpc.StatusCode.UNAUTHENTICATED


def test_a_bearer_token_is_read_by_the_server(tls_url):
    token = os.environ.get("CRM_TLS_BEARER_TOKEN")
    if not token:
        pytest.skip("CRM_TLS_BEARER_TOKEN is not set: the TLS server's bearer scheme is not configured")
    with CrmClient(tls_url, timeout=30, bearer_token=token) as crm:
        assert crm.calculate_clv(100, 4, 5).clv == pytest.approx(2000)
    with CrmClient(tls_url, timeout=30, bearer_token=token + "x") as crm:
        with pytest.raises(grpc.RpcError) as caught:
            crm.calculate_clv(100, 4, 5)
    # "not valid", not "credentials required": the server received the token and rejected it.
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "not valid" in caught.value.details()

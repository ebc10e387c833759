import os
import sys
import uuid

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from crm_client import CrmClient  # noqa: E402


@pytest.fixture(scope="session")
def server_url() -> str:
    url = os.environ.get("CRM_SERVER_URL")
    if not url:
        pytest.skip("CRM_SERVER_URL is not set: these tests need a live CrmGrpc server (see test.sh)")
    return url


@pytest.fixture
def crm(server_url):
    with CrmClient(server_url, timeout=30) as client:
        yield client


@pytest.fixture
def run_id() -> str:
    """A unique prefix per test, so reruns against the same server never collide."""
    return f"pyt-{uuid.uuid4().hex[:12]}"

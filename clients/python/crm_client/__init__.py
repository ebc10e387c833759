"""Python client of the CrmGrpc contract (crm.v1).

``CrmClient`` is a context manager over one gRPC channel; the generated stubs live in ``../gen``
(scripts/generate-clients.sh) and are importable as ``crm.v1.*_pb2`` once this package is imported.
"""

import os as _os
import sys as _sys

_GEN = _os.path.join(_os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))), "gen")
if _GEN not in _sys.path:
    _sys.path.insert(0, _GEN)

from crm.v1 import (  # noqa: E402  (needs the gen folder on the path first)
    common_pb2,
    customers_pb2,
    engagement_pb2,
    metrics_pb2,
    models_pb2,
    transactions_pb2,
    uplift_pb2,
)

from .client import CrmClient, timestamp  # noqa: E402
from .errors import FieldViolation, bad_request, rpc_status  # noqa: E402

__all__ = [
    "CrmClient",
    "FieldViolation",
    "bad_request",
    "rpc_status",
    "timestamp",
    "common_pb2",
    "customers_pb2",
    "engagement_pb2",
    "metrics_pb2",
    "models_pb2",
    "transactions_pb2",
    "uplift_pb2",
]

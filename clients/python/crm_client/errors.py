"""Reads the rich error model (google.rpc.Status) that the server sends in `grpc-status-details-bin`."""

from __future__ import annotations

from typing import NamedTuple, Optional

import grpc
from google.rpc import error_details_pb2, status_pb2

STATUS_DETAILS_KEY = "grpc-status-details-bin"


class FieldViolation(NamedTuple):
    """One bad field of a google.rpc.BadRequest: its proto path and what is wrong with it."""

    field: str
    description: str


def rpc_status(error: grpc.RpcError) -> Optional[status_pb2.Status]:
    """The google.rpc.Status in the error's trailers, or None when the server sent none."""
    trailers = error.trailing_metadata() if isinstance(error, grpc.Call) else None
    for key, value in trailers or ():
        if key == STATUS_DETAILS_KEY:
            status = status_pb2.Status()
            status.ParseFromString(value)
            return status
    return None


def bad_request(error: grpc.RpcError) -> list[FieldViolation]:
    """Every field violation of every google.rpc.BadRequest detail of the error (empty when none)."""
    status = rpc_status(error)
    violations: list[FieldViolation] = []
    for detail in status.details if status is not None else ():
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            request = error_details_pb2.BadRequest()
            detail.Unpack(request)
            violations.extend(FieldViolation(v.field, v.description) for v in request.field_violations)
    return violations

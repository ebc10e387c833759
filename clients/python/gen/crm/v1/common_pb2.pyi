from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
GRANULARITY_MONTH: Granularity
GRANULARITY_QUARTER: Granularity
GRANULARITY_UNSPECIFIED: Granularity
GRANULARITY_YEAR: Granularity
GROUP_BY_DIMENSION_ATTRIBUTE: GroupByDimension
GROUP_BY_DIMENSION_CHANNEL: GroupByDimension
GROUP_BY_DIMENSION_SEGMENT: GroupByDimension
GROUP_BY_DIMENSION_UNSPECIFIED: GroupByDimension
REJECTION_CODE_BAD_AMOUNT: RejectionCode
REJECTION_CODE_BAD_CURRENCY: RejectionCode
REJECTION_CODE_BAD_TIMESTAMP: RejectionCode
REJECTION_CODE_CONFLICT: RejectionCode
REJECTION_CODE_DUPLICATE_IN_BATCH: RejectionCode
REJECTION_CODE_INVALID_FIELD: RejectionCode
REJECTION_CODE_UNKNOWN_CUSTOMER: RejectionCode
REJECTION_CODE_UNSPECIFIED: RejectionCode

class GroupBy(_message.Message):
    __slots__ = ["attribute_key", "dimension"]
    ATTRIBUTE_KEY_FIELD_NUMBER: _ClassVar[int]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    attribute_key: str
    dimension: GroupByDimension
    def __init__(self, dimension: _Optional[_Union[GroupByDimension, str]] = ..., attribute_key: _Optional[str] = ...) -> None: ...

class ImportError(_message.Message):
    __slots__ = ["code", "field", "id", "position", "reason"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    code: RejectionCode
    field: str
    id: str
    position: int
    reason: str
    def __init__(self, id: _Optional[str] = ..., position: _Optional[int] = ..., code: _Optional[_Union[RejectionCode, str]] = ..., field: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class Period(_message.Message):
    __slots__ = ["end", "start"]
    END_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    end: _timestamp_pb2.Timestamp
    start: _timestamp_pb2.Timestamp
    def __init__(self, start: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UnavailableMetric(_message.Message):
    __slots__ = ["metric", "reason"]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    metric: str
    reason: str
    def __init__(self, metric: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RejectionCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class GroupByDimension(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Granularity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

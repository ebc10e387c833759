from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
UPLIFT_METRIC_HISTORICAL_CLV: UpliftMetric
UPLIFT_METRIC_PURCHASE_FREQUENCY: UpliftMetric
UPLIFT_METRIC_REPEAT_PURCHASE_RATE: UpliftMetric
UPLIFT_METRIC_REVENUE_PER_CUSTOMER: UpliftMetric
UPLIFT_METRIC_UNSPECIFIED: UpliftMetric

class DifferenceInDifferences(_message.Message):
    __slots__ = ["ci_lower", "ci_upper", "estimate"]
    CI_LOWER_FIELD_NUMBER: _ClassVar[int]
    CI_UPPER_FIELD_NUMBER: _ClassVar[int]
    ESTIMATE_FIELD_NUMBER: _ClassVar[int]
    ci_lower: float
    ci_upper: float
    estimate: float
    def __init__(self, estimate: _Optional[float] = ..., ci_lower: _Optional[float] = ..., ci_upper: _Optional[float] = ...) -> None: ...

class MeasureUpliftRequest(_message.Message):
    __slots__ = ["baseline_start", "bootstrap_samples", "breakdown", "change_id", "control_customer_ids", "control_segment", "metric", "post_end", "seed", "treated_customer_ids", "treated_segment", "window_days"]
    BASELINE_START_FIELD_NUMBER: _ClassVar[int]
    BOOTSTRAP_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    BREAKDOWN_FIELD_NUMBER: _ClassVar[int]
    CHANGE_ID_FIELD_NUMBER: _ClassVar[int]
    CONTROL_CUSTOMER_IDS_FIELD_NUMBER: _ClassVar[int]
    CONTROL_SEGMENT_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    POST_END_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    TREATED_CUSTOMER_IDS_FIELD_NUMBER: _ClassVar[int]
    TREATED_SEGMENT_FIELD_NUMBER: _ClassVar[int]
    WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    baseline_start: _timestamp_pb2.Timestamp
    bootstrap_samples: int
    breakdown: bool
    change_id: str
    control_customer_ids: _containers.RepeatedScalarFieldContainer[str]
    control_segment: str
    metric: UpliftMetric
    post_end: _timestamp_pb2.Timestamp
    seed: int
    treated_customer_ids: _containers.RepeatedScalarFieldContainer[str]
    treated_segment: str
    window_days: int
    def __init__(self, change_id: _Optional[str] = ..., metric: _Optional[_Union[UpliftMetric, str]] = ..., treated_segment: _Optional[str] = ..., treated_customer_ids: _Optional[_Iterable[str]] = ..., control_segment: _Optional[str] = ..., control_customer_ids: _Optional[_Iterable[str]] = ..., window_days: _Optional[int] = ..., baseline_start: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., post_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., bootstrap_samples: _Optional[int] = ..., seed: _Optional[int] = ..., breakdown: bool = ...) -> None: ...

class MeasureUpliftResponse(_message.Message):
    __slots__ = ["baseline_start", "breakdown", "control", "control_pre_trend", "difference_in_differences", "effective_at", "post_end", "treated", "treated_pre_trend", "warnings"]
    BASELINE_START_FIELD_NUMBER: _ClassVar[int]
    BREAKDOWN_FIELD_NUMBER: _ClassVar[int]
    CONTROL_FIELD_NUMBER: _ClassVar[int]
    CONTROL_PRE_TREND_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCE_IN_DIFFERENCES_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_AT_FIELD_NUMBER: _ClassVar[int]
    POST_END_FIELD_NUMBER: _ClassVar[int]
    TREATED_FIELD_NUMBER: _ClassVar[int]
    TREATED_PRE_TREND_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    baseline_start: _timestamp_pb2.Timestamp
    breakdown: _containers.RepeatedCompositeFieldContainer[UpliftBreakdown]
    control: UpliftGroupResult
    control_pre_trend: float
    difference_in_differences: DifferenceInDifferences
    effective_at: _timestamp_pb2.Timestamp
    post_end: _timestamp_pb2.Timestamp
    treated: UpliftGroupResult
    treated_pre_trend: float
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, treated: _Optional[_Union[UpliftGroupResult, _Mapping]] = ..., control: _Optional[_Union[UpliftGroupResult, _Mapping]] = ..., difference_in_differences: _Optional[_Union[DifferenceInDifferences, _Mapping]] = ..., baseline_start: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., effective_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., post_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., warnings: _Optional[_Iterable[str]] = ..., treated_pre_trend: _Optional[float] = ..., control_pre_trend: _Optional[float] = ..., breakdown: _Optional[_Iterable[_Union[UpliftBreakdown, _Mapping]]] = ...) -> None: ...

class UpliftBreakdown(_message.Message):
    __slots__ = ["control", "dimension", "key", "treated"]
    CONTROL_FIELD_NUMBER: _ClassVar[int]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    TREATED_FIELD_NUMBER: _ClassVar[int]
    control: UpliftGroupResult
    dimension: str
    key: str
    treated: UpliftGroupResult
    def __init__(self, dimension: _Optional[str] = ..., key: _Optional[str] = ..., treated: _Optional[_Union[UpliftGroupResult, _Mapping]] = ..., control: _Optional[_Union[UpliftGroupResult, _Mapping]] = ...) -> None: ...

class UpliftGroupResult(_message.Message):
    __slots__ = ["baseline", "ci_lower", "ci_upper", "customers", "post", "uplift"]
    BASELINE_FIELD_NUMBER: _ClassVar[int]
    CI_LOWER_FIELD_NUMBER: _ClassVar[int]
    CI_UPPER_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    UPLIFT_FIELD_NUMBER: _ClassVar[int]
    baseline: float
    ci_lower: float
    ci_upper: float
    customers: int
    post: float
    uplift: float
    def __init__(self, baseline: _Optional[float] = ..., post: _Optional[float] = ..., uplift: _Optional[float] = ..., ci_lower: _Optional[float] = ..., ci_upper: _Optional[float] = ..., customers: _Optional[int] = ...) -> None: ...

class UpliftMetric(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

from crm.v1 import common_pb2 as _common_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
SURVEY_KIND_CES: SurveyKind
SURVEY_KIND_CSAT: SurveyKind
SURVEY_KIND_NPS: SurveyKind
SURVEY_KIND_UNSPECIFIED: SurveyKind

class ActivityEvent(_message.Message):
    __slots__ = ["count", "customer_id", "id", "kind", "occurred_at"]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    count: int
    customer_id: str
    id: str
    kind: str
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., customer_id: _Optional[str] = ..., occurred_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class CrmChange(_message.Message):
    __slots__ = ["description", "effective_at", "id", "name", "treated_customer_ids", "treated_segment"]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TREATED_CUSTOMER_IDS_FIELD_NUMBER: _ClassVar[int]
    TREATED_SEGMENT_FIELD_NUMBER: _ClassVar[int]
    description: str
    effective_at: _timestamp_pb2.Timestamp
    id: str
    name: str
    treated_customer_ids: _containers.RepeatedScalarFieldContainer[str]
    treated_segment: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., effective_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., description: _Optional[str] = ..., treated_segment: _Optional[str] = ..., treated_customer_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ImportActivityEventsRequest(_message.Message):
    __slots__ = ["events"]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[ActivityEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[ActivityEvent, _Mapping]]] = ...) -> None: ...

class ImportActivityEventsResponse(_message.Message):
    __slots__ = ["accepted", "duplicates", "errors", "errors_omitted", "rejected"]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_OMITTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    duplicates: int
    errors: _containers.RepeatedCompositeFieldContainer[_common_pb2.ImportError]
    errors_omitted: int
    rejected: int
    def __init__(self, accepted: _Optional[int] = ..., duplicates: _Optional[int] = ..., rejected: _Optional[int] = ..., errors: _Optional[_Iterable[_Union[_common_pb2.ImportError, _Mapping]]] = ..., errors_omitted: _Optional[int] = ...) -> None: ...

class ImportMarketingSpendRequest(_message.Message):
    __slots__ = ["spends"]
    SPENDS_FIELD_NUMBER: _ClassVar[int]
    spends: _containers.RepeatedCompositeFieldContainer[MarketingSpend]
    def __init__(self, spends: _Optional[_Iterable[_Union[MarketingSpend, _Mapping]]] = ...) -> None: ...

class ImportMarketingSpendResponse(_message.Message):
    __slots__ = ["accepted", "duplicates", "errors", "errors_omitted", "rejected"]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_OMITTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    duplicates: int
    errors: _containers.RepeatedCompositeFieldContainer[_common_pb2.ImportError]
    errors_omitted: int
    rejected: int
    def __init__(self, accepted: _Optional[int] = ..., duplicates: _Optional[int] = ..., rejected: _Optional[int] = ..., errors: _Optional[_Iterable[_Union[_common_pb2.ImportError, _Mapping]]] = ..., errors_omitted: _Optional[int] = ...) -> None: ...

class ImportSupportInteractionsRequest(_message.Message):
    __slots__ = ["interactions"]
    INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    interactions: _containers.RepeatedCompositeFieldContainer[SupportInteraction]
    def __init__(self, interactions: _Optional[_Iterable[_Union[SupportInteraction, _Mapping]]] = ...) -> None: ...

class ImportSupportInteractionsResponse(_message.Message):
    __slots__ = ["accepted", "duplicates", "errors", "errors_omitted", "rejected"]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_OMITTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    duplicates: int
    errors: _containers.RepeatedCompositeFieldContainer[_common_pb2.ImportError]
    errors_omitted: int
    rejected: int
    def __init__(self, accepted: _Optional[int] = ..., duplicates: _Optional[int] = ..., rejected: _Optional[int] = ..., errors: _Optional[_Iterable[_Union[_common_pb2.ImportError, _Mapping]]] = ..., errors_omitted: _Optional[int] = ...) -> None: ...

class ImportSurveyResponsesRequest(_message.Message):
    __slots__ = ["responses"]
    RESPONSES_FIELD_NUMBER: _ClassVar[int]
    responses: _containers.RepeatedCompositeFieldContainer[SurveyResponse]
    def __init__(self, responses: _Optional[_Iterable[_Union[SurveyResponse, _Mapping]]] = ...) -> None: ...

class ImportSurveyResponsesResponse(_message.Message):
    __slots__ = ["accepted", "duplicates", "errors", "errors_omitted", "rejected"]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_OMITTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    duplicates: int
    errors: _containers.RepeatedCompositeFieldContainer[_common_pb2.ImportError]
    errors_omitted: int
    rejected: int
    def __init__(self, accepted: _Optional[int] = ..., duplicates: _Optional[int] = ..., rejected: _Optional[int] = ..., errors: _Optional[_Iterable[_Union[_common_pb2.ImportError, _Mapping]]] = ..., errors_omitted: _Optional[int] = ...) -> None: ...

class ListCrmChangesRequest(_message.Message):
    __slots__ = ["page_size", "page_token"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCrmChangesResponse(_message.Message):
    __slots__ = ["changes", "next_page_token"]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[CrmChange]
    next_page_token: str
    def __init__(self, changes: _Optional[_Iterable[_Union[CrmChange, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class MarketingSpend(_message.Message):
    __slots__ = ["amount_minor", "channel", "currency", "id", "period_end", "period_start"]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    amount_minor: int
    channel: str
    currency: str
    id: str
    period_end: _timestamp_pb2.Timestamp
    period_start: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., channel: _Optional[str] = ..., period_start: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., period_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., amount_minor: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class RecordCrmChangeRequest(_message.Message):
    __slots__ = ["change"]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    change: CrmChange
    def __init__(self, change: _Optional[_Union[CrmChange, _Mapping]] = ...) -> None: ...

class RecordCrmChangeResponse(_message.Message):
    __slots__ = ["change"]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    change: CrmChange
    def __init__(self, change: _Optional[_Union[CrmChange, _Mapping]] = ...) -> None: ...

class SupportInteraction(_message.Message):
    __slots__ = ["customer_id", "first_response_at", "handle_seconds", "id", "opened_at", "resolved_at"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_AT_FIELD_NUMBER: _ClassVar[int]
    HANDLE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    first_response_at: _timestamp_pb2.Timestamp
    handle_seconds: float
    id: str
    opened_at: _timestamp_pb2.Timestamp
    resolved_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., customer_id: _Optional[str] = ..., opened_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., first_response_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., handle_seconds: _Optional[float] = ...) -> None: ...

class SurveyResponse(_message.Message):
    __slots__ = ["customer_id", "id", "kind", "responded_at", "score"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RESPONDED_AT_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    id: str
    kind: SurveyKind
    responded_at: _timestamp_pb2.Timestamp
    score: int
    def __init__(self, id: _Optional[str] = ..., customer_id: _Optional[str] = ..., kind: _Optional[_Union[SurveyKind, str]] = ..., score: _Optional[int] = ..., responded_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SurveyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

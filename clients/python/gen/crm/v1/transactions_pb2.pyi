from crm.v1 import common_pb2 as _common_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
SALE_TYPE_CROSS_SELL: SaleType
SALE_TYPE_NEW: SaleType
SALE_TYPE_REPEAT: SaleType
SALE_TYPE_UNSPECIFIED: SaleType
SALE_TYPE_UPSELL: SaleType
TRANSACTION_KIND_PURCHASE: TransactionKind
TRANSACTION_KIND_REFUND: TransactionKind
TRANSACTION_KIND_UNSPECIFIED: TransactionKind

class ImportTransactionsRequest(_message.Message):
    __slots__ = ["transactions"]
    TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    transactions: _containers.RepeatedCompositeFieldContainer[Transaction]
    def __init__(self, transactions: _Optional[_Iterable[_Union[Transaction, _Mapping]]] = ...) -> None: ...

class ImportTransactionsResponse(_message.Message):
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

class ListTransactionsRequest(_message.Message):
    __slots__ = ["customer_id", "page_size", "page_token", "period"]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    page_size: int
    page_token: str
    period: _common_pb2.Period
    def __init__(self, customer_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ...) -> None: ...

class ListTransactionsResponse(_message.Message):
    __slots__ = ["next_page_token", "transactions"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    transactions: _containers.RepeatedCompositeFieldContainer[Transaction]
    def __init__(self, transactions: _Optional[_Iterable[_Union[Transaction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RecordTransactionRequest(_message.Message):
    __slots__ = ["transaction"]
    TRANSACTION_FIELD_NUMBER: _ClassVar[int]
    transaction: Transaction
    def __init__(self, transaction: _Optional[_Union[Transaction, _Mapping]] = ...) -> None: ...

class RecordTransactionResponse(_message.Message):
    __slots__ = ["duplicate", "transaction"]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_FIELD_NUMBER: _ClassVar[int]
    duplicate: bool
    transaction: Transaction
    def __init__(self, transaction: _Optional[_Union[Transaction, _Mapping]] = ..., duplicate: bool = ...) -> None: ...

class Transaction(_message.Message):
    __slots__ = ["amount_minor", "category", "cost_minor", "currency", "customer_id", "id", "kind", "occurred_at", "product", "sale_type"]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    SALE_TYPE_FIELD_NUMBER: _ClassVar[int]
    amount_minor: int
    category: str
    cost_minor: int
    currency: str
    customer_id: str
    id: str
    kind: TransactionKind
    occurred_at: _timestamp_pb2.Timestamp
    product: str
    sale_type: SaleType
    def __init__(self, id: _Optional[str] = ..., customer_id: _Optional[str] = ..., occurred_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., amount_minor: _Optional[int] = ..., currency: _Optional[str] = ..., kind: _Optional[_Union[TransactionKind, str]] = ..., sale_type: _Optional[_Union[SaleType, str]] = ..., cost_minor: _Optional[int] = ..., product: _Optional[str] = ..., category: _Optional[str] = ...) -> None: ...

class TransactionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SaleType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BackupChunk(_message.Message):
    __slots__ = ["data", "offset"]
    DATA_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    offset: int
    def __init__(self, offset: _Optional[int] = ..., data: _Optional[bytes] = ...) -> None: ...

class BackupComplete(_message.Message):
    __slots__ = ["sha256", "size_bytes"]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    size_bytes: int
    def __init__(self, size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ...) -> None: ...

class BackupDatabaseRequest(_message.Message):
    __slots__ = ["chunk_bytes"]
    CHUNK_BYTES_FIELD_NUMBER: _ClassVar[int]
    chunk_bytes: int
    def __init__(self, chunk_bytes: _Optional[int] = ...) -> None: ...

class BackupDatabaseResponse(_message.Message):
    __slots__ = ["chunk", "complete", "manifest"]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    MANIFEST_FIELD_NUMBER: _ClassVar[int]
    chunk: BackupChunk
    complete: BackupComplete
    manifest: BackupManifest
    def __init__(self, manifest: _Optional[_Union[BackupManifest, _Mapping]] = ..., chunk: _Optional[_Union[BackupChunk, _Mapping]] = ..., complete: _Optional[_Union[BackupComplete, _Mapping]] = ...) -> None: ...

class BackupManifest(_message.Message):
    __slots__ = ["copy_seconds", "customers", "schema_version", "size_bytes", "snapshot_time", "transactions"]
    COPY_SECONDS_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_TIME_FIELD_NUMBER: _ClassVar[int]
    TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    copy_seconds: float
    customers: int
    schema_version: int
    size_bytes: int
    snapshot_time: _timestamp_pb2.Timestamp
    transactions: int
    def __init__(self, size_bytes: _Optional[int] = ..., schema_version: _Optional[int] = ..., snapshot_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., customers: _Optional[int] = ..., transactions: _Optional[int] = ..., copy_seconds: _Optional[float] = ...) -> None: ...

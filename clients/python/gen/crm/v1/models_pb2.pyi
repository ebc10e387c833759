from crm.v1 import metrics_pb2 as _metrics_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BgNbdFit(_message.Message):
    __slots__ = ["a", "alpha", "b", "converged", "iterations", "log_likelihood", "r", "standard_errors"]
    ALPHA_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    CONVERGED_FIELD_NUMBER: _ClassVar[int]
    ITERATIONS_FIELD_NUMBER: _ClassVar[int]
    LOG_LIKELIHOOD_FIELD_NUMBER: _ClassVar[int]
    R_FIELD_NUMBER: _ClassVar[int]
    STANDARD_ERRORS_FIELD_NUMBER: _ClassVar[int]
    a: float
    alpha: float
    b: float
    converged: bool
    iterations: int
    log_likelihood: float
    r: float
    standard_errors: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, r: _Optional[float] = ..., alpha: _Optional[float] = ..., a: _Optional[float] = ..., b: _Optional[float] = ..., log_likelihood: _Optional[float] = ..., converged: bool = ..., iterations: _Optional[int] = ..., standard_errors: _Optional[_Iterable[float]] = ...) -> None: ...

class FitModelsRequest(_message.Message):
    __slots__ = ["calibration_end", "penalizer_coef", "segment", "time_unit"]
    CALIBRATION_END_FIELD_NUMBER: _ClassVar[int]
    PENALIZER_COEF_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    TIME_UNIT_FIELD_NUMBER: _ClassVar[int]
    calibration_end: _timestamp_pb2.Timestamp
    penalizer_coef: float
    segment: str
    time_unit: _metrics_pb2.TimeUnit
    def __init__(self, calibration_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., time_unit: _Optional[_Union[_metrics_pb2.TimeUnit, str]] = ..., segment: _Optional[str] = ..., penalizer_coef: _Optional[float] = ...) -> None: ...

class FitModelsResponse(_message.Message):
    __slots__ = ["bg_nbd", "gamma_gamma", "model", "model_id"]
    BG_NBD_FIELD_NUMBER: _ClassVar[int]
    GAMMA_GAMMA_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    bg_nbd: BgNbdFit
    gamma_gamma: GammaGammaFit
    model: Model
    model_id: str
    def __init__(self, model_id: _Optional[str] = ..., bg_nbd: _Optional[_Union[BgNbdFit, _Mapping]] = ..., gamma_gamma: _Optional[_Union[GammaGammaFit, _Mapping]] = ..., model: _Optional[_Union[Model, _Mapping]] = ...) -> None: ...

class GammaGammaFit(_message.Message):
    __slots__ = ["converged", "frequency_spend_correlation", "gamma", "iterations", "log_likelihood", "p", "q", "standard_errors"]
    CONVERGED_FIELD_NUMBER: _ClassVar[int]
    FREQUENCY_SPEND_CORRELATION_FIELD_NUMBER: _ClassVar[int]
    GAMMA_FIELD_NUMBER: _ClassVar[int]
    ITERATIONS_FIELD_NUMBER: _ClassVar[int]
    LOG_LIKELIHOOD_FIELD_NUMBER: _ClassVar[int]
    P_FIELD_NUMBER: _ClassVar[int]
    Q_FIELD_NUMBER: _ClassVar[int]
    STANDARD_ERRORS_FIELD_NUMBER: _ClassVar[int]
    converged: bool
    frequency_spend_correlation: float
    gamma: float
    iterations: int
    log_likelihood: float
    p: float
    q: float
    standard_errors: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, p: _Optional[float] = ..., q: _Optional[float] = ..., gamma: _Optional[float] = ..., log_likelihood: _Optional[float] = ..., converged: bool = ..., iterations: _Optional[int] = ..., standard_errors: _Optional[_Iterable[float]] = ..., frequency_spend_correlation: _Optional[float] = ...) -> None: ...

class GetModelRequest(_message.Message):
    __slots__ = ["model_id"]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    model_id: str
    def __init__(self, model_id: _Optional[str] = ...) -> None: ...

class GetModelResponse(_message.Message):
    __slots__ = ["model"]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    model: Model
    def __init__(self, model: _Optional[_Union[Model, _Mapping]] = ...) -> None: ...

class ListModelsRequest(_message.Message):
    __slots__ = ["page_size", "page_token"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListModelsResponse(_message.Message):
    __slots__ = ["models", "next_page_token"]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    models: _containers.RepeatedCompositeFieldContainer[Model]
    next_page_token: str
    def __init__(self, models: _Optional[_Iterable[_Union[Model, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Model(_message.Message):
    __slots__ = ["bg_nbd", "calibration_end", "create_time", "customers", "fit_seconds", "gamma_gamma", "id", "penalizer_coef", "repeat_customers", "segment", "time_unit", "warnings"]
    BG_NBD_FIELD_NUMBER: _ClassVar[int]
    CALIBRATION_END_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    FIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    GAMMA_GAMMA_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    PENALIZER_COEF_FIELD_NUMBER: _ClassVar[int]
    REPEAT_CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    TIME_UNIT_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    bg_nbd: BgNbdFit
    calibration_end: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    customers: int
    fit_seconds: float
    gamma_gamma: GammaGammaFit
    id: str
    penalizer_coef: float
    repeat_customers: int
    segment: str
    time_unit: _metrics_pb2.TimeUnit
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., calibration_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., time_unit: _Optional[_Union[_metrics_pb2.TimeUnit, str]] = ..., segment: _Optional[str] = ..., penalizer_coef: _Optional[float] = ..., bg_nbd: _Optional[_Union[BgNbdFit, _Mapping]] = ..., gamma_gamma: _Optional[_Union[GammaGammaFit, _Mapping]] = ..., customers: _Optional[int] = ..., repeat_customers: _Optional[int] = ..., warnings: _Optional[_Iterable[str]] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., fit_seconds: _Optional[float] = ...) -> None: ...

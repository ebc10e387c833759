from crm.v1 import metrics_pb2 as _metrics_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
MODEL_KIND_BG_BB: ModelKind
MODEL_KIND_BG_CNBD_K: ModelKind
MODEL_KIND_BG_NBD: ModelKind
MODEL_KIND_GAMMA_GAMMA: ModelKind
MODEL_KIND_MBG_NBD: ModelKind
MODEL_KIND_PARETO_NBD: ModelKind
MODEL_KIND_SBG: ModelKind
MODEL_KIND_UNSPECIFIED: ModelKind

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

class CreateModelRequest(_message.Message):
    __slots__ = ["model"]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    model: ModelParameters
    def __init__(self, model: _Optional[_Union[ModelParameters, _Mapping]] = ...) -> None: ...

class CreateModelResponse(_message.Message):
    __slots__ = ["model"]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    model: Model
    def __init__(self, model: _Optional[_Union[Model, _Mapping]] = ...) -> None: ...

class FitModelsRequest(_message.Message):
    __slots__ = ["calibration_end", "discount_rate", "holdout_end", "models", "penalizer_coef", "segment", "time_unit"]
    CALIBRATION_END_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_RATE_FIELD_NUMBER: _ClassVar[int]
    HOLDOUT_END_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    PENALIZER_COEF_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    TIME_UNIT_FIELD_NUMBER: _ClassVar[int]
    calibration_end: _timestamp_pb2.Timestamp
    discount_rate: float
    holdout_end: _timestamp_pb2.Timestamp
    models: _containers.RepeatedScalarFieldContainer[ModelKind]
    penalizer_coef: float
    segment: str
    time_unit: _metrics_pb2.TimeUnit
    def __init__(self, calibration_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., time_unit: _Optional[_Union[_metrics_pb2.TimeUnit, str]] = ..., segment: _Optional[str] = ..., penalizer_coef: _Optional[float] = ..., models: _Optional[_Iterable[_Union[ModelKind, str]]] = ..., holdout_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., discount_rate: _Optional[float] = ...) -> None: ...

class FitModelsResponse(_message.Message):
    __slots__ = ["bg_nbd", "fits", "gamma_gamma", "model", "model_id"]
    BG_NBD_FIELD_NUMBER: _ClassVar[int]
    FITS_FIELD_NUMBER: _ClassVar[int]
    GAMMA_GAMMA_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    bg_nbd: BgNbdFit
    fits: _containers.RepeatedCompositeFieldContainer[ModelFit]
    gamma_gamma: GammaGammaFit
    model: Model
    model_id: str
    def __init__(self, model_id: _Optional[str] = ..., bg_nbd: _Optional[_Union[BgNbdFit, _Mapping]] = ..., gamma_gamma: _Optional[_Union[GammaGammaFit, _Mapping]] = ..., model: _Optional[_Union[Model, _Mapping]] = ..., fits: _Optional[_Iterable[_Union[ModelFit, _Mapping]]] = ...) -> None: ...

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

class GetPredictionGridRequest(_message.Message):
    __slots__ = ["age", "horizon", "max_frequency", "model_id", "recency_steps"]
    AGE_FIELD_NUMBER: _ClassVar[int]
    HORIZON_FIELD_NUMBER: _ClassVar[int]
    MAX_FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    RECENCY_STEPS_FIELD_NUMBER: _ClassVar[int]
    age: float
    horizon: float
    max_frequency: int
    model_id: str
    recency_steps: int
    def __init__(self, model_id: _Optional[str] = ..., max_frequency: _Optional[int] = ..., recency_steps: _Optional[int] = ..., age: _Optional[float] = ..., horizon: _Optional[float] = ...) -> None: ...

class GetPredictionGridResponse(_message.Message):
    __slots__ = ["age", "frequencies", "horizon", "kind", "model_id", "recencies", "rows", "time_unit"]
    AGE_FIELD_NUMBER: _ClassVar[int]
    FREQUENCIES_FIELD_NUMBER: _ClassVar[int]
    HORIZON_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    RECENCIES_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    TIME_UNIT_FIELD_NUMBER: _ClassVar[int]
    age: float
    frequencies: _containers.RepeatedScalarFieldContainer[int]
    horizon: float
    kind: ModelKind
    model_id: str
    recencies: _containers.RepeatedScalarFieldContainer[float]
    rows: _containers.RepeatedCompositeFieldContainer[PredictionGridRow]
    time_unit: _metrics_pb2.TimeUnit
    def __init__(self, model_id: _Optional[str] = ..., kind: _Optional[_Union[ModelKind, str]] = ..., time_unit: _Optional[_Union[_metrics_pb2.TimeUnit, str]] = ..., age: _Optional[float] = ..., horizon: _Optional[float] = ..., frequencies: _Optional[_Iterable[int]] = ..., recencies: _Optional[_Iterable[float]] = ..., rows: _Optional[_Iterable[_Union[PredictionGridRow, _Mapping]]] = ...) -> None: ...

class HoldoutValidation(_message.Message):
    __slots__ = ["actual_repeat_purchases", "customers", "holdout_end", "mean_absolute_error", "predicted_repeat_purchases", "root_mean_squared_error", "tracking"]
    ACTUAL_REPEAT_PURCHASES_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    HOLDOUT_END_FIELD_NUMBER: _ClassVar[int]
    MEAN_ABSOLUTE_ERROR_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_REPEAT_PURCHASES_FIELD_NUMBER: _ClassVar[int]
    ROOT_MEAN_SQUARED_ERROR_FIELD_NUMBER: _ClassVar[int]
    TRACKING_FIELD_NUMBER: _ClassVar[int]
    actual_repeat_purchases: float
    customers: int
    holdout_end: _timestamp_pb2.Timestamp
    mean_absolute_error: float
    predicted_repeat_purchases: float
    root_mean_squared_error: float
    tracking: _containers.RepeatedCompositeFieldContainer[TrackingPoint]
    def __init__(self, holdout_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., actual_repeat_purchases: _Optional[float] = ..., predicted_repeat_purchases: _Optional[float] = ..., mean_absolute_error: _Optional[float] = ..., root_mean_squared_error: _Optional[float] = ..., tracking: _Optional[_Iterable[_Union[TrackingPoint, _Mapping]]] = ..., customers: _Optional[int] = ...) -> None: ...

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
    __slots__ = ["bg_nbd", "calibration_end", "create_time", "customers", "fit_seconds", "fits", "gamma_gamma", "holdout_end", "id", "penalizer_coef", "repeat_customers", "segment", "time_unit", "warnings"]
    BG_NBD_FIELD_NUMBER: _ClassVar[int]
    CALIBRATION_END_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    FITS_FIELD_NUMBER: _ClassVar[int]
    FIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    GAMMA_GAMMA_FIELD_NUMBER: _ClassVar[int]
    HOLDOUT_END_FIELD_NUMBER: _ClassVar[int]
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
    fits: _containers.RepeatedCompositeFieldContainer[ModelFit]
    gamma_gamma: GammaGammaFit
    holdout_end: _timestamp_pb2.Timestamp
    id: str
    penalizer_coef: float
    repeat_customers: int
    segment: str
    time_unit: _metrics_pb2.TimeUnit
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., calibration_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., time_unit: _Optional[_Union[_metrics_pb2.TimeUnit, str]] = ..., segment: _Optional[str] = ..., penalizer_coef: _Optional[float] = ..., bg_nbd: _Optional[_Union[BgNbdFit, _Mapping]] = ..., gamma_gamma: _Optional[_Union[GammaGammaFit, _Mapping]] = ..., customers: _Optional[int] = ..., repeat_customers: _Optional[int] = ..., warnings: _Optional[_Iterable[str]] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., fit_seconds: _Optional[float] = ..., fits: _Optional[_Iterable[_Union[ModelFit, _Mapping]]] = ..., holdout_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ModelFit(_message.Message):
    __slots__ = ["aic", "bic", "converged", "created", "fit_seconds", "holdout", "iterations", "kind", "log_likelihood", "observations", "parameters", "retention", "standard_errors", "warnings"]
    class ParametersEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    class StandardErrorsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    AIC_FIELD_NUMBER: _ClassVar[int]
    BIC_FIELD_NUMBER: _ClassVar[int]
    CONVERGED_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    FIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    HOLDOUT_FIELD_NUMBER: _ClassVar[int]
    ITERATIONS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LOG_LIKELIHOOD_FIELD_NUMBER: _ClassVar[int]
    OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    RETENTION_FIELD_NUMBER: _ClassVar[int]
    STANDARD_ERRORS_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    aic: float
    bic: float
    converged: bool
    created: bool
    fit_seconds: float
    holdout: HoldoutValidation
    iterations: int
    kind: ModelKind
    log_likelihood: float
    observations: int
    parameters: _containers.ScalarMap[str, float]
    retention: _containers.RepeatedCompositeFieldContainer[RetentionPoint]
    standard_errors: _containers.ScalarMap[str, float]
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, kind: _Optional[_Union[ModelKind, str]] = ..., parameters: _Optional[_Mapping[str, float]] = ..., standard_errors: _Optional[_Mapping[str, float]] = ..., log_likelihood: _Optional[float] = ..., aic: _Optional[float] = ..., bic: _Optional[float] = ..., converged: bool = ..., iterations: _Optional[int] = ..., observations: _Optional[int] = ..., fit_seconds: _Optional[float] = ..., warnings: _Optional[_Iterable[str]] = ..., holdout: _Optional[_Union[HoldoutValidation, _Mapping]] = ..., created: bool = ..., retention: _Optional[_Iterable[_Union[RetentionPoint, _Mapping]]] = ...) -> None: ...

class ModelParameters(_message.Message):
    __slots__ = ["calibration_end", "kind", "parameters", "segment", "spend_parameters", "time_unit"]
    class ParametersEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    class SpendParametersEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    CALIBRATION_END_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    SPEND_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    TIME_UNIT_FIELD_NUMBER: _ClassVar[int]
    calibration_end: _timestamp_pb2.Timestamp
    kind: ModelKind
    parameters: _containers.ScalarMap[str, float]
    segment: str
    spend_parameters: _containers.ScalarMap[str, float]
    time_unit: _metrics_pb2.TimeUnit
    def __init__(self, kind: _Optional[_Union[ModelKind, str]] = ..., parameters: _Optional[_Mapping[str, float]] = ..., time_unit: _Optional[_Union[_metrics_pb2.TimeUnit, str]] = ..., calibration_end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., segment: _Optional[str] = ..., spend_parameters: _Optional[_Mapping[str, float]] = ...) -> None: ...

class PredictionGridRow(_message.Message):
    __slots__ = ["expected_purchases", "frequency", "probability_alive"]
    EXPECTED_PURCHASES_FIELD_NUMBER: _ClassVar[int]
    FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_ALIVE_FIELD_NUMBER: _ClassVar[int]
    expected_purchases: _containers.RepeatedScalarFieldContainer[float]
    frequency: int
    probability_alive: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, frequency: _Optional[int] = ..., probability_alive: _Optional[_Iterable[float]] = ..., expected_purchases: _Optional[_Iterable[float]] = ...) -> None: ...

class RetentionPoint(_message.Message):
    __slots__ = ["expected_remaining_lifetime", "period", "retention_rate", "survival"]
    EXPECTED_REMAINING_LIFETIME_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    RETENTION_RATE_FIELD_NUMBER: _ClassVar[int]
    SURVIVAL_FIELD_NUMBER: _ClassVar[int]
    expected_remaining_lifetime: float
    period: int
    retention_rate: float
    survival: float
    def __init__(self, period: _Optional[int] = ..., survival: _Optional[float] = ..., retention_rate: _Optional[float] = ..., expected_remaining_lifetime: _Optional[float] = ...) -> None: ...

class TrackingPoint(_message.Message):
    __slots__ = ["actual_cumulative", "end", "predicted_cumulative"]
    ACTUAL_CUMULATIVE_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_CUMULATIVE_FIELD_NUMBER: _ClassVar[int]
    actual_cumulative: float
    end: _timestamp_pb2.Timestamp
    predicted_cumulative: float
    def __init__(self, end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., actual_cumulative: _Optional[float] = ..., predicted_cumulative: _Optional[float] = ...) -> None: ...

class ModelKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

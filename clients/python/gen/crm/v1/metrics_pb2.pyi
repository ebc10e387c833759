from crm.v1 import common_pb2 as _common_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DATA_QUALITY_CHECK_CHURN_BEFORE_ACQUISITION: DataQualityCheck
DATA_QUALITY_CHECK_CUSTOMER_WITHOUT_TRANSACTIONS: DataQualityCheck
DATA_QUALITY_CHECK_FUTURE_TRANSACTION: DataQualityCheck
DATA_QUALITY_CHECK_OUTLIER_AMOUNT: DataQualityCheck
DATA_QUALITY_CHECK_REFUNDS_EXCEED_PURCHASES: DataQualityCheck
DATA_QUALITY_CHECK_REJECTED_AT_INGEST: DataQualityCheck
DATA_QUALITY_CHECK_TRANSACTION_BEFORE_ACQUISITION: DataQualityCheck
DATA_QUALITY_CHECK_UNSPECIFIED: DataQualityCheck
DESCRIPTOR: _descriptor.FileDescriptor
LIFESPAN_METHOD_INVERSE_CHURN_RATE: LifespanMethod
LIFESPAN_METHOD_OBSERVED_CHURN: LifespanMethod
LIFESPAN_METHOD_UNSPECIFIED: LifespanMethod
PORTFOLIO_METRIC_AVERAGE_HANDLE_TIME: PortfolioMetric
PORTFOLIO_METRIC_AVERAGE_LIFESPAN_YEARS: PortfolioMetric
PORTFOLIO_METRIC_AVERAGE_PURCHASE_VALUE: PortfolioMetric
PORTFOLIO_METRIC_CAC: PortfolioMetric
PORTFOLIO_METRIC_CES: PortfolioMetric
PORTFOLIO_METRIC_CHURN_RATE: PortfolioMetric
PORTFOLIO_METRIC_CLV_TO_CAC_RATIO: PortfolioMetric
PORTFOLIO_METRIC_CSAT: PortfolioMetric
PORTFOLIO_METRIC_CUSTOMER_VALUE: PortfolioMetric
PORTFOLIO_METRIC_FIRST_RESPONSE_TIME: PortfolioMetric
PORTFOLIO_METRIC_HISTORICAL_CLV: PortfolioMetric
PORTFOLIO_METRIC_NET_CLV: PortfolioMetric
PORTFOLIO_METRIC_NPS: PortfolioMetric
PORTFOLIO_METRIC_PURCHASE_FREQUENCY: PortfolioMetric
PORTFOLIO_METRIC_REPEAT_PURCHASE_RATE: PortfolioMetric
PORTFOLIO_METRIC_RETENTION_RATE: PortfolioMetric
PORTFOLIO_METRIC_REVENUE_CLV: PortfolioMetric
PORTFOLIO_METRIC_UNSPECIFIED: PortfolioMetric
PORTFOLIO_METRIC_UPSELL_CROSS_SELL_RATE: PortfolioMetric
SEGMENTATION_KIND_AT_RISK: SegmentationKind
SEGMENTATION_KIND_CLV_TIERS: SegmentationKind
SEGMENTATION_KIND_RFM: SegmentationKind
SEGMENTATION_KIND_UNSPECIFIED: SegmentationKind
TIME_UNIT_DAYS: TimeUnit
TIME_UNIT_MONTHS: TimeUnit
TIME_UNIT_UNSPECIFIED: TimeUnit
TIME_UNIT_WEEKS: TimeUnit
TIME_UNIT_YEARS: TimeUnit

class CalculateClvRequest(_message.Message):
    __slots__ = ["annual_discount_rate", "average_purchase_value", "lifespan_years", "margin", "purchases_per_year", "retention_rate"]
    ANNUAL_DISCOUNT_RATE_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_PURCHASE_VALUE_FIELD_NUMBER: _ClassVar[int]
    LIFESPAN_YEARS_FIELD_NUMBER: _ClassVar[int]
    MARGIN_FIELD_NUMBER: _ClassVar[int]
    PURCHASES_PER_YEAR_FIELD_NUMBER: _ClassVar[int]
    RETENTION_RATE_FIELD_NUMBER: _ClassVar[int]
    annual_discount_rate: float
    average_purchase_value: float
    lifespan_years: float
    margin: float
    purchases_per_year: float
    retention_rate: float
    def __init__(self, average_purchase_value: _Optional[float] = ..., purchases_per_year: _Optional[float] = ..., lifespan_years: _Optional[float] = ..., margin: _Optional[float] = ..., annual_discount_rate: _Optional[float] = ..., retention_rate: _Optional[float] = ...) -> None: ...

class CalculateClvResponse(_message.Message):
    __slots__ = ["annual_value", "clv", "inputs", "method"]
    ANNUAL_VALUE_FIELD_NUMBER: _ClassVar[int]
    CLV_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    annual_value: float
    clv: float
    inputs: CalculateClvRequest
    method: str
    def __init__(self, clv: _Optional[float] = ..., method: _Optional[str] = ..., annual_value: _Optional[float] = ..., inputs: _Optional[_Union[CalculateClvRequest, _Mapping]] = ...) -> None: ...

class ChannelAcquisition(_message.Message):
    __slots__ = ["cac", "channel", "clv_to_cac_ratio", "customers_acquired", "spend"]
    CAC_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CLV_TO_CAC_RATIO_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_ACQUIRED_FIELD_NUMBER: _ClassVar[int]
    SPEND_FIELD_NUMBER: _ClassVar[int]
    cac: float
    channel: str
    clv_to_cac_ratio: float
    customers_acquired: int
    spend: float
    def __init__(self, channel: _Optional[str] = ..., spend: _Optional[float] = ..., customers_acquired: _Optional[int] = ..., cac: _Optional[float] = ..., clv_to_cac_ratio: _Optional[float] = ...) -> None: ...

class ChurnDefinition(_message.Message):
    __slots__ = ["inactivity_days"]
    INACTIVITY_DAYS_FIELD_NUMBER: _ClassVar[int]
    inactivity_days: int
    def __init__(self, inactivity_days: _Optional[int] = ...) -> None: ...

class ChurnStatus(_message.Message):
    __slots__ = ["churned", "churned_at", "inferred", "last_activity_at"]
    CHURNED_AT_FIELD_NUMBER: _ClassVar[int]
    CHURNED_FIELD_NUMBER: _ClassVar[int]
    INFERRED_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVITY_AT_FIELD_NUMBER: _ClassVar[int]
    churned: bool
    churned_at: _timestamp_pb2.Timestamp
    inferred: bool
    last_activity_at: _timestamp_pb2.Timestamp
    def __init__(self, churned: bool = ..., churned_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., inferred: bool = ..., last_activity_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Cohort(_message.Message):
    __slots__ = ["acquired", "customers", "periods"]
    ACQUIRED_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    acquired: _common_pb2.Period
    customers: int
    periods: _containers.RepeatedCompositeFieldContainer[CohortPeriod]
    def __init__(self, acquired: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., customers: _Optional[int] = ..., periods: _Optional[_Iterable[_Union[CohortPeriod, _Mapping]]] = ...) -> None: ...

class CohortPeriod(_message.Message):
    __slots__ = ["active_customers", "cumulative_revenue_per_customer", "index", "retention"]
    ACTIVE_CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    CUMULATIVE_REVENUE_PER_CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    RETENTION_FIELD_NUMBER: _ClassVar[int]
    active_customers: int
    cumulative_revenue_per_customer: float
    index: int
    retention: float
    def __init__(self, index: _Optional[int] = ..., active_customers: _Optional[int] = ..., retention: _Optional[float] = ..., cumulative_revenue_per_customer: _Optional[float] = ...) -> None: ...

class CustomerFilter(_message.Message):
    __slots__ = ["channel", "customer_ids", "segment"]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_IDS_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    channel: str
    customer_ids: _containers.RepeatedScalarFieldContainer[str]
    segment: str
    def __init__(self, segment: _Optional[str] = ..., channel: _Optional[str] = ..., customer_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CustomerMetrics(_message.Message):
    __slots__ = ["churn", "customer_id", "expected_average_value", "expected_purchases", "health", "historical_clv", "model_id", "predictive_clv", "probability_alive", "rfm", "summary", "unavailable"]
    CHURN_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_AVERAGE_VALUE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_PURCHASES_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    HISTORICAL_CLV_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    PREDICTIVE_CLV_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_ALIVE_FIELD_NUMBER: _ClassVar[int]
    RFM_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    UNAVAILABLE_FIELD_NUMBER: _ClassVar[int]
    churn: ChurnStatus
    customer_id: str
    expected_average_value: float
    expected_purchases: float
    health: HealthScore
    historical_clv: float
    model_id: str
    predictive_clv: float
    probability_alive: float
    rfm: RfmScore
    summary: CustomerSummary
    unavailable: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnavailableMetric]
    def __init__(self, customer_id: _Optional[str] = ..., historical_clv: _Optional[float] = ..., predictive_clv: _Optional[float] = ..., probability_alive: _Optional[float] = ..., expected_purchases: _Optional[float] = ..., expected_average_value: _Optional[float] = ..., rfm: _Optional[_Union[RfmScore, _Mapping]] = ..., health: _Optional[_Union[HealthScore, _Mapping]] = ..., summary: _Optional[_Union[CustomerSummary, _Mapping]] = ..., model_id: _Optional[str] = ..., unavailable: _Optional[_Iterable[_Union[_common_pb2.UnavailableMetric, _Mapping]]] = ..., churn: _Optional[_Union[ChurnStatus, _Mapping]] = ...) -> None: ...

class CustomerMetricsBatch(_message.Message):
    __slots__ = ["customers"]
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    customers: _containers.RepeatedCompositeFieldContainer[CustomerMetrics]
    def __init__(self, customers: _Optional[_Iterable[_Union[CustomerMetrics, _Mapping]]] = ...) -> None: ...

class CustomerSegment(_message.Message):
    __slots__ = ["clv_tier", "customer_id", "health", "historical_clv", "probability_alive", "rfm"]
    CLV_TIER_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    HISTORICAL_CLV_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_ALIVE_FIELD_NUMBER: _ClassVar[int]
    RFM_FIELD_NUMBER: _ClassVar[int]
    clv_tier: int
    customer_id: str
    health: HealthScore
    historical_clv: float
    probability_alive: float
    rfm: RfmScore
    def __init__(self, customer_id: _Optional[str] = ..., historical_clv: _Optional[float] = ..., clv_tier: _Optional[int] = ..., rfm: _Optional[_Union[RfmScore, _Mapping]] = ..., health: _Optional[_Union[HealthScore, _Mapping]] = ..., probability_alive: _Optional[float] = ...) -> None: ...

class CustomerSummary(_message.Message):
    __slots__ = ["age", "frequency", "monetary_value", "recency"]
    AGE_FIELD_NUMBER: _ClassVar[int]
    FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    MONETARY_VALUE_FIELD_NUMBER: _ClassVar[int]
    RECENCY_FIELD_NUMBER: _ClassVar[int]
    age: float
    frequency: float
    monetary_value: float
    recency: float
    def __init__(self, frequency: _Optional[float] = ..., recency: _Optional[float] = ..., age: _Optional[float] = ..., monetary_value: _Optional[float] = ...) -> None: ...

class DataQualityFinding(_message.Message):
    __slots__ = ["check", "count", "description", "rejection_code", "sample_ids"]
    CHECK_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REJECTION_CODE_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_IDS_FIELD_NUMBER: _ClassVar[int]
    check: DataQualityCheck
    count: int
    description: str
    rejection_code: _common_pb2.RejectionCode
    sample_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, check: _Optional[_Union[DataQualityCheck, str]] = ..., rejection_code: _Optional[_Union[_common_pb2.RejectionCode, str]] = ..., count: _Optional[int] = ..., sample_ids: _Optional[_Iterable[str]] = ..., description: _Optional[str] = ...) -> None: ...

class GetCohortRetentionRequest(_message.Message):
    __slots__ = ["as_of", "granularity", "range"]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    GRANULARITY_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    as_of: _timestamp_pb2.Timestamp
    granularity: _common_pb2.Granularity
    range: _common_pb2.Period
    def __init__(self, range: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., granularity: _Optional[_Union[_common_pb2.Granularity, str]] = ..., as_of: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetCohortRetentionResponse(_message.Message):
    __slots__ = ["cohorts"]
    COHORTS_FIELD_NUMBER: _ClassVar[int]
    cohorts: _containers.RepeatedCompositeFieldContainer[Cohort]
    def __init__(self, cohorts: _Optional[_Iterable[_Union[Cohort, _Mapping]]] = ...) -> None: ...

class GetCustomerMetricsRequest(_message.Message):
    __slots__ = ["as_of", "churn_definition", "customer_id", "health_weights", "horizon", "margin", "model_id", "monthly_discount_rate"]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    CHURN_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    HEALTH_WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    HORIZON_FIELD_NUMBER: _ClassVar[int]
    MARGIN_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_DISCOUNT_RATE_FIELD_NUMBER: _ClassVar[int]
    as_of: _timestamp_pb2.Timestamp
    churn_definition: ChurnDefinition
    customer_id: str
    health_weights: HealthWeights
    horizon: float
    margin: float
    model_id: str
    monthly_discount_rate: float
    def __init__(self, customer_id: _Optional[str] = ..., model_id: _Optional[str] = ..., horizon: _Optional[float] = ..., as_of: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., monthly_discount_rate: _Optional[float] = ..., margin: _Optional[float] = ..., health_weights: _Optional[_Union[HealthWeights, _Mapping]] = ..., churn_definition: _Optional[_Union[ChurnDefinition, _Mapping]] = ...) -> None: ...

class GetCustomerMetricsResponse(_message.Message):
    __slots__ = ["churn", "churn_definition", "customer_id", "expected_average_value", "expected_purchases", "health", "historical_clv", "model_id", "predictive_clv", "probability_alive", "rfm", "summary", "unavailable"]
    CHURN_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    CHURN_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_AVERAGE_VALUE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_PURCHASES_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    HISTORICAL_CLV_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    PREDICTIVE_CLV_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_ALIVE_FIELD_NUMBER: _ClassVar[int]
    RFM_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    UNAVAILABLE_FIELD_NUMBER: _ClassVar[int]
    churn: ChurnStatus
    churn_definition: ChurnDefinition
    customer_id: str
    expected_average_value: float
    expected_purchases: float
    health: HealthScore
    historical_clv: float
    model_id: str
    predictive_clv: float
    probability_alive: float
    rfm: RfmScore
    summary: CustomerSummary
    unavailable: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnavailableMetric]
    def __init__(self, customer_id: _Optional[str] = ..., historical_clv: _Optional[float] = ..., predictive_clv: _Optional[float] = ..., probability_alive: _Optional[float] = ..., expected_purchases: _Optional[float] = ..., expected_average_value: _Optional[float] = ..., rfm: _Optional[_Union[RfmScore, _Mapping]] = ..., health: _Optional[_Union[HealthScore, _Mapping]] = ..., summary: _Optional[_Union[CustomerSummary, _Mapping]] = ..., model_id: _Optional[str] = ..., unavailable: _Optional[_Iterable[_Union[_common_pb2.UnavailableMetric, _Mapping]]] = ..., churn: _Optional[_Union[ChurnStatus, _Mapping]] = ..., churn_definition: _Optional[_Union[ChurnDefinition, _Mapping]] = ...) -> None: ...

class GetDataQualityReportRequest(_message.Message):
    __slots__ = ["as_of", "sample_size"]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_SIZE_FIELD_NUMBER: _ClassVar[int]
    as_of: _timestamp_pb2.Timestamp
    sample_size: int
    def __init__(self, sample_size: _Optional[int] = ..., as_of: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetDataQualityReportResponse(_message.Message):
    __slots__ = ["findings"]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    findings: _containers.RepeatedCompositeFieldContainer[DataQualityFinding]
    def __init__(self, findings: _Optional[_Iterable[_Union[DataQualityFinding, _Mapping]]] = ...) -> None: ...

class GetMetricSeriesRequest(_message.Message):
    __slots__ = ["churn_definition", "granularity", "group_by", "metrics", "range"]
    CHURN_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    GRANULARITY_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    churn_definition: ChurnDefinition
    granularity: _common_pb2.Granularity
    group_by: _common_pb2.GroupBy
    metrics: _containers.RepeatedScalarFieldContainer[PortfolioMetric]
    range: _common_pb2.Period
    def __init__(self, range: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., granularity: _Optional[_Union[_common_pb2.Granularity, str]] = ..., metrics: _Optional[_Iterable[_Union[PortfolioMetric, str]]] = ..., group_by: _Optional[_Union[_common_pb2.GroupBy, _Mapping]] = ..., churn_definition: _Optional[_Union[ChurnDefinition, _Mapping]] = ...) -> None: ...

class GetMetricSeriesResponse(_message.Message):
    __slots__ = ["churn_definition", "points"]
    CHURN_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    churn_definition: ChurnDefinition
    points: _containers.RepeatedCompositeFieldContainer[MetricSeriesPoint]
    def __init__(self, points: _Optional[_Iterable[_Union[MetricSeriesPoint, _Mapping]]] = ..., churn_definition: _Optional[_Union[ChurnDefinition, _Mapping]] = ...) -> None: ...

class GetPortfolioMetricsRequest(_message.Message):
    __slots__ = ["churn_definition", "group_by", "period"]
    CHURN_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    churn_definition: ChurnDefinition
    group_by: _common_pb2.GroupBy
    period: _common_pb2.Period
    def __init__(self, period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., group_by: _Optional[_Union[_common_pb2.GroupBy, _Mapping]] = ..., churn_definition: _Optional[_Union[ChurnDefinition, _Mapping]] = ...) -> None: ...

class GetPortfolioMetricsResponse(_message.Message):
    __slots__ = ["average_handle_time", "average_lifespan_years", "average_purchase_value", "cac", "ces", "ces_responses", "channels", "churn_definition", "churn_rate", "clv_to_cac_ratio", "csat", "csat_mean", "csat_responses", "customer_value", "customers_acquired", "customers_at_end", "customers_at_start", "customers_lost", "first_response_time", "first_response_time_median", "groups", "historical_clv", "lifespan_method", "net_clv", "nps", "nps_responses", "period", "purchase_frequency", "purchases", "purchasing_customers", "repeat_purchase_rate", "retention_rate", "revenue", "revenue_clv", "support_interactions", "unavailable", "upsell_cross_sell_rate"]
    AVERAGE_HANDLE_TIME_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_LIFESPAN_YEARS_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_PURCHASE_VALUE_FIELD_NUMBER: _ClassVar[int]
    CAC_FIELD_NUMBER: _ClassVar[int]
    CES_FIELD_NUMBER: _ClassVar[int]
    CES_RESPONSES_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    CHURN_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    CHURN_RATE_FIELD_NUMBER: _ClassVar[int]
    CLV_TO_CAC_RATIO_FIELD_NUMBER: _ClassVar[int]
    CSAT_FIELD_NUMBER: _ClassVar[int]
    CSAT_MEAN_FIELD_NUMBER: _ClassVar[int]
    CSAT_RESPONSES_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_ACQUIRED_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_AT_END_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_AT_START_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_LOST_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_VALUE_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_TIME_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_TIME_MEDIAN_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    HISTORICAL_CLV_FIELD_NUMBER: _ClassVar[int]
    LIFESPAN_METHOD_FIELD_NUMBER: _ClassVar[int]
    NET_CLV_FIELD_NUMBER: _ClassVar[int]
    NPS_FIELD_NUMBER: _ClassVar[int]
    NPS_RESPONSES_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PURCHASES_FIELD_NUMBER: _ClassVar[int]
    PURCHASE_FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    PURCHASING_CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    REPEAT_PURCHASE_RATE_FIELD_NUMBER: _ClassVar[int]
    RETENTION_RATE_FIELD_NUMBER: _ClassVar[int]
    REVENUE_CLV_FIELD_NUMBER: _ClassVar[int]
    REVENUE_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    UNAVAILABLE_FIELD_NUMBER: _ClassVar[int]
    UPSELL_CROSS_SELL_RATE_FIELD_NUMBER: _ClassVar[int]
    average_handle_time: float
    average_lifespan_years: float
    average_purchase_value: float
    cac: float
    ces: float
    ces_responses: int
    channels: _containers.RepeatedCompositeFieldContainer[ChannelAcquisition]
    churn_definition: ChurnDefinition
    churn_rate: float
    clv_to_cac_ratio: float
    csat: float
    csat_mean: float
    csat_responses: int
    customer_value: float
    customers_acquired: int
    customers_at_end: int
    customers_at_start: int
    customers_lost: int
    first_response_time: float
    first_response_time_median: float
    groups: _containers.RepeatedCompositeFieldContainer[PortfolioGroup]
    historical_clv: float
    lifespan_method: LifespanMethod
    net_clv: float
    nps: float
    nps_responses: int
    period: _common_pb2.Period
    purchase_frequency: float
    purchases: int
    purchasing_customers: int
    repeat_purchase_rate: float
    retention_rate: float
    revenue: float
    revenue_clv: float
    support_interactions: int
    unavailable: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnavailableMetric]
    upsell_cross_sell_rate: float
    def __init__(self, average_purchase_value: _Optional[float] = ..., purchase_frequency: _Optional[float] = ..., customer_value: _Optional[float] = ..., average_lifespan_years: _Optional[float] = ..., historical_clv: _Optional[float] = ..., revenue_clv: _Optional[float] = ..., net_clv: _Optional[float] = ..., cac: _Optional[float] = ..., clv_to_cac_ratio: _Optional[float] = ..., churn_rate: _Optional[float] = ..., retention_rate: _Optional[float] = ..., repeat_purchase_rate: _Optional[float] = ..., upsell_cross_sell_rate: _Optional[float] = ..., nps: _Optional[float] = ..., csat: _Optional[float] = ..., ces: _Optional[float] = ..., first_response_time: _Optional[float] = ..., average_handle_time: _Optional[float] = ..., customers_at_start: _Optional[int] = ..., customers_at_end: _Optional[int] = ..., customers_acquired: _Optional[int] = ..., customers_lost: _Optional[int] = ..., lifespan_method: _Optional[_Union[LifespanMethod, str]] = ..., csat_mean: _Optional[float] = ..., first_response_time_median: _Optional[float] = ..., purchases: _Optional[int] = ..., purchasing_customers: _Optional[int] = ..., revenue: _Optional[float] = ..., nps_responses: _Optional[int] = ..., csat_responses: _Optional[int] = ..., ces_responses: _Optional[int] = ..., support_interactions: _Optional[int] = ..., channels: _Optional[_Iterable[_Union[ChannelAcquisition, _Mapping]]] = ..., unavailable: _Optional[_Iterable[_Union[_common_pb2.UnavailableMetric, _Mapping]]] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., groups: _Optional[_Iterable[_Union[PortfolioGroup, _Mapping]]] = ..., churn_definition: _Optional[_Union[ChurnDefinition, _Mapping]] = ...) -> None: ...

class HealthScore(_message.Message):
    __slots__ = ["engagement", "satisfaction", "score", "support", "usage", "weights"]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    engagement: float
    satisfaction: float
    score: float
    support: float
    usage: float
    weights: HealthWeights
    def __init__(self, score: _Optional[float] = ..., usage: _Optional[float] = ..., engagement: _Optional[float] = ..., satisfaction: _Optional[float] = ..., support: _Optional[float] = ..., weights: _Optional[_Union[HealthWeights, _Mapping]] = ...) -> None: ...

class HealthWeights(_message.Message):
    __slots__ = ["engagement", "satisfaction", "support", "usage"]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    engagement: float
    satisfaction: float
    support: float
    usage: float
    def __init__(self, usage: _Optional[float] = ..., engagement: _Optional[float] = ..., satisfaction: _Optional[float] = ..., support: _Optional[float] = ...) -> None: ...

class MetricSeriesPoint(_message.Message):
    __slots__ = ["bucket", "group_key", "metrics"]
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    GROUP_KEY_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    bucket: _common_pb2.Period
    group_key: str
    metrics: PortfolioMetrics
    def __init__(self, bucket: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., group_key: _Optional[str] = ..., metrics: _Optional[_Union[PortfolioMetrics, _Mapping]] = ...) -> None: ...

class PortfolioGroup(_message.Message):
    __slots__ = ["key", "metrics"]
    KEY_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    key: str
    metrics: PortfolioMetrics
    def __init__(self, key: _Optional[str] = ..., metrics: _Optional[_Union[PortfolioMetrics, _Mapping]] = ...) -> None: ...

class PortfolioMetrics(_message.Message):
    __slots__ = ["average_handle_time", "average_lifespan_years", "average_purchase_value", "cac", "ces", "ces_responses", "channels", "churn_rate", "clv_to_cac_ratio", "csat", "csat_mean", "csat_responses", "customer_value", "customers_acquired", "customers_at_end", "customers_at_start", "customers_lost", "first_response_time", "first_response_time_median", "historical_clv", "lifespan_method", "net_clv", "nps", "nps_responses", "purchase_frequency", "purchases", "purchasing_customers", "repeat_purchase_rate", "retention_rate", "revenue", "revenue_clv", "support_interactions", "unavailable", "upsell_cross_sell_rate"]
    AVERAGE_HANDLE_TIME_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_LIFESPAN_YEARS_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_PURCHASE_VALUE_FIELD_NUMBER: _ClassVar[int]
    CAC_FIELD_NUMBER: _ClassVar[int]
    CES_FIELD_NUMBER: _ClassVar[int]
    CES_RESPONSES_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    CHURN_RATE_FIELD_NUMBER: _ClassVar[int]
    CLV_TO_CAC_RATIO_FIELD_NUMBER: _ClassVar[int]
    CSAT_FIELD_NUMBER: _ClassVar[int]
    CSAT_MEAN_FIELD_NUMBER: _ClassVar[int]
    CSAT_RESPONSES_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_ACQUIRED_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_AT_END_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_AT_START_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_LOST_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_VALUE_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_TIME_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_TIME_MEDIAN_FIELD_NUMBER: _ClassVar[int]
    HISTORICAL_CLV_FIELD_NUMBER: _ClassVar[int]
    LIFESPAN_METHOD_FIELD_NUMBER: _ClassVar[int]
    NET_CLV_FIELD_NUMBER: _ClassVar[int]
    NPS_FIELD_NUMBER: _ClassVar[int]
    NPS_RESPONSES_FIELD_NUMBER: _ClassVar[int]
    PURCHASES_FIELD_NUMBER: _ClassVar[int]
    PURCHASE_FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    PURCHASING_CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    REPEAT_PURCHASE_RATE_FIELD_NUMBER: _ClassVar[int]
    RETENTION_RATE_FIELD_NUMBER: _ClassVar[int]
    REVENUE_CLV_FIELD_NUMBER: _ClassVar[int]
    REVENUE_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    UNAVAILABLE_FIELD_NUMBER: _ClassVar[int]
    UPSELL_CROSS_SELL_RATE_FIELD_NUMBER: _ClassVar[int]
    average_handle_time: float
    average_lifespan_years: float
    average_purchase_value: float
    cac: float
    ces: float
    ces_responses: int
    channels: _containers.RepeatedCompositeFieldContainer[ChannelAcquisition]
    churn_rate: float
    clv_to_cac_ratio: float
    csat: float
    csat_mean: float
    csat_responses: int
    customer_value: float
    customers_acquired: int
    customers_at_end: int
    customers_at_start: int
    customers_lost: int
    first_response_time: float
    first_response_time_median: float
    historical_clv: float
    lifespan_method: LifespanMethod
    net_clv: float
    nps: float
    nps_responses: int
    purchase_frequency: float
    purchases: int
    purchasing_customers: int
    repeat_purchase_rate: float
    retention_rate: float
    revenue: float
    revenue_clv: float
    support_interactions: int
    unavailable: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnavailableMetric]
    upsell_cross_sell_rate: float
    def __init__(self, average_purchase_value: _Optional[float] = ..., purchase_frequency: _Optional[float] = ..., customer_value: _Optional[float] = ..., average_lifespan_years: _Optional[float] = ..., historical_clv: _Optional[float] = ..., revenue_clv: _Optional[float] = ..., net_clv: _Optional[float] = ..., cac: _Optional[float] = ..., clv_to_cac_ratio: _Optional[float] = ..., churn_rate: _Optional[float] = ..., retention_rate: _Optional[float] = ..., repeat_purchase_rate: _Optional[float] = ..., upsell_cross_sell_rate: _Optional[float] = ..., nps: _Optional[float] = ..., csat: _Optional[float] = ..., ces: _Optional[float] = ..., first_response_time: _Optional[float] = ..., average_handle_time: _Optional[float] = ..., customers_at_start: _Optional[int] = ..., customers_at_end: _Optional[int] = ..., customers_acquired: _Optional[int] = ..., customers_lost: _Optional[int] = ..., lifespan_method: _Optional[_Union[LifespanMethod, str]] = ..., csat_mean: _Optional[float] = ..., first_response_time_median: _Optional[float] = ..., purchases: _Optional[int] = ..., purchasing_customers: _Optional[int] = ..., revenue: _Optional[float] = ..., nps_responses: _Optional[int] = ..., csat_responses: _Optional[int] = ..., ces_responses: _Optional[int] = ..., support_interactions: _Optional[int] = ..., channels: _Optional[_Iterable[_Union[ChannelAcquisition, _Mapping]]] = ..., unavailable: _Optional[_Iterable[_Union[_common_pb2.UnavailableMetric, _Mapping]]] = ...) -> None: ...

class RecalculationProgress(_message.Message):
    __slots__ = ["churn_definition", "customers_per_second", "done", "total"]
    CHURN_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    CUSTOMERS_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    churn_definition: ChurnDefinition
    customers_per_second: float
    done: int
    total: int
    def __init__(self, done: _Optional[int] = ..., total: _Optional[int] = ..., customers_per_second: _Optional[float] = ..., churn_definition: _Optional[_Union[ChurnDefinition, _Mapping]] = ...) -> None: ...

class RfmScore(_message.Message):
    __slots__ = ["code", "frequency", "monetary", "recency"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    MONETARY_FIELD_NUMBER: _ClassVar[int]
    RECENCY_FIELD_NUMBER: _ClassVar[int]
    code: str
    frequency: int
    monetary: int
    recency: int
    def __init__(self, recency: _Optional[int] = ..., frequency: _Optional[int] = ..., monetary: _Optional[int] = ..., code: _Optional[str] = ...) -> None: ...

class SegmentCustomersRequest(_message.Message):
    __slots__ = ["as_of", "filter", "health_weights", "kind", "min_value_quantile", "model_id", "page_size", "page_token", "probability_alive_below", "tier_quantiles"]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    HEALTH_WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MIN_VALUE_QUANTILE_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_ALIVE_BELOW_FIELD_NUMBER: _ClassVar[int]
    TIER_QUANTILES_FIELD_NUMBER: _ClassVar[int]
    as_of: _timestamp_pb2.Timestamp
    filter: CustomerFilter
    health_weights: HealthWeights
    kind: SegmentationKind
    min_value_quantile: float
    model_id: str
    page_size: int
    page_token: str
    probability_alive_below: float
    tier_quantiles: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, kind: _Optional[_Union[SegmentationKind, str]] = ..., as_of: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., tier_quantiles: _Optional[_Iterable[float]] = ..., probability_alive_below: _Optional[float] = ..., min_value_quantile: _Optional[float] = ..., model_id: _Optional[str] = ..., filter: _Optional[_Union[CustomerFilter, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., health_weights: _Optional[_Union[HealthWeights, _Mapping]] = ...) -> None: ...

class SegmentCustomersResponse(_message.Message):
    __slots__ = ["customers", "next_page_token", "tier_thresholds", "total_size"]
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TIER_THRESHOLDS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    customers: _containers.RepeatedCompositeFieldContainer[CustomerSegment]
    next_page_token: str
    tier_thresholds: _containers.RepeatedScalarFieldContainer[float]
    total_size: int
    def __init__(self, customers: _Optional[_Iterable[_Union[CustomerSegment, _Mapping]]] = ..., tier_thresholds: _Optional[_Iterable[float]] = ..., total_size: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class StreamCustomerMetricsRequest(_message.Message):
    __slots__ = ["as_of", "batch_size", "churn_definition", "filter", "horizon", "margin", "model_id", "monthly_discount_rate", "run_name"]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    CHURN_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    HORIZON_FIELD_NUMBER: _ClassVar[int]
    MARGIN_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_DISCOUNT_RATE_FIELD_NUMBER: _ClassVar[int]
    RUN_NAME_FIELD_NUMBER: _ClassVar[int]
    as_of: _timestamp_pb2.Timestamp
    batch_size: int
    churn_definition: ChurnDefinition
    filter: CustomerFilter
    horizon: float
    margin: float
    model_id: str
    monthly_discount_rate: float
    run_name: str
    def __init__(self, filter: _Optional[_Union[CustomerFilter, _Mapping]] = ..., model_id: _Optional[str] = ..., as_of: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., horizon: _Optional[float] = ..., monthly_discount_rate: _Optional[float] = ..., margin: _Optional[float] = ..., batch_size: _Optional[int] = ..., run_name: _Optional[str] = ..., churn_definition: _Optional[_Union[ChurnDefinition, _Mapping]] = ...) -> None: ...

class StreamCustomerMetricsResponse(_message.Message):
    __slots__ = ["batch", "progress"]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    batch: CustomerMetricsBatch
    progress: RecalculationProgress
    def __init__(self, progress: _Optional[_Union[RecalculationProgress, _Mapping]] = ..., batch: _Optional[_Union[CustomerMetricsBatch, _Mapping]] = ...) -> None: ...

class LifespanMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class PortfolioMetric(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class TimeUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SegmentationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DataQualityCheck(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

package com.crmgrpc.crm.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * The value metrics of the book: what-if CLV, portfolio metrics and series, per-customer metrics and
 * their bulk recalculation, cohorts, segments and data quality. Money results are doubles in major units
 * of the book's currency. A metric that cannot be computed is absent and listed in `unavailable`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: crm/v1/metrics.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class MetricsServiceGrpc {

  private MetricsServiceGrpc() {}

  public static final String SERVICE_NAME = "crm.v1.MetricsService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.CalculateClvRequest,
      com.crmgrpc.crm.v1.CalculateClvResponse> getCalculateClvMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CalculateClv",
      requestType = com.crmgrpc.crm.v1.CalculateClvRequest.class,
      responseType = com.crmgrpc.crm.v1.CalculateClvResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.CalculateClvRequest,
      com.crmgrpc.crm.v1.CalculateClvResponse> getCalculateClvMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.CalculateClvRequest, com.crmgrpc.crm.v1.CalculateClvResponse> getCalculateClvMethod;
    if ((getCalculateClvMethod = MetricsServiceGrpc.getCalculateClvMethod) == null) {
      synchronized (MetricsServiceGrpc.class) {
        if ((getCalculateClvMethod = MetricsServiceGrpc.getCalculateClvMethod) == null) {
          MetricsServiceGrpc.getCalculateClvMethod = getCalculateClvMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.CalculateClvRequest, com.crmgrpc.crm.v1.CalculateClvResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CalculateClv"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.CalculateClvRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.CalculateClvResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MetricsServiceMethodDescriptorSupplier("CalculateClv"))
              .build();
        }
      }
    }
    return getCalculateClvMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetPortfolioMetricsRequest,
      com.crmgrpc.crm.v1.GetPortfolioMetricsResponse> getGetPortfolioMetricsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetPortfolioMetrics",
      requestType = com.crmgrpc.crm.v1.GetPortfolioMetricsRequest.class,
      responseType = com.crmgrpc.crm.v1.GetPortfolioMetricsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetPortfolioMetricsRequest,
      com.crmgrpc.crm.v1.GetPortfolioMetricsResponse> getGetPortfolioMetricsMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetPortfolioMetricsRequest, com.crmgrpc.crm.v1.GetPortfolioMetricsResponse> getGetPortfolioMetricsMethod;
    if ((getGetPortfolioMetricsMethod = MetricsServiceGrpc.getGetPortfolioMetricsMethod) == null) {
      synchronized (MetricsServiceGrpc.class) {
        if ((getGetPortfolioMetricsMethod = MetricsServiceGrpc.getGetPortfolioMetricsMethod) == null) {
          MetricsServiceGrpc.getGetPortfolioMetricsMethod = getGetPortfolioMetricsMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.GetPortfolioMetricsRequest, com.crmgrpc.crm.v1.GetPortfolioMetricsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetPortfolioMetrics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetPortfolioMetricsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetPortfolioMetricsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MetricsServiceMethodDescriptorSupplier("GetPortfolioMetrics"))
              .build();
        }
      }
    }
    return getGetPortfolioMetricsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetMetricSeriesRequest,
      com.crmgrpc.crm.v1.GetMetricSeriesResponse> getGetMetricSeriesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMetricSeries",
      requestType = com.crmgrpc.crm.v1.GetMetricSeriesRequest.class,
      responseType = com.crmgrpc.crm.v1.GetMetricSeriesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetMetricSeriesRequest,
      com.crmgrpc.crm.v1.GetMetricSeriesResponse> getGetMetricSeriesMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetMetricSeriesRequest, com.crmgrpc.crm.v1.GetMetricSeriesResponse> getGetMetricSeriesMethod;
    if ((getGetMetricSeriesMethod = MetricsServiceGrpc.getGetMetricSeriesMethod) == null) {
      synchronized (MetricsServiceGrpc.class) {
        if ((getGetMetricSeriesMethod = MetricsServiceGrpc.getGetMetricSeriesMethod) == null) {
          MetricsServiceGrpc.getGetMetricSeriesMethod = getGetMetricSeriesMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.GetMetricSeriesRequest, com.crmgrpc.crm.v1.GetMetricSeriesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMetricSeries"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetMetricSeriesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetMetricSeriesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MetricsServiceMethodDescriptorSupplier("GetMetricSeries"))
              .build();
        }
      }
    }
    return getGetMetricSeriesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetCustomerMetricsRequest,
      com.crmgrpc.crm.v1.GetCustomerMetricsResponse> getGetCustomerMetricsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetCustomerMetrics",
      requestType = com.crmgrpc.crm.v1.GetCustomerMetricsRequest.class,
      responseType = com.crmgrpc.crm.v1.GetCustomerMetricsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetCustomerMetricsRequest,
      com.crmgrpc.crm.v1.GetCustomerMetricsResponse> getGetCustomerMetricsMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetCustomerMetricsRequest, com.crmgrpc.crm.v1.GetCustomerMetricsResponse> getGetCustomerMetricsMethod;
    if ((getGetCustomerMetricsMethod = MetricsServiceGrpc.getGetCustomerMetricsMethod) == null) {
      synchronized (MetricsServiceGrpc.class) {
        if ((getGetCustomerMetricsMethod = MetricsServiceGrpc.getGetCustomerMetricsMethod) == null) {
          MetricsServiceGrpc.getGetCustomerMetricsMethod = getGetCustomerMetricsMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.GetCustomerMetricsRequest, com.crmgrpc.crm.v1.GetCustomerMetricsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetCustomerMetrics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetCustomerMetricsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetCustomerMetricsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MetricsServiceMethodDescriptorSupplier("GetCustomerMetrics"))
              .build();
        }
      }
    }
    return getGetCustomerMetricsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.StreamCustomerMetricsRequest,
      com.crmgrpc.crm.v1.StreamCustomerMetricsResponse> getStreamCustomerMetricsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "StreamCustomerMetrics",
      requestType = com.crmgrpc.crm.v1.StreamCustomerMetricsRequest.class,
      responseType = com.crmgrpc.crm.v1.StreamCustomerMetricsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.StreamCustomerMetricsRequest,
      com.crmgrpc.crm.v1.StreamCustomerMetricsResponse> getStreamCustomerMetricsMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.StreamCustomerMetricsRequest, com.crmgrpc.crm.v1.StreamCustomerMetricsResponse> getStreamCustomerMetricsMethod;
    if ((getStreamCustomerMetricsMethod = MetricsServiceGrpc.getStreamCustomerMetricsMethod) == null) {
      synchronized (MetricsServiceGrpc.class) {
        if ((getStreamCustomerMetricsMethod = MetricsServiceGrpc.getStreamCustomerMetricsMethod) == null) {
          MetricsServiceGrpc.getStreamCustomerMetricsMethod = getStreamCustomerMetricsMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.StreamCustomerMetricsRequest, com.crmgrpc.crm.v1.StreamCustomerMetricsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "StreamCustomerMetrics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.StreamCustomerMetricsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.StreamCustomerMetricsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MetricsServiceMethodDescriptorSupplier("StreamCustomerMetrics"))
              .build();
        }
      }
    }
    return getStreamCustomerMetricsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetCohortRetentionRequest,
      com.crmgrpc.crm.v1.GetCohortRetentionResponse> getGetCohortRetentionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetCohortRetention",
      requestType = com.crmgrpc.crm.v1.GetCohortRetentionRequest.class,
      responseType = com.crmgrpc.crm.v1.GetCohortRetentionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetCohortRetentionRequest,
      com.crmgrpc.crm.v1.GetCohortRetentionResponse> getGetCohortRetentionMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetCohortRetentionRequest, com.crmgrpc.crm.v1.GetCohortRetentionResponse> getGetCohortRetentionMethod;
    if ((getGetCohortRetentionMethod = MetricsServiceGrpc.getGetCohortRetentionMethod) == null) {
      synchronized (MetricsServiceGrpc.class) {
        if ((getGetCohortRetentionMethod = MetricsServiceGrpc.getGetCohortRetentionMethod) == null) {
          MetricsServiceGrpc.getGetCohortRetentionMethod = getGetCohortRetentionMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.GetCohortRetentionRequest, com.crmgrpc.crm.v1.GetCohortRetentionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetCohortRetention"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetCohortRetentionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetCohortRetentionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MetricsServiceMethodDescriptorSupplier("GetCohortRetention"))
              .build();
        }
      }
    }
    return getGetCohortRetentionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.SegmentCustomersRequest,
      com.crmgrpc.crm.v1.SegmentCustomersResponse> getSegmentCustomersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SegmentCustomers",
      requestType = com.crmgrpc.crm.v1.SegmentCustomersRequest.class,
      responseType = com.crmgrpc.crm.v1.SegmentCustomersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.SegmentCustomersRequest,
      com.crmgrpc.crm.v1.SegmentCustomersResponse> getSegmentCustomersMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.SegmentCustomersRequest, com.crmgrpc.crm.v1.SegmentCustomersResponse> getSegmentCustomersMethod;
    if ((getSegmentCustomersMethod = MetricsServiceGrpc.getSegmentCustomersMethod) == null) {
      synchronized (MetricsServiceGrpc.class) {
        if ((getSegmentCustomersMethod = MetricsServiceGrpc.getSegmentCustomersMethod) == null) {
          MetricsServiceGrpc.getSegmentCustomersMethod = getSegmentCustomersMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.SegmentCustomersRequest, com.crmgrpc.crm.v1.SegmentCustomersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SegmentCustomers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.SegmentCustomersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.SegmentCustomersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MetricsServiceMethodDescriptorSupplier("SegmentCustomers"))
              .build();
        }
      }
    }
    return getSegmentCustomersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetDataQualityReportRequest,
      com.crmgrpc.crm.v1.GetDataQualityReportResponse> getGetDataQualityReportMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetDataQualityReport",
      requestType = com.crmgrpc.crm.v1.GetDataQualityReportRequest.class,
      responseType = com.crmgrpc.crm.v1.GetDataQualityReportResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetDataQualityReportRequest,
      com.crmgrpc.crm.v1.GetDataQualityReportResponse> getGetDataQualityReportMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetDataQualityReportRequest, com.crmgrpc.crm.v1.GetDataQualityReportResponse> getGetDataQualityReportMethod;
    if ((getGetDataQualityReportMethod = MetricsServiceGrpc.getGetDataQualityReportMethod) == null) {
      synchronized (MetricsServiceGrpc.class) {
        if ((getGetDataQualityReportMethod = MetricsServiceGrpc.getGetDataQualityReportMethod) == null) {
          MetricsServiceGrpc.getGetDataQualityReportMethod = getGetDataQualityReportMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.GetDataQualityReportRequest, com.crmgrpc.crm.v1.GetDataQualityReportResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetDataQualityReport"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetDataQualityReportRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetDataQualityReportResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MetricsServiceMethodDescriptorSupplier("GetDataQualityReport"))
              .build();
        }
      }
    }
    return getGetDataQualityReportMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static MetricsServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MetricsServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MetricsServiceStub>() {
        @java.lang.Override
        public MetricsServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MetricsServiceStub(channel, callOptions);
        }
      };
    return MetricsServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static MetricsServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MetricsServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MetricsServiceBlockingStub>() {
        @java.lang.Override
        public MetricsServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MetricsServiceBlockingStub(channel, callOptions);
        }
      };
    return MetricsServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static MetricsServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MetricsServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MetricsServiceFutureStub>() {
        @java.lang.Override
        public MetricsServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MetricsServiceFutureStub(channel, callOptions);
        }
      };
    return MetricsServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * The value metrics of the book: what-if CLV, portfolio metrics and series, per-customer metrics and
   * their bulk recalculation, cohorts, segments and data quality. Money results are doubles in major units
   * of the book's currency. A metric that cannot be computed is absent and listed in `unavailable`.
   * </pre>
   */
  public static abstract class MetricsServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * The what-if CLV calculator; needs no stored data. Every input is echoed back.
     * Errors: INVALID_ARGUMENT for a negative or non-finite input, a margin outside [0, 1], neither or both
     * of lifespan and retention, or a retention rate outside [0, 1).
     * </pre>
     */
    public void calculateClv(com.crmgrpc.crm.v1.CalculateClvRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.CalculateClvResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCalculateClvMethod(), responseObserver);
    }

    /**
     * <pre>
     * Every descriptive metric over a half-open period, for the whole book and optionally per group.
     * Errors: INVALID_ARGUMENT for a missing or inverted period or a bad group_by.
     * </pre>
     */
    public void getPortfolioMetrics(com.crmgrpc.crm.v1.GetPortfolioMetricsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetPortfolioMetricsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetPortfolioMetricsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Chosen portfolio metrics bucketed by calendar month, quarter or year over a range.
     * Errors: INVALID_ARGUMENT for a bad range, granularity, metric or group_by, or more than 1,000 buckets.
     * </pre>
     */
    public void getMetricSeries(com.crmgrpc.crm.v1.GetMetricSeriesRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetMetricSeriesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMetricSeriesMethod(), responseObserver);
    }

    /**
     * <pre>
     * One customer's historical and predictive CLV, P(alive), expected purchases, RFM and health score.
     * Without a fitted model the predictive metrics are absent and listed in `unavailable`.
     * Errors: INVALID_ARGUMENT (empty id, negative horizon or rate, bad weights), NOT_FOUND (customer, or a
     * named model).
     * </pre>
     */
    public void getCustomerMetrics(com.crmgrpc.crm.v1.GetCustomerMetricsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetCustomerMetricsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetCustomerMetricsMethod(), responseObserver);
    }

    /**
     * <pre>
     * The bulk recalculation: metrics of every customer matching the filter, in batches, with progress
     * messages. Reads are streamed (memory stays flat); a deadline or cancellation stops the scan promptly.
     * Errors: as GetCustomerMetrics, plus CANCELLED / DEADLINE_EXCEEDED mid-stream.
     * </pre>
     */
    public void streamCustomerMetrics(com.crmgrpc.crm.v1.StreamCustomerMetricsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.StreamCustomerMetricsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getStreamCustomerMetricsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Acquisition cohorts × periods since acquisition: share still purchasing and cumulative revenue.
     * Errors: INVALID_ARGUMENT for a bad range or granularity, or more than 600 periods from the first
     * cohort to `as_of`.
     * </pre>
     */
    public void getCohortRetention(com.crmgrpc.crm.v1.GetCohortRetentionRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetCohortRetentionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetCohortRetentionMethod(), responseObserver);
    }

    /**
     * <pre>
     * CLV tiers, RFM scores and codes, and the at-risk list, paged.
     * Errors: INVALID_ARGUMENT (bad quantiles, threshold, page), NOT_FOUND (model),
     * FAILED_PRECONDITION for the at-risk list when no model has been fitted.
     * </pre>
     */
    public void segmentCustomers(com.crmgrpc.crm.v1.SegmentCustomersRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.SegmentCustomersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSegmentCustomersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Data-quality findings over the stored data and the ingest history, with counts and sample ids.
     * Errors: INVALID_ARGUMENT for a sample size outside 0–100.
     * </pre>
     */
    public void getDataQualityReport(com.crmgrpc.crm.v1.GetDataQualityReportRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetDataQualityReportResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetDataQualityReportMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getCalculateClvMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.CalculateClvRequest,
                com.crmgrpc.crm.v1.CalculateClvResponse>(
                  this, METHODID_CALCULATE_CLV)))
          .addMethod(
            getGetPortfolioMetricsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.GetPortfolioMetricsRequest,
                com.crmgrpc.crm.v1.GetPortfolioMetricsResponse>(
                  this, METHODID_GET_PORTFOLIO_METRICS)))
          .addMethod(
            getGetMetricSeriesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.GetMetricSeriesRequest,
                com.crmgrpc.crm.v1.GetMetricSeriesResponse>(
                  this, METHODID_GET_METRIC_SERIES)))
          .addMethod(
            getGetCustomerMetricsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.GetCustomerMetricsRequest,
                com.crmgrpc.crm.v1.GetCustomerMetricsResponse>(
                  this, METHODID_GET_CUSTOMER_METRICS)))
          .addMethod(
            getStreamCustomerMetricsMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.StreamCustomerMetricsRequest,
                com.crmgrpc.crm.v1.StreamCustomerMetricsResponse>(
                  this, METHODID_STREAM_CUSTOMER_METRICS)))
          .addMethod(
            getGetCohortRetentionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.GetCohortRetentionRequest,
                com.crmgrpc.crm.v1.GetCohortRetentionResponse>(
                  this, METHODID_GET_COHORT_RETENTION)))
          .addMethod(
            getSegmentCustomersMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.SegmentCustomersRequest,
                com.crmgrpc.crm.v1.SegmentCustomersResponse>(
                  this, METHODID_SEGMENT_CUSTOMERS)))
          .addMethod(
            getGetDataQualityReportMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.GetDataQualityReportRequest,
                com.crmgrpc.crm.v1.GetDataQualityReportResponse>(
                  this, METHODID_GET_DATA_QUALITY_REPORT)))
          .build();
    }
  }

  /**
   * <pre>
   * The value metrics of the book: what-if CLV, portfolio metrics and series, per-customer metrics and
   * their bulk recalculation, cohorts, segments and data quality. Money results are doubles in major units
   * of the book's currency. A metric that cannot be computed is absent and listed in `unavailable`.
   * </pre>
   */
  public static final class MetricsServiceStub extends io.grpc.stub.AbstractAsyncStub<MetricsServiceStub> {
    private MetricsServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MetricsServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MetricsServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * The what-if CLV calculator; needs no stored data. Every input is echoed back.
     * Errors: INVALID_ARGUMENT for a negative or non-finite input, a margin outside [0, 1], neither or both
     * of lifespan and retention, or a retention rate outside [0, 1).
     * </pre>
     */
    public void calculateClv(com.crmgrpc.crm.v1.CalculateClvRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.CalculateClvResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCalculateClvMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Every descriptive metric over a half-open period, for the whole book and optionally per group.
     * Errors: INVALID_ARGUMENT for a missing or inverted period or a bad group_by.
     * </pre>
     */
    public void getPortfolioMetrics(com.crmgrpc.crm.v1.GetPortfolioMetricsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetPortfolioMetricsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetPortfolioMetricsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Chosen portfolio metrics bucketed by calendar month, quarter or year over a range.
     * Errors: INVALID_ARGUMENT for a bad range, granularity, metric or group_by, or more than 1,000 buckets.
     * </pre>
     */
    public void getMetricSeries(com.crmgrpc.crm.v1.GetMetricSeriesRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetMetricSeriesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMetricSeriesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * One customer's historical and predictive CLV, P(alive), expected purchases, RFM and health score.
     * Without a fitted model the predictive metrics are absent and listed in `unavailable`.
     * Errors: INVALID_ARGUMENT (empty id, negative horizon or rate, bad weights), NOT_FOUND (customer, or a
     * named model).
     * </pre>
     */
    public void getCustomerMetrics(com.crmgrpc.crm.v1.GetCustomerMetricsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetCustomerMetricsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetCustomerMetricsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The bulk recalculation: metrics of every customer matching the filter, in batches, with progress
     * messages. Reads are streamed (memory stays flat); a deadline or cancellation stops the scan promptly.
     * Errors: as GetCustomerMetrics, plus CANCELLED / DEADLINE_EXCEEDED mid-stream.
     * </pre>
     */
    public void streamCustomerMetrics(com.crmgrpc.crm.v1.StreamCustomerMetricsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.StreamCustomerMetricsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getStreamCustomerMetricsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Acquisition cohorts × periods since acquisition: share still purchasing and cumulative revenue.
     * Errors: INVALID_ARGUMENT for a bad range or granularity, or more than 600 periods from the first
     * cohort to `as_of`.
     * </pre>
     */
    public void getCohortRetention(com.crmgrpc.crm.v1.GetCohortRetentionRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetCohortRetentionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetCohortRetentionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CLV tiers, RFM scores and codes, and the at-risk list, paged.
     * Errors: INVALID_ARGUMENT (bad quantiles, threshold, page), NOT_FOUND (model),
     * FAILED_PRECONDITION for the at-risk list when no model has been fitted.
     * </pre>
     */
    public void segmentCustomers(com.crmgrpc.crm.v1.SegmentCustomersRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.SegmentCustomersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSegmentCustomersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Data-quality findings over the stored data and the ingest history, with counts and sample ids.
     * Errors: INVALID_ARGUMENT for a sample size outside 0–100.
     * </pre>
     */
    public void getDataQualityReport(com.crmgrpc.crm.v1.GetDataQualityReportRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetDataQualityReportResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetDataQualityReportMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * The value metrics of the book: what-if CLV, portfolio metrics and series, per-customer metrics and
   * their bulk recalculation, cohorts, segments and data quality. Money results are doubles in major units
   * of the book's currency. A metric that cannot be computed is absent and listed in `unavailable`.
   * </pre>
   */
  public static final class MetricsServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<MetricsServiceBlockingStub> {
    private MetricsServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MetricsServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MetricsServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * The what-if CLV calculator; needs no stored data. Every input is echoed back.
     * Errors: INVALID_ARGUMENT for a negative or non-finite input, a margin outside [0, 1], neither or both
     * of lifespan and retention, or a retention rate outside [0, 1).
     * </pre>
     */
    public com.crmgrpc.crm.v1.CalculateClvResponse calculateClv(com.crmgrpc.crm.v1.CalculateClvRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCalculateClvMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every descriptive metric over a half-open period, for the whole book and optionally per group.
     * Errors: INVALID_ARGUMENT for a missing or inverted period or a bad group_by.
     * </pre>
     */
    public com.crmgrpc.crm.v1.GetPortfolioMetricsResponse getPortfolioMetrics(com.crmgrpc.crm.v1.GetPortfolioMetricsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetPortfolioMetricsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Chosen portfolio metrics bucketed by calendar month, quarter or year over a range.
     * Errors: INVALID_ARGUMENT for a bad range, granularity, metric or group_by, or more than 1,000 buckets.
     * </pre>
     */
    public com.crmgrpc.crm.v1.GetMetricSeriesResponse getMetricSeries(com.crmgrpc.crm.v1.GetMetricSeriesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMetricSeriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * One customer's historical and predictive CLV, P(alive), expected purchases, RFM and health score.
     * Without a fitted model the predictive metrics are absent and listed in `unavailable`.
     * Errors: INVALID_ARGUMENT (empty id, negative horizon or rate, bad weights), NOT_FOUND (customer, or a
     * named model).
     * </pre>
     */
    public com.crmgrpc.crm.v1.GetCustomerMetricsResponse getCustomerMetrics(com.crmgrpc.crm.v1.GetCustomerMetricsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetCustomerMetricsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The bulk recalculation: metrics of every customer matching the filter, in batches, with progress
     * messages. Reads are streamed (memory stays flat); a deadline or cancellation stops the scan promptly.
     * Errors: as GetCustomerMetrics, plus CANCELLED / DEADLINE_EXCEEDED mid-stream.
     * </pre>
     */
    public java.util.Iterator<com.crmgrpc.crm.v1.StreamCustomerMetricsResponse> streamCustomerMetrics(
        com.crmgrpc.crm.v1.StreamCustomerMetricsRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getStreamCustomerMetricsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Acquisition cohorts × periods since acquisition: share still purchasing and cumulative revenue.
     * Errors: INVALID_ARGUMENT for a bad range or granularity, or more than 600 periods from the first
     * cohort to `as_of`.
     * </pre>
     */
    public com.crmgrpc.crm.v1.GetCohortRetentionResponse getCohortRetention(com.crmgrpc.crm.v1.GetCohortRetentionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetCohortRetentionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CLV tiers, RFM scores and codes, and the at-risk list, paged.
     * Errors: INVALID_ARGUMENT (bad quantiles, threshold, page), NOT_FOUND (model),
     * FAILED_PRECONDITION for the at-risk list when no model has been fitted.
     * </pre>
     */
    public com.crmgrpc.crm.v1.SegmentCustomersResponse segmentCustomers(com.crmgrpc.crm.v1.SegmentCustomersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSegmentCustomersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Data-quality findings over the stored data and the ingest history, with counts and sample ids.
     * Errors: INVALID_ARGUMENT for a sample size outside 0–100.
     * </pre>
     */
    public com.crmgrpc.crm.v1.GetDataQualityReportResponse getDataQualityReport(com.crmgrpc.crm.v1.GetDataQualityReportRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetDataQualityReportMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * The value metrics of the book: what-if CLV, portfolio metrics and series, per-customer metrics and
   * their bulk recalculation, cohorts, segments and data quality. Money results are doubles in major units
   * of the book's currency. A metric that cannot be computed is absent and listed in `unavailable`.
   * </pre>
   */
  public static final class MetricsServiceFutureStub extends io.grpc.stub.AbstractFutureStub<MetricsServiceFutureStub> {
    private MetricsServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MetricsServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MetricsServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * The what-if CLV calculator; needs no stored data. Every input is echoed back.
     * Errors: INVALID_ARGUMENT for a negative or non-finite input, a margin outside [0, 1], neither or both
     * of lifespan and retention, or a retention rate outside [0, 1).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.CalculateClvResponse> calculateClv(
        com.crmgrpc.crm.v1.CalculateClvRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCalculateClvMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Every descriptive metric over a half-open period, for the whole book and optionally per group.
     * Errors: INVALID_ARGUMENT for a missing or inverted period or a bad group_by.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.GetPortfolioMetricsResponse> getPortfolioMetrics(
        com.crmgrpc.crm.v1.GetPortfolioMetricsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetPortfolioMetricsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Chosen portfolio metrics bucketed by calendar month, quarter or year over a range.
     * Errors: INVALID_ARGUMENT for a bad range, granularity, metric or group_by, or more than 1,000 buckets.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.GetMetricSeriesResponse> getMetricSeries(
        com.crmgrpc.crm.v1.GetMetricSeriesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMetricSeriesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * One customer's historical and predictive CLV, P(alive), expected purchases, RFM and health score.
     * Without a fitted model the predictive metrics are absent and listed in `unavailable`.
     * Errors: INVALID_ARGUMENT (empty id, negative horizon or rate, bad weights), NOT_FOUND (customer, or a
     * named model).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.GetCustomerMetricsResponse> getCustomerMetrics(
        com.crmgrpc.crm.v1.GetCustomerMetricsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetCustomerMetricsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Acquisition cohorts × periods since acquisition: share still purchasing and cumulative revenue.
     * Errors: INVALID_ARGUMENT for a bad range or granularity, or more than 600 periods from the first
     * cohort to `as_of`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.GetCohortRetentionResponse> getCohortRetention(
        com.crmgrpc.crm.v1.GetCohortRetentionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetCohortRetentionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CLV tiers, RFM scores and codes, and the at-risk list, paged.
     * Errors: INVALID_ARGUMENT (bad quantiles, threshold, page), NOT_FOUND (model),
     * FAILED_PRECONDITION for the at-risk list when no model has been fitted.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.SegmentCustomersResponse> segmentCustomers(
        com.crmgrpc.crm.v1.SegmentCustomersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSegmentCustomersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Data-quality findings over the stored data and the ingest history, with counts and sample ids.
     * Errors: INVALID_ARGUMENT for a sample size outside 0–100.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.GetDataQualityReportResponse> getDataQualityReport(
        com.crmgrpc.crm.v1.GetDataQualityReportRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetDataQualityReportMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CALCULATE_CLV = 0;
  private static final int METHODID_GET_PORTFOLIO_METRICS = 1;
  private static final int METHODID_GET_METRIC_SERIES = 2;
  private static final int METHODID_GET_CUSTOMER_METRICS = 3;
  private static final int METHODID_STREAM_CUSTOMER_METRICS = 4;
  private static final int METHODID_GET_COHORT_RETENTION = 5;
  private static final int METHODID_SEGMENT_CUSTOMERS = 6;
  private static final int METHODID_GET_DATA_QUALITY_REPORT = 7;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final MetricsServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(MetricsServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CALCULATE_CLV:
          serviceImpl.calculateClv((com.crmgrpc.crm.v1.CalculateClvRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.CalculateClvResponse>) responseObserver);
          break;
        case METHODID_GET_PORTFOLIO_METRICS:
          serviceImpl.getPortfolioMetrics((com.crmgrpc.crm.v1.GetPortfolioMetricsRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetPortfolioMetricsResponse>) responseObserver);
          break;
        case METHODID_GET_METRIC_SERIES:
          serviceImpl.getMetricSeries((com.crmgrpc.crm.v1.GetMetricSeriesRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetMetricSeriesResponse>) responseObserver);
          break;
        case METHODID_GET_CUSTOMER_METRICS:
          serviceImpl.getCustomerMetrics((com.crmgrpc.crm.v1.GetCustomerMetricsRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetCustomerMetricsResponse>) responseObserver);
          break;
        case METHODID_STREAM_CUSTOMER_METRICS:
          serviceImpl.streamCustomerMetrics((com.crmgrpc.crm.v1.StreamCustomerMetricsRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.StreamCustomerMetricsResponse>) responseObserver);
          break;
        case METHODID_GET_COHORT_RETENTION:
          serviceImpl.getCohortRetention((com.crmgrpc.crm.v1.GetCohortRetentionRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetCohortRetentionResponse>) responseObserver);
          break;
        case METHODID_SEGMENT_CUSTOMERS:
          serviceImpl.segmentCustomers((com.crmgrpc.crm.v1.SegmentCustomersRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.SegmentCustomersResponse>) responseObserver);
          break;
        case METHODID_GET_DATA_QUALITY_REPORT:
          serviceImpl.getDataQualityReport((com.crmgrpc.crm.v1.GetDataQualityReportRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetDataQualityReportResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class MetricsServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    MetricsServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.crmgrpc.crm.v1.MetricsProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("MetricsService");
    }
  }

  private static final class MetricsServiceFileDescriptorSupplier
      extends MetricsServiceBaseDescriptorSupplier {
    MetricsServiceFileDescriptorSupplier() {}
  }

  private static final class MetricsServiceMethodDescriptorSupplier
      extends MetricsServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    MetricsServiceMethodDescriptorSupplier(String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (MetricsServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new MetricsServiceFileDescriptorSupplier())
              .addMethod(getCalculateClvMethod())
              .addMethod(getGetPortfolioMetricsMethod())
              .addMethod(getGetMetricSeriesMethod())
              .addMethod(getGetCustomerMetricsMethod())
              .addMethod(getStreamCustomerMetricsMethod())
              .addMethod(getGetCohortRetentionMethod())
              .addMethod(getSegmentCustomersMethod())
              .addMethod(getGetDataQualityReportMethod())
              .build();
        }
      }
    }
    return result;
  }
}

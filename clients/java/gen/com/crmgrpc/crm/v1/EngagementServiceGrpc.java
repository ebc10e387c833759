package com.crmgrpc.crm.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * The inputs of CAC, NPS/CSAT/CES, FRT/AHT and the health score, and the CRM changes whose uplift is
 * measured. Every import is client streaming with the same rules as ImportTransactions: rows validated
 * one by one, the id as idempotency key (identical row: duplicate; other content: conflict, rejected),
 * each message committed atomically, the response sent once everything accepted is durable.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: crm/v1/engagement.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class EngagementServiceGrpc {

  private EngagementServiceGrpc() {}

  public static final String SERVICE_NAME = "crm.v1.EngagementService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportMarketingSpendRequest,
      com.crmgrpc.crm.v1.ImportMarketingSpendResponse> getImportMarketingSpendMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ImportMarketingSpend",
      requestType = com.crmgrpc.crm.v1.ImportMarketingSpendRequest.class,
      responseType = com.crmgrpc.crm.v1.ImportMarketingSpendResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportMarketingSpendRequest,
      com.crmgrpc.crm.v1.ImportMarketingSpendResponse> getImportMarketingSpendMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportMarketingSpendRequest, com.crmgrpc.crm.v1.ImportMarketingSpendResponse> getImportMarketingSpendMethod;
    if ((getImportMarketingSpendMethod = EngagementServiceGrpc.getImportMarketingSpendMethod) == null) {
      synchronized (EngagementServiceGrpc.class) {
        if ((getImportMarketingSpendMethod = EngagementServiceGrpc.getImportMarketingSpendMethod) == null) {
          EngagementServiceGrpc.getImportMarketingSpendMethod = getImportMarketingSpendMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ImportMarketingSpendRequest, com.crmgrpc.crm.v1.ImportMarketingSpendResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ImportMarketingSpend"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportMarketingSpendRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportMarketingSpendResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EngagementServiceMethodDescriptorSupplier("ImportMarketingSpend"))
              .build();
        }
      }
    }
    return getImportMarketingSpendMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportSurveyResponsesRequest,
      com.crmgrpc.crm.v1.ImportSurveyResponsesResponse> getImportSurveyResponsesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ImportSurveyResponses",
      requestType = com.crmgrpc.crm.v1.ImportSurveyResponsesRequest.class,
      responseType = com.crmgrpc.crm.v1.ImportSurveyResponsesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportSurveyResponsesRequest,
      com.crmgrpc.crm.v1.ImportSurveyResponsesResponse> getImportSurveyResponsesMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportSurveyResponsesRequest, com.crmgrpc.crm.v1.ImportSurveyResponsesResponse> getImportSurveyResponsesMethod;
    if ((getImportSurveyResponsesMethod = EngagementServiceGrpc.getImportSurveyResponsesMethod) == null) {
      synchronized (EngagementServiceGrpc.class) {
        if ((getImportSurveyResponsesMethod = EngagementServiceGrpc.getImportSurveyResponsesMethod) == null) {
          EngagementServiceGrpc.getImportSurveyResponsesMethod = getImportSurveyResponsesMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ImportSurveyResponsesRequest, com.crmgrpc.crm.v1.ImportSurveyResponsesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ImportSurveyResponses"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportSurveyResponsesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportSurveyResponsesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EngagementServiceMethodDescriptorSupplier("ImportSurveyResponses"))
              .build();
        }
      }
    }
    return getImportSurveyResponsesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportSupportInteractionsRequest,
      com.crmgrpc.crm.v1.ImportSupportInteractionsResponse> getImportSupportInteractionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ImportSupportInteractions",
      requestType = com.crmgrpc.crm.v1.ImportSupportInteractionsRequest.class,
      responseType = com.crmgrpc.crm.v1.ImportSupportInteractionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportSupportInteractionsRequest,
      com.crmgrpc.crm.v1.ImportSupportInteractionsResponse> getImportSupportInteractionsMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportSupportInteractionsRequest, com.crmgrpc.crm.v1.ImportSupportInteractionsResponse> getImportSupportInteractionsMethod;
    if ((getImportSupportInteractionsMethod = EngagementServiceGrpc.getImportSupportInteractionsMethod) == null) {
      synchronized (EngagementServiceGrpc.class) {
        if ((getImportSupportInteractionsMethod = EngagementServiceGrpc.getImportSupportInteractionsMethod) == null) {
          EngagementServiceGrpc.getImportSupportInteractionsMethod = getImportSupportInteractionsMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ImportSupportInteractionsRequest, com.crmgrpc.crm.v1.ImportSupportInteractionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ImportSupportInteractions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportSupportInteractionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportSupportInteractionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EngagementServiceMethodDescriptorSupplier("ImportSupportInteractions"))
              .build();
        }
      }
    }
    return getImportSupportInteractionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportActivityEventsRequest,
      com.crmgrpc.crm.v1.ImportActivityEventsResponse> getImportActivityEventsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ImportActivityEvents",
      requestType = com.crmgrpc.crm.v1.ImportActivityEventsRequest.class,
      responseType = com.crmgrpc.crm.v1.ImportActivityEventsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportActivityEventsRequest,
      com.crmgrpc.crm.v1.ImportActivityEventsResponse> getImportActivityEventsMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportActivityEventsRequest, com.crmgrpc.crm.v1.ImportActivityEventsResponse> getImportActivityEventsMethod;
    if ((getImportActivityEventsMethod = EngagementServiceGrpc.getImportActivityEventsMethod) == null) {
      synchronized (EngagementServiceGrpc.class) {
        if ((getImportActivityEventsMethod = EngagementServiceGrpc.getImportActivityEventsMethod) == null) {
          EngagementServiceGrpc.getImportActivityEventsMethod = getImportActivityEventsMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ImportActivityEventsRequest, com.crmgrpc.crm.v1.ImportActivityEventsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ImportActivityEvents"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportActivityEventsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportActivityEventsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EngagementServiceMethodDescriptorSupplier("ImportActivityEvents"))
              .build();
        }
      }
    }
    return getImportActivityEventsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.RecordCrmChangeRequest,
      com.crmgrpc.crm.v1.RecordCrmChangeResponse> getRecordCrmChangeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecordCrmChange",
      requestType = com.crmgrpc.crm.v1.RecordCrmChangeRequest.class,
      responseType = com.crmgrpc.crm.v1.RecordCrmChangeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.RecordCrmChangeRequest,
      com.crmgrpc.crm.v1.RecordCrmChangeResponse> getRecordCrmChangeMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.RecordCrmChangeRequest, com.crmgrpc.crm.v1.RecordCrmChangeResponse> getRecordCrmChangeMethod;
    if ((getRecordCrmChangeMethod = EngagementServiceGrpc.getRecordCrmChangeMethod) == null) {
      synchronized (EngagementServiceGrpc.class) {
        if ((getRecordCrmChangeMethod = EngagementServiceGrpc.getRecordCrmChangeMethod) == null) {
          EngagementServiceGrpc.getRecordCrmChangeMethod = getRecordCrmChangeMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.RecordCrmChangeRequest, com.crmgrpc.crm.v1.RecordCrmChangeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecordCrmChange"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.RecordCrmChangeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.RecordCrmChangeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EngagementServiceMethodDescriptorSupplier("RecordCrmChange"))
              .build();
        }
      }
    }
    return getRecordCrmChangeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListCrmChangesRequest,
      com.crmgrpc.crm.v1.ListCrmChangesResponse> getListCrmChangesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListCrmChanges",
      requestType = com.crmgrpc.crm.v1.ListCrmChangesRequest.class,
      responseType = com.crmgrpc.crm.v1.ListCrmChangesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListCrmChangesRequest,
      com.crmgrpc.crm.v1.ListCrmChangesResponse> getListCrmChangesMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListCrmChangesRequest, com.crmgrpc.crm.v1.ListCrmChangesResponse> getListCrmChangesMethod;
    if ((getListCrmChangesMethod = EngagementServiceGrpc.getListCrmChangesMethod) == null) {
      synchronized (EngagementServiceGrpc.class) {
        if ((getListCrmChangesMethod = EngagementServiceGrpc.getListCrmChangesMethod) == null) {
          EngagementServiceGrpc.getListCrmChangesMethod = getListCrmChangesMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ListCrmChangesRequest, com.crmgrpc.crm.v1.ListCrmChangesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListCrmChanges"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ListCrmChangesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ListCrmChangesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EngagementServiceMethodDescriptorSupplier("ListCrmChanges"))
              .build();
        }
      }
    }
    return getListCrmChangesMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static EngagementServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EngagementServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EngagementServiceStub>() {
        @java.lang.Override
        public EngagementServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EngagementServiceStub(channel, callOptions);
        }
      };
    return EngagementServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static EngagementServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EngagementServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EngagementServiceBlockingStub>() {
        @java.lang.Override
        public EngagementServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EngagementServiceBlockingStub(channel, callOptions);
        }
      };
    return EngagementServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static EngagementServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EngagementServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EngagementServiceFutureStub>() {
        @java.lang.Override
        public EngagementServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EngagementServiceFutureStub(channel, callOptions);
        }
      };
    return EngagementServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * The inputs of CAC, NPS/CSAT/CES, FRT/AHT and the health score, and the CRM changes whose uplift is
   * measured. Every import is client streaming with the same rules as ImportTransactions: rows validated
   * one by one, the id as idempotency key (identical row: duplicate; other content: conflict, rejected),
   * each message committed atomically, the response sent once everything accepted is durable.
   * </pre>
   */
  public static abstract class EngagementServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Imports marketing and sales spend per channel and period.
     * Errors: the stream fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportMarketingSpendRequest> importMarketingSpend(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportMarketingSpendResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getImportMarketingSpendMethod(), responseObserver);
    }

    /**
     * <pre>
     * Imports NPS, CSAT and CES survey responses.
     * Errors: the stream fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSurveyResponsesRequest> importSurveyResponses(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSurveyResponsesResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getImportSurveyResponsesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Imports support tickets.
     * Errors: the stream fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSupportInteractionsRequest> importSupportInteractions(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSupportInteractionsResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getImportSupportInteractionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Imports product activity (logins, feature use, e-mail opens …).
     * Errors: the stream fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportActivityEventsRequest> importActivityEvents(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportActivityEventsResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getImportActivityEventsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Records a CRM change (a new programme, process or tool) whose effect MeasureUplift estimates.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field), ALREADY_EXISTS when the id is stored with
     * different content (the same change again returns the stored one).
     * </pre>
     */
    public void recordCrmChange(com.crmgrpc.crm.v1.RecordCrmChangeRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.RecordCrmChangeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecordCrmChangeMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists CRM changes ordered by effective date then id.
     * Errors: INVALID_ARGUMENT for a negative page size or a foreign page token.
     * </pre>
     */
    public void listCrmChanges(com.crmgrpc.crm.v1.ListCrmChangesRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListCrmChangesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListCrmChangesMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getImportMarketingSpendMethod(),
            io.grpc.stub.ServerCalls.asyncClientStreamingCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ImportMarketingSpendRequest,
                com.crmgrpc.crm.v1.ImportMarketingSpendResponse>(
                  this, METHODID_IMPORT_MARKETING_SPEND)))
          .addMethod(
            getImportSurveyResponsesMethod(),
            io.grpc.stub.ServerCalls.asyncClientStreamingCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ImportSurveyResponsesRequest,
                com.crmgrpc.crm.v1.ImportSurveyResponsesResponse>(
                  this, METHODID_IMPORT_SURVEY_RESPONSES)))
          .addMethod(
            getImportSupportInteractionsMethod(),
            io.grpc.stub.ServerCalls.asyncClientStreamingCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ImportSupportInteractionsRequest,
                com.crmgrpc.crm.v1.ImportSupportInteractionsResponse>(
                  this, METHODID_IMPORT_SUPPORT_INTERACTIONS)))
          .addMethod(
            getImportActivityEventsMethod(),
            io.grpc.stub.ServerCalls.asyncClientStreamingCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ImportActivityEventsRequest,
                com.crmgrpc.crm.v1.ImportActivityEventsResponse>(
                  this, METHODID_IMPORT_ACTIVITY_EVENTS)))
          .addMethod(
            getRecordCrmChangeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.RecordCrmChangeRequest,
                com.crmgrpc.crm.v1.RecordCrmChangeResponse>(
                  this, METHODID_RECORD_CRM_CHANGE)))
          .addMethod(
            getListCrmChangesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ListCrmChangesRequest,
                com.crmgrpc.crm.v1.ListCrmChangesResponse>(
                  this, METHODID_LIST_CRM_CHANGES)))
          .build();
    }
  }

  /**
   * <pre>
   * The inputs of CAC, NPS/CSAT/CES, FRT/AHT and the health score, and the CRM changes whose uplift is
   * measured. Every import is client streaming with the same rules as ImportTransactions: rows validated
   * one by one, the id as idempotency key (identical row: duplicate; other content: conflict, rejected),
   * each message committed atomically, the response sent once everything accepted is durable.
   * </pre>
   */
  public static final class EngagementServiceStub extends io.grpc.stub.AbstractAsyncStub<EngagementServiceStub> {
    private EngagementServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EngagementServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EngagementServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Imports marketing and sales spend per channel and period.
     * Errors: the stream fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportMarketingSpendRequest> importMarketingSpend(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportMarketingSpendResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getImportMarketingSpendMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Imports NPS, CSAT and CES survey responses.
     * Errors: the stream fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSurveyResponsesRequest> importSurveyResponses(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSurveyResponsesResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getImportSurveyResponsesMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Imports support tickets.
     * Errors: the stream fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSupportInteractionsRequest> importSupportInteractions(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSupportInteractionsResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getImportSupportInteractionsMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Imports product activity (logins, feature use, e-mail opens …).
     * Errors: the stream fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportActivityEventsRequest> importActivityEvents(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportActivityEventsResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getImportActivityEventsMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Records a CRM change (a new programme, process or tool) whose effect MeasureUplift estimates.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field), ALREADY_EXISTS when the id is stored with
     * different content (the same change again returns the stored one).
     * </pre>
     */
    public void recordCrmChange(com.crmgrpc.crm.v1.RecordCrmChangeRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.RecordCrmChangeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecordCrmChangeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists CRM changes ordered by effective date then id.
     * Errors: INVALID_ARGUMENT for a negative page size or a foreign page token.
     * </pre>
     */
    public void listCrmChanges(com.crmgrpc.crm.v1.ListCrmChangesRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListCrmChangesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListCrmChangesMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * The inputs of CAC, NPS/CSAT/CES, FRT/AHT and the health score, and the CRM changes whose uplift is
   * measured. Every import is client streaming with the same rules as ImportTransactions: rows validated
   * one by one, the id as idempotency key (identical row: duplicate; other content: conflict, rejected),
   * each message committed atomically, the response sent once everything accepted is durable.
   * </pre>
   */
  public static final class EngagementServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<EngagementServiceBlockingStub> {
    private EngagementServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EngagementServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EngagementServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Records a CRM change (a new programme, process or tool) whose effect MeasureUplift estimates.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field), ALREADY_EXISTS when the id is stored with
     * different content (the same change again returns the stored one).
     * </pre>
     */
    public com.crmgrpc.crm.v1.RecordCrmChangeResponse recordCrmChange(com.crmgrpc.crm.v1.RecordCrmChangeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecordCrmChangeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists CRM changes ordered by effective date then id.
     * Errors: INVALID_ARGUMENT for a negative page size or a foreign page token.
     * </pre>
     */
    public com.crmgrpc.crm.v1.ListCrmChangesResponse listCrmChanges(com.crmgrpc.crm.v1.ListCrmChangesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListCrmChangesMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * The inputs of CAC, NPS/CSAT/CES, FRT/AHT and the health score, and the CRM changes whose uplift is
   * measured. Every import is client streaming with the same rules as ImportTransactions: rows validated
   * one by one, the id as idempotency key (identical row: duplicate; other content: conflict, rejected),
   * each message committed atomically, the response sent once everything accepted is durable.
   * </pre>
   */
  public static final class EngagementServiceFutureStub extends io.grpc.stub.AbstractFutureStub<EngagementServiceFutureStub> {
    private EngagementServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EngagementServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EngagementServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Records a CRM change (a new programme, process or tool) whose effect MeasureUplift estimates.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field), ALREADY_EXISTS when the id is stored with
     * different content (the same change again returns the stored one).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.RecordCrmChangeResponse> recordCrmChange(
        com.crmgrpc.crm.v1.RecordCrmChangeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecordCrmChangeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists CRM changes ordered by effective date then id.
     * Errors: INVALID_ARGUMENT for a negative page size or a foreign page token.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.ListCrmChangesResponse> listCrmChanges(
        com.crmgrpc.crm.v1.ListCrmChangesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListCrmChangesMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_RECORD_CRM_CHANGE = 0;
  private static final int METHODID_LIST_CRM_CHANGES = 1;
  private static final int METHODID_IMPORT_MARKETING_SPEND = 2;
  private static final int METHODID_IMPORT_SURVEY_RESPONSES = 3;
  private static final int METHODID_IMPORT_SUPPORT_INTERACTIONS = 4;
  private static final int METHODID_IMPORT_ACTIVITY_EVENTS = 5;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final EngagementServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(EngagementServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_RECORD_CRM_CHANGE:
          serviceImpl.recordCrmChange((com.crmgrpc.crm.v1.RecordCrmChangeRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.RecordCrmChangeResponse>) responseObserver);
          break;
        case METHODID_LIST_CRM_CHANGES:
          serviceImpl.listCrmChanges((com.crmgrpc.crm.v1.ListCrmChangesRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListCrmChangesResponse>) responseObserver);
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
        case METHODID_IMPORT_MARKETING_SPEND:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.importMarketingSpend(
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportMarketingSpendResponse>) responseObserver);
        case METHODID_IMPORT_SURVEY_RESPONSES:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.importSurveyResponses(
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSurveyResponsesResponse>) responseObserver);
        case METHODID_IMPORT_SUPPORT_INTERACTIONS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.importSupportInteractions(
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportSupportInteractionsResponse>) responseObserver);
        case METHODID_IMPORT_ACTIVITY_EVENTS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.importActivityEvents(
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportActivityEventsResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class EngagementServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    EngagementServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.crmgrpc.crm.v1.EngagementProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("EngagementService");
    }
  }

  private static final class EngagementServiceFileDescriptorSupplier
      extends EngagementServiceBaseDescriptorSupplier {
    EngagementServiceFileDescriptorSupplier() {}
  }

  private static final class EngagementServiceMethodDescriptorSupplier
      extends EngagementServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    EngagementServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (EngagementServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new EngagementServiceFileDescriptorSupplier())
              .addMethod(getImportMarketingSpendMethod())
              .addMethod(getImportSurveyResponsesMethod())
              .addMethod(getImportSupportInteractionsMethod())
              .addMethod(getImportActivityEventsMethod())
              .addMethod(getRecordCrmChangeMethod())
              .addMethod(getListCrmChangesMethod())
              .build();
        }
      }
    }
    return result;
  }
}

package com.crmgrpc.crm.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Purchases and refunds: the input of every value metric.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: crm/v1/transactions.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class TransactionServiceGrpc {

  private TransactionServiceGrpc() {}

  public static final String SERVICE_NAME = "crm.v1.TransactionService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.RecordTransactionRequest,
      com.crmgrpc.crm.v1.RecordTransactionResponse> getRecordTransactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecordTransaction",
      requestType = com.crmgrpc.crm.v1.RecordTransactionRequest.class,
      responseType = com.crmgrpc.crm.v1.RecordTransactionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.RecordTransactionRequest,
      com.crmgrpc.crm.v1.RecordTransactionResponse> getRecordTransactionMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.RecordTransactionRequest, com.crmgrpc.crm.v1.RecordTransactionResponse> getRecordTransactionMethod;
    if ((getRecordTransactionMethod = TransactionServiceGrpc.getRecordTransactionMethod) == null) {
      synchronized (TransactionServiceGrpc.class) {
        if ((getRecordTransactionMethod = TransactionServiceGrpc.getRecordTransactionMethod) == null) {
          TransactionServiceGrpc.getRecordTransactionMethod = getRecordTransactionMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.RecordTransactionRequest, com.crmgrpc.crm.v1.RecordTransactionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecordTransaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.RecordTransactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.RecordTransactionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TransactionServiceMethodDescriptorSupplier("RecordTransaction"))
              .build();
        }
      }
    }
    return getRecordTransactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListTransactionsRequest,
      com.crmgrpc.crm.v1.ListTransactionsResponse> getListTransactionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListTransactions",
      requestType = com.crmgrpc.crm.v1.ListTransactionsRequest.class,
      responseType = com.crmgrpc.crm.v1.ListTransactionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListTransactionsRequest,
      com.crmgrpc.crm.v1.ListTransactionsResponse> getListTransactionsMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListTransactionsRequest, com.crmgrpc.crm.v1.ListTransactionsResponse> getListTransactionsMethod;
    if ((getListTransactionsMethod = TransactionServiceGrpc.getListTransactionsMethod) == null) {
      synchronized (TransactionServiceGrpc.class) {
        if ((getListTransactionsMethod = TransactionServiceGrpc.getListTransactionsMethod) == null) {
          TransactionServiceGrpc.getListTransactionsMethod = getListTransactionsMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ListTransactionsRequest, com.crmgrpc.crm.v1.ListTransactionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListTransactions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ListTransactionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ListTransactionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TransactionServiceMethodDescriptorSupplier("ListTransactions"))
              .build();
        }
      }
    }
    return getListTransactionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportTransactionsRequest,
      com.crmgrpc.crm.v1.ImportTransactionsResponse> getImportTransactionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ImportTransactions",
      requestType = com.crmgrpc.crm.v1.ImportTransactionsRequest.class,
      responseType = com.crmgrpc.crm.v1.ImportTransactionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportTransactionsRequest,
      com.crmgrpc.crm.v1.ImportTransactionsResponse> getImportTransactionsMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportTransactionsRequest, com.crmgrpc.crm.v1.ImportTransactionsResponse> getImportTransactionsMethod;
    if ((getImportTransactionsMethod = TransactionServiceGrpc.getImportTransactionsMethod) == null) {
      synchronized (TransactionServiceGrpc.class) {
        if ((getImportTransactionsMethod = TransactionServiceGrpc.getImportTransactionsMethod) == null) {
          TransactionServiceGrpc.getImportTransactionsMethod = getImportTransactionsMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ImportTransactionsRequest, com.crmgrpc.crm.v1.ImportTransactionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ImportTransactions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportTransactionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportTransactionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TransactionServiceMethodDescriptorSupplier("ImportTransactions"))
              .build();
        }
      }
    }
    return getImportTransactionsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static TransactionServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TransactionServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TransactionServiceStub>() {
        @java.lang.Override
        public TransactionServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TransactionServiceStub(channel, callOptions);
        }
      };
    return TransactionServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static TransactionServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TransactionServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TransactionServiceBlockingStub>() {
        @java.lang.Override
        public TransactionServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TransactionServiceBlockingStub(channel, callOptions);
        }
      };
    return TransactionServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static TransactionServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TransactionServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TransactionServiceFutureStub>() {
        @java.lang.Override
        public TransactionServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TransactionServiceFutureStub(channel, callOptions);
        }
      };
    return TransactionServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Purchases and refunds: the input of every value metric.
   * </pre>
   */
  public static abstract class TransactionServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Records one transaction. `transaction.id` is the idempotency key: recording the same transaction
     * again returns the stored row and writes nothing.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field, including an unknown `customer_id`),
     * ALREADY_EXISTS when the id is stored with different content.
     * </pre>
     */
    public void recordTransaction(com.crmgrpc.crm.v1.RecordTransactionRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.RecordTransactionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecordTransactionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists one customer's transactions ordered by `occurred_at` (then storage order), or, without
     * `customer_id`, every transaction in storage order; optionally only those in a period.
     * Errors: INVALID_ARGUMENT for a negative page size, a bad period or a foreign page token;
     * NOT_FOUND when `customer_id` names no customer.
     * </pre>
     */
    public void listTransactions(com.crmgrpc.crm.v1.ListTransactionsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListTransactionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListTransactionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Bulk load by client streaming, one batch per message. Each row is validated on its own: a bad row is
     * rejected with its id and reason and the rest of its batch is kept; an id stored with identical
     * content counts as a duplicate, with other content as a conflict (rejected). Each message commits
     * atomically; the response is sent once everything accepted is durable.
     * Errors: the stream itself fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportTransactionsRequest> importTransactions(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportTransactionsResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getImportTransactionsMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getRecordTransactionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.RecordTransactionRequest,
                com.crmgrpc.crm.v1.RecordTransactionResponse>(
                  this, METHODID_RECORD_TRANSACTION)))
          .addMethod(
            getListTransactionsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ListTransactionsRequest,
                com.crmgrpc.crm.v1.ListTransactionsResponse>(
                  this, METHODID_LIST_TRANSACTIONS)))
          .addMethod(
            getImportTransactionsMethod(),
            io.grpc.stub.ServerCalls.asyncClientStreamingCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ImportTransactionsRequest,
                com.crmgrpc.crm.v1.ImportTransactionsResponse>(
                  this, METHODID_IMPORT_TRANSACTIONS)))
          .build();
    }
  }

  /**
   * <pre>
   * Purchases and refunds: the input of every value metric.
   * </pre>
   */
  public static final class TransactionServiceStub extends io.grpc.stub.AbstractAsyncStub<TransactionServiceStub> {
    private TransactionServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TransactionServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TransactionServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Records one transaction. `transaction.id` is the idempotency key: recording the same transaction
     * again returns the stored row and writes nothing.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field, including an unknown `customer_id`),
     * ALREADY_EXISTS when the id is stored with different content.
     * </pre>
     */
    public void recordTransaction(com.crmgrpc.crm.v1.RecordTransactionRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.RecordTransactionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecordTransactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists one customer's transactions ordered by `occurred_at` (then storage order), or, without
     * `customer_id`, every transaction in storage order; optionally only those in a period.
     * Errors: INVALID_ARGUMENT for a negative page size, a bad period or a foreign page token;
     * NOT_FOUND when `customer_id` names no customer.
     * </pre>
     */
    public void listTransactions(com.crmgrpc.crm.v1.ListTransactionsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListTransactionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListTransactionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Bulk load by client streaming, one batch per message. Each row is validated on its own: a bad row is
     * rejected with its id and reason and the rest of its batch is kept; an id stored with identical
     * content counts as a duplicate, with other content as a conflict (rejected). Each message commits
     * atomically; the response is sent once everything accepted is durable.
     * Errors: the stream itself fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportTransactionsRequest> importTransactions(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportTransactionsResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getImportTransactionsMethod(), getCallOptions()), responseObserver);
    }
  }

  /**
   * <pre>
   * Purchases and refunds: the input of every value metric.
   * </pre>
   */
  public static final class TransactionServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<TransactionServiceBlockingStub> {
    private TransactionServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TransactionServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TransactionServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Records one transaction. `transaction.id` is the idempotency key: recording the same transaction
     * again returns the stored row and writes nothing.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field, including an unknown `customer_id`),
     * ALREADY_EXISTS when the id is stored with different content.
     * </pre>
     */
    public com.crmgrpc.crm.v1.RecordTransactionResponse recordTransaction(com.crmgrpc.crm.v1.RecordTransactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecordTransactionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists one customer's transactions ordered by `occurred_at` (then storage order), or, without
     * `customer_id`, every transaction in storage order; optionally only those in a period.
     * Errors: INVALID_ARGUMENT for a negative page size, a bad period or a foreign page token;
     * NOT_FOUND when `customer_id` names no customer.
     * </pre>
     */
    public com.crmgrpc.crm.v1.ListTransactionsResponse listTransactions(com.crmgrpc.crm.v1.ListTransactionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTransactionsMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Purchases and refunds: the input of every value metric.
   * </pre>
   */
  public static final class TransactionServiceFutureStub extends io.grpc.stub.AbstractFutureStub<TransactionServiceFutureStub> {
    private TransactionServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TransactionServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TransactionServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Records one transaction. `transaction.id` is the idempotency key: recording the same transaction
     * again returns the stored row and writes nothing.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field, including an unknown `customer_id`),
     * ALREADY_EXISTS when the id is stored with different content.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.RecordTransactionResponse> recordTransaction(
        com.crmgrpc.crm.v1.RecordTransactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecordTransactionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists one customer's transactions ordered by `occurred_at` (then storage order), or, without
     * `customer_id`, every transaction in storage order; optionally only those in a period.
     * Errors: INVALID_ARGUMENT for a negative page size, a bad period or a foreign page token;
     * NOT_FOUND when `customer_id` names no customer.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.ListTransactionsResponse> listTransactions(
        com.crmgrpc.crm.v1.ListTransactionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListTransactionsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_RECORD_TRANSACTION = 0;
  private static final int METHODID_LIST_TRANSACTIONS = 1;
  private static final int METHODID_IMPORT_TRANSACTIONS = 2;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final TransactionServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(TransactionServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_RECORD_TRANSACTION:
          serviceImpl.recordTransaction((com.crmgrpc.crm.v1.RecordTransactionRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.RecordTransactionResponse>) responseObserver);
          break;
        case METHODID_LIST_TRANSACTIONS:
          serviceImpl.listTransactions((com.crmgrpc.crm.v1.ListTransactionsRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListTransactionsResponse>) responseObserver);
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
        case METHODID_IMPORT_TRANSACTIONS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.importTransactions(
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportTransactionsResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class TransactionServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    TransactionServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.crmgrpc.crm.v1.TransactionsProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("TransactionService");
    }
  }

  private static final class TransactionServiceFileDescriptorSupplier
      extends TransactionServiceBaseDescriptorSupplier {
    TransactionServiceFileDescriptorSupplier() {}
  }

  private static final class TransactionServiceMethodDescriptorSupplier
      extends TransactionServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    TransactionServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (TransactionServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new TransactionServiceFileDescriptorSupplier())
              .addMethod(getRecordTransactionMethod())
              .addMethod(getListTransactionsMethod())
              .addMethod(getImportTransactionsMethod())
              .build();
        }
      }
    }
    return result;
  }
}

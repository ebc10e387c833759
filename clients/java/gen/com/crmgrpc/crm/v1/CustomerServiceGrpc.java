package com.crmgrpc.crm.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Customers of the book: the unit every metric is computed over.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: crm/v1/customers.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class CustomerServiceGrpc {

  private CustomerServiceGrpc() {}

  public static final String SERVICE_NAME = "crm.v1.CustomerService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.CreateCustomerRequest,
      com.crmgrpc.crm.v1.CreateCustomerResponse> getCreateCustomerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateCustomer",
      requestType = com.crmgrpc.crm.v1.CreateCustomerRequest.class,
      responseType = com.crmgrpc.crm.v1.CreateCustomerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.CreateCustomerRequest,
      com.crmgrpc.crm.v1.CreateCustomerResponse> getCreateCustomerMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.CreateCustomerRequest, com.crmgrpc.crm.v1.CreateCustomerResponse> getCreateCustomerMethod;
    if ((getCreateCustomerMethod = CustomerServiceGrpc.getCreateCustomerMethod) == null) {
      synchronized (CustomerServiceGrpc.class) {
        if ((getCreateCustomerMethod = CustomerServiceGrpc.getCreateCustomerMethod) == null) {
          CustomerServiceGrpc.getCreateCustomerMethod = getCreateCustomerMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.CreateCustomerRequest, com.crmgrpc.crm.v1.CreateCustomerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateCustomer"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.CreateCustomerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.CreateCustomerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CustomerServiceMethodDescriptorSupplier("CreateCustomer"))
              .build();
        }
      }
    }
    return getCreateCustomerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetCustomerRequest,
      com.crmgrpc.crm.v1.GetCustomerResponse> getGetCustomerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetCustomer",
      requestType = com.crmgrpc.crm.v1.GetCustomerRequest.class,
      responseType = com.crmgrpc.crm.v1.GetCustomerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetCustomerRequest,
      com.crmgrpc.crm.v1.GetCustomerResponse> getGetCustomerMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetCustomerRequest, com.crmgrpc.crm.v1.GetCustomerResponse> getGetCustomerMethod;
    if ((getGetCustomerMethod = CustomerServiceGrpc.getGetCustomerMethod) == null) {
      synchronized (CustomerServiceGrpc.class) {
        if ((getGetCustomerMethod = CustomerServiceGrpc.getGetCustomerMethod) == null) {
          CustomerServiceGrpc.getGetCustomerMethod = getGetCustomerMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.GetCustomerRequest, com.crmgrpc.crm.v1.GetCustomerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetCustomer"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetCustomerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetCustomerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CustomerServiceMethodDescriptorSupplier("GetCustomer"))
              .build();
        }
      }
    }
    return getGetCustomerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.UpdateCustomerRequest,
      com.crmgrpc.crm.v1.UpdateCustomerResponse> getUpdateCustomerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateCustomer",
      requestType = com.crmgrpc.crm.v1.UpdateCustomerRequest.class,
      responseType = com.crmgrpc.crm.v1.UpdateCustomerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.UpdateCustomerRequest,
      com.crmgrpc.crm.v1.UpdateCustomerResponse> getUpdateCustomerMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.UpdateCustomerRequest, com.crmgrpc.crm.v1.UpdateCustomerResponse> getUpdateCustomerMethod;
    if ((getUpdateCustomerMethod = CustomerServiceGrpc.getUpdateCustomerMethod) == null) {
      synchronized (CustomerServiceGrpc.class) {
        if ((getUpdateCustomerMethod = CustomerServiceGrpc.getUpdateCustomerMethod) == null) {
          CustomerServiceGrpc.getUpdateCustomerMethod = getUpdateCustomerMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.UpdateCustomerRequest, com.crmgrpc.crm.v1.UpdateCustomerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateCustomer"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.UpdateCustomerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.UpdateCustomerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CustomerServiceMethodDescriptorSupplier("UpdateCustomer"))
              .build();
        }
      }
    }
    return getUpdateCustomerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListCustomersRequest,
      com.crmgrpc.crm.v1.ListCustomersResponse> getListCustomersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListCustomers",
      requestType = com.crmgrpc.crm.v1.ListCustomersRequest.class,
      responseType = com.crmgrpc.crm.v1.ListCustomersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListCustomersRequest,
      com.crmgrpc.crm.v1.ListCustomersResponse> getListCustomersMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListCustomersRequest, com.crmgrpc.crm.v1.ListCustomersResponse> getListCustomersMethod;
    if ((getListCustomersMethod = CustomerServiceGrpc.getListCustomersMethod) == null) {
      synchronized (CustomerServiceGrpc.class) {
        if ((getListCustomersMethod = CustomerServiceGrpc.getListCustomersMethod) == null) {
          CustomerServiceGrpc.getListCustomersMethod = getListCustomersMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ListCustomersRequest, com.crmgrpc.crm.v1.ListCustomersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListCustomers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ListCustomersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ListCustomersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CustomerServiceMethodDescriptorSupplier("ListCustomers"))
              .build();
        }
      }
    }
    return getListCustomersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportCustomersRequest,
      com.crmgrpc.crm.v1.ImportCustomersResponse> getImportCustomersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ImportCustomers",
      requestType = com.crmgrpc.crm.v1.ImportCustomersRequest.class,
      responseType = com.crmgrpc.crm.v1.ImportCustomersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportCustomersRequest,
      com.crmgrpc.crm.v1.ImportCustomersResponse> getImportCustomersMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ImportCustomersRequest, com.crmgrpc.crm.v1.ImportCustomersResponse> getImportCustomersMethod;
    if ((getImportCustomersMethod = CustomerServiceGrpc.getImportCustomersMethod) == null) {
      synchronized (CustomerServiceGrpc.class) {
        if ((getImportCustomersMethod = CustomerServiceGrpc.getImportCustomersMethod) == null) {
          CustomerServiceGrpc.getImportCustomersMethod = getImportCustomersMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ImportCustomersRequest, com.crmgrpc.crm.v1.ImportCustomersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ImportCustomers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportCustomersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ImportCustomersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CustomerServiceMethodDescriptorSupplier("ImportCustomers"))
              .build();
        }
      }
    }
    return getImportCustomersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.DeleteCustomerRequest,
      com.crmgrpc.crm.v1.DeleteCustomerResponse> getDeleteCustomerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteCustomer",
      requestType = com.crmgrpc.crm.v1.DeleteCustomerRequest.class,
      responseType = com.crmgrpc.crm.v1.DeleteCustomerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.DeleteCustomerRequest,
      com.crmgrpc.crm.v1.DeleteCustomerResponse> getDeleteCustomerMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.DeleteCustomerRequest, com.crmgrpc.crm.v1.DeleteCustomerResponse> getDeleteCustomerMethod;
    if ((getDeleteCustomerMethod = CustomerServiceGrpc.getDeleteCustomerMethod) == null) {
      synchronized (CustomerServiceGrpc.class) {
        if ((getDeleteCustomerMethod = CustomerServiceGrpc.getDeleteCustomerMethod) == null) {
          CustomerServiceGrpc.getDeleteCustomerMethod = getDeleteCustomerMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.DeleteCustomerRequest, com.crmgrpc.crm.v1.DeleteCustomerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteCustomer"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.DeleteCustomerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.DeleteCustomerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CustomerServiceMethodDescriptorSupplier("DeleteCustomer"))
              .build();
        }
      }
    }
    return getDeleteCustomerMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static CustomerServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CustomerServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CustomerServiceStub>() {
        @java.lang.Override
        public CustomerServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CustomerServiceStub(channel, callOptions);
        }
      };
    return CustomerServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static CustomerServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CustomerServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CustomerServiceBlockingStub>() {
        @java.lang.Override
        public CustomerServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CustomerServiceBlockingStub(channel, callOptions);
        }
      };
    return CustomerServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static CustomerServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CustomerServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CustomerServiceFutureStub>() {
        @java.lang.Override
        public CustomerServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CustomerServiceFutureStub(channel, callOptions);
        }
      };
    return CustomerServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Customers of the book: the unit every metric is computed over.
   * </pre>
   */
  public static abstract class CustomerServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Creates one customer.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field), ALREADY_EXISTS when the id is taken.
     * </pre>
     */
    public void createCustomer(com.crmgrpc.crm.v1.CreateCustomerRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.CreateCustomerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateCustomerMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one customer.
     * Errors: INVALID_ARGUMENT when `id` is empty, NOT_FOUND when no such customer.
     * </pre>
     */
    public void getCustomer(com.crmgrpc.crm.v1.GetCustomerRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetCustomerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetCustomerMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (all mutable fields when the mask is empty).
     * Errors: INVALID_ARGUMENT (bad field or unknown mask path), NOT_FOUND when no such customer.
     * </pre>
     */
    public void updateCustomer(com.crmgrpc.crm.v1.UpdateCustomerRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.UpdateCustomerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateCustomerMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists customers ordered by id, optionally filtered by segment and channel.
     * Errors: INVALID_ARGUMENT for a negative page size or a page token not issued by this RPC.
     * </pre>
     */
    public void listCustomers(com.crmgrpc.crm.v1.ListCustomersRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListCustomersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListCustomersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Bulk upsert by client streaming, one batch per message. Each row is validated on its own; a new id is
     * inserted, an id with identical content counts as a duplicate, an id with other content is updated.
     * Each message commits atomically; the response is sent once everything accepted is durable.
     * Errors: the stream itself fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED; bad rows
     * are reported in the response.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportCustomersRequest> importCustomers(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportCustomersResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getImportCustomersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Erases one customer and every row that refers to it: its transactions, survey responses, support
     * interactions, activity events, per-customer totals, stored per-customer results of recalculation runs, its
     * id in CRM changes' treated lists, and rows of customer imports rejected under its id. One transaction:
     * a failure erases nothing. Every aggregate (portfolio metrics, series, cohorts, segments, data quality,
     * uplift, fits) leaves the customer out afterwards; the id may then be imported again as a new customer.
     * Not undoable. Will be admin-only once API-key roles exist.
     * Errors: INVALID_ARGUMENT when `id` is empty, NOT_FOUND when no such customer.
     * </pre>
     */
    public void deleteCustomer(com.crmgrpc.crm.v1.DeleteCustomerRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.DeleteCustomerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteCustomerMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getCreateCustomerMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.CreateCustomerRequest,
                com.crmgrpc.crm.v1.CreateCustomerResponse>(
                  this, METHODID_CREATE_CUSTOMER)))
          .addMethod(
            getGetCustomerMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.GetCustomerRequest,
                com.crmgrpc.crm.v1.GetCustomerResponse>(
                  this, METHODID_GET_CUSTOMER)))
          .addMethod(
            getUpdateCustomerMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.UpdateCustomerRequest,
                com.crmgrpc.crm.v1.UpdateCustomerResponse>(
                  this, METHODID_UPDATE_CUSTOMER)))
          .addMethod(
            getListCustomersMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ListCustomersRequest,
                com.crmgrpc.crm.v1.ListCustomersResponse>(
                  this, METHODID_LIST_CUSTOMERS)))
          .addMethod(
            getImportCustomersMethod(),
            io.grpc.stub.ServerCalls.asyncClientStreamingCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ImportCustomersRequest,
                com.crmgrpc.crm.v1.ImportCustomersResponse>(
                  this, METHODID_IMPORT_CUSTOMERS)))
          .addMethod(
            getDeleteCustomerMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.DeleteCustomerRequest,
                com.crmgrpc.crm.v1.DeleteCustomerResponse>(
                  this, METHODID_DELETE_CUSTOMER)))
          .build();
    }
  }

  /**
   * <pre>
   * Customers of the book: the unit every metric is computed over.
   * </pre>
   */
  public static final class CustomerServiceStub extends io.grpc.stub.AbstractAsyncStub<CustomerServiceStub> {
    private CustomerServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CustomerServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CustomerServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates one customer.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field), ALREADY_EXISTS when the id is taken.
     * </pre>
     */
    public void createCustomer(com.crmgrpc.crm.v1.CreateCustomerRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.CreateCustomerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateCustomerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one customer.
     * Errors: INVALID_ARGUMENT when `id` is empty, NOT_FOUND when no such customer.
     * </pre>
     */
    public void getCustomer(com.crmgrpc.crm.v1.GetCustomerRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetCustomerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetCustomerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (all mutable fields when the mask is empty).
     * Errors: INVALID_ARGUMENT (bad field or unknown mask path), NOT_FOUND when no such customer.
     * </pre>
     */
    public void updateCustomer(com.crmgrpc.crm.v1.UpdateCustomerRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.UpdateCustomerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateCustomerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists customers ordered by id, optionally filtered by segment and channel.
     * Errors: INVALID_ARGUMENT for a negative page size or a page token not issued by this RPC.
     * </pre>
     */
    public void listCustomers(com.crmgrpc.crm.v1.ListCustomersRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListCustomersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListCustomersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Bulk upsert by client streaming, one batch per message. Each row is validated on its own; a new id is
     * inserted, an id with identical content counts as a duplicate, an id with other content is updated.
     * Each message commits atomically; the response is sent once everything accepted is durable.
     * Errors: the stream itself fails only with CANCELLED / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED; bad rows
     * are reported in the response.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportCustomersRequest> importCustomers(
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportCustomersResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getImportCustomersMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Erases one customer and every row that refers to it: its transactions, survey responses, support
     * interactions, activity events, per-customer totals, stored per-customer results of recalculation runs, its
     * id in CRM changes' treated lists, and rows of customer imports rejected under its id. One transaction:
     * a failure erases nothing. Every aggregate (portfolio metrics, series, cohorts, segments, data quality,
     * uplift, fits) leaves the customer out afterwards; the id may then be imported again as a new customer.
     * Not undoable. Will be admin-only once API-key roles exist.
     * Errors: INVALID_ARGUMENT when `id` is empty, NOT_FOUND when no such customer.
     * </pre>
     */
    public void deleteCustomer(com.crmgrpc.crm.v1.DeleteCustomerRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.DeleteCustomerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteCustomerMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * Customers of the book: the unit every metric is computed over.
   * </pre>
   */
  public static final class CustomerServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<CustomerServiceBlockingStub> {
    private CustomerServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CustomerServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CustomerServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates one customer.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field), ALREADY_EXISTS when the id is taken.
     * </pre>
     */
    public com.crmgrpc.crm.v1.CreateCustomerResponse createCustomer(com.crmgrpc.crm.v1.CreateCustomerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateCustomerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one customer.
     * Errors: INVALID_ARGUMENT when `id` is empty, NOT_FOUND when no such customer.
     * </pre>
     */
    public com.crmgrpc.crm.v1.GetCustomerResponse getCustomer(com.crmgrpc.crm.v1.GetCustomerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetCustomerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (all mutable fields when the mask is empty).
     * Errors: INVALID_ARGUMENT (bad field or unknown mask path), NOT_FOUND when no such customer.
     * </pre>
     */
    public com.crmgrpc.crm.v1.UpdateCustomerResponse updateCustomer(com.crmgrpc.crm.v1.UpdateCustomerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateCustomerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists customers ordered by id, optionally filtered by segment and channel.
     * Errors: INVALID_ARGUMENT for a negative page size or a page token not issued by this RPC.
     * </pre>
     */
    public com.crmgrpc.crm.v1.ListCustomersResponse listCustomers(com.crmgrpc.crm.v1.ListCustomersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListCustomersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Erases one customer and every row that refers to it: its transactions, survey responses, support
     * interactions, activity events, per-customer totals, stored per-customer results of recalculation runs, its
     * id in CRM changes' treated lists, and rows of customer imports rejected under its id. One transaction:
     * a failure erases nothing. Every aggregate (portfolio metrics, series, cohorts, segments, data quality,
     * uplift, fits) leaves the customer out afterwards; the id may then be imported again as a new customer.
     * Not undoable. Will be admin-only once API-key roles exist.
     * Errors: INVALID_ARGUMENT when `id` is empty, NOT_FOUND when no such customer.
     * </pre>
     */
    public com.crmgrpc.crm.v1.DeleteCustomerResponse deleteCustomer(com.crmgrpc.crm.v1.DeleteCustomerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteCustomerMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Customers of the book: the unit every metric is computed over.
   * </pre>
   */
  public static final class CustomerServiceFutureStub extends io.grpc.stub.AbstractFutureStub<CustomerServiceFutureStub> {
    private CustomerServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CustomerServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CustomerServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates one customer.
     * Errors: INVALID_ARGUMENT (BadRequest names each bad field), ALREADY_EXISTS when the id is taken.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.CreateCustomerResponse> createCustomer(
        com.crmgrpc.crm.v1.CreateCustomerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateCustomerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one customer.
     * Errors: INVALID_ARGUMENT when `id` is empty, NOT_FOUND when no such customer.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.GetCustomerResponse> getCustomer(
        com.crmgrpc.crm.v1.GetCustomerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetCustomerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (all mutable fields when the mask is empty).
     * Errors: INVALID_ARGUMENT (bad field or unknown mask path), NOT_FOUND when no such customer.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.UpdateCustomerResponse> updateCustomer(
        com.crmgrpc.crm.v1.UpdateCustomerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateCustomerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists customers ordered by id, optionally filtered by segment and channel.
     * Errors: INVALID_ARGUMENT for a negative page size or a page token not issued by this RPC.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.ListCustomersResponse> listCustomers(
        com.crmgrpc.crm.v1.ListCustomersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListCustomersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Erases one customer and every row that refers to it: its transactions, survey responses, support
     * interactions, activity events, per-customer totals, stored per-customer results of recalculation runs, its
     * id in CRM changes' treated lists, and rows of customer imports rejected under its id. One transaction:
     * a failure erases nothing. Every aggregate (portfolio metrics, series, cohorts, segments, data quality,
     * uplift, fits) leaves the customer out afterwards; the id may then be imported again as a new customer.
     * Not undoable. Will be admin-only once API-key roles exist.
     * Errors: INVALID_ARGUMENT when `id` is empty, NOT_FOUND when no such customer.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.DeleteCustomerResponse> deleteCustomer(
        com.crmgrpc.crm.v1.DeleteCustomerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteCustomerMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_CUSTOMER = 0;
  private static final int METHODID_GET_CUSTOMER = 1;
  private static final int METHODID_UPDATE_CUSTOMER = 2;
  private static final int METHODID_LIST_CUSTOMERS = 3;
  private static final int METHODID_DELETE_CUSTOMER = 4;
  private static final int METHODID_IMPORT_CUSTOMERS = 5;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final CustomerServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(CustomerServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_CUSTOMER:
          serviceImpl.createCustomer((com.crmgrpc.crm.v1.CreateCustomerRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.CreateCustomerResponse>) responseObserver);
          break;
        case METHODID_GET_CUSTOMER:
          serviceImpl.getCustomer((com.crmgrpc.crm.v1.GetCustomerRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetCustomerResponse>) responseObserver);
          break;
        case METHODID_UPDATE_CUSTOMER:
          serviceImpl.updateCustomer((com.crmgrpc.crm.v1.UpdateCustomerRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.UpdateCustomerResponse>) responseObserver);
          break;
        case METHODID_LIST_CUSTOMERS:
          serviceImpl.listCustomers((com.crmgrpc.crm.v1.ListCustomersRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListCustomersResponse>) responseObserver);
          break;
        case METHODID_DELETE_CUSTOMER:
          serviceImpl.deleteCustomer((com.crmgrpc.crm.v1.DeleteCustomerRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.DeleteCustomerResponse>) responseObserver);
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
        case METHODID_IMPORT_CUSTOMERS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.importCustomers(
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ImportCustomersResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class CustomerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    CustomerServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.crmgrpc.crm.v1.CustomersProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("CustomerService");
    }
  }

  private static final class CustomerServiceFileDescriptorSupplier
      extends CustomerServiceBaseDescriptorSupplier {
    CustomerServiceFileDescriptorSupplier() {}
  }

  private static final class CustomerServiceMethodDescriptorSupplier
      extends CustomerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    CustomerServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (CustomerServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new CustomerServiceFileDescriptorSupplier())
              .addMethod(getCreateCustomerMethod())
              .addMethod(getGetCustomerMethod())
              .addMethod(getUpdateCustomerMethod())
              .addMethod(getListCustomersMethod())
              .addMethod(getImportCustomersMethod())
              .addMethod(getDeleteCustomerMethod())
              .build();
        }
      }
    }
    return result;
  }
}

package com.crmgrpc.crm.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Did a CRM change work? Uplift of a metric around a recorded CrmChange, treated vs control.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: crm/v1/uplift.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class UpliftServiceGrpc {

  private UpliftServiceGrpc() {}

  public static final String SERVICE_NAME = "crm.v1.UpliftService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.MeasureUpliftRequest,
      com.crmgrpc.crm.v1.MeasureUpliftResponse> getMeasureUpliftMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "MeasureUplift",
      requestType = com.crmgrpc.crm.v1.MeasureUpliftRequest.class,
      responseType = com.crmgrpc.crm.v1.MeasureUpliftResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.MeasureUpliftRequest,
      com.crmgrpc.crm.v1.MeasureUpliftResponse> getMeasureUpliftMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.MeasureUpliftRequest, com.crmgrpc.crm.v1.MeasureUpliftResponse> getMeasureUpliftMethod;
    if ((getMeasureUpliftMethod = UpliftServiceGrpc.getMeasureUpliftMethod) == null) {
      synchronized (UpliftServiceGrpc.class) {
        if ((getMeasureUpliftMethod = UpliftServiceGrpc.getMeasureUpliftMethod) == null) {
          UpliftServiceGrpc.getMeasureUpliftMethod = getMeasureUpliftMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.MeasureUpliftRequest, com.crmgrpc.crm.v1.MeasureUpliftResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "MeasureUplift"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.MeasureUpliftRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.MeasureUpliftResponse.getDefaultInstance()))
              .setSchemaDescriptor(new UpliftServiceMethodDescriptorSupplier("MeasureUplift"))
              .build();
        }
      }
    }
    return getMeasureUpliftMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static UpliftServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<UpliftServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<UpliftServiceStub>() {
        @java.lang.Override
        public UpliftServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new UpliftServiceStub(channel, callOptions);
        }
      };
    return UpliftServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static UpliftServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<UpliftServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<UpliftServiceBlockingStub>() {
        @java.lang.Override
        public UpliftServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new UpliftServiceBlockingStub(channel, callOptions);
        }
      };
    return UpliftServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static UpliftServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<UpliftServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<UpliftServiceFutureStub>() {
        @java.lang.Override
        public UpliftServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new UpliftServiceFutureStub(channel, callOptions);
        }
      };
    return UpliftServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Did a CRM change work? Uplift of a metric around a recorded CrmChange, treated vs control.
   * </pre>
   */
  public static abstract class UpliftServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Compares a metric in matching windows before and after the change, per group, with 95 % bootstrap
     * intervals over customers and the difference in differences.
     * Errors: NOT_FOUND for an unknown change; INVALID_ARGUMENT for bad windows, metric, groups or
     * sample counts; FAILED_PRECONDITION when a group has no customers or no data in a window.
     * </pre>
     */
    public void measureUplift(com.crmgrpc.crm.v1.MeasureUpliftRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.MeasureUpliftResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getMeasureUpliftMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getMeasureUpliftMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.MeasureUpliftRequest,
                com.crmgrpc.crm.v1.MeasureUpliftResponse>(
                  this, METHODID_MEASURE_UPLIFT)))
          .build();
    }
  }

  /**
   * <pre>
   * Did a CRM change work? Uplift of a metric around a recorded CrmChange, treated vs control.
   * </pre>
   */
  public static final class UpliftServiceStub extends io.grpc.stub.AbstractAsyncStub<UpliftServiceStub> {
    private UpliftServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected UpliftServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new UpliftServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Compares a metric in matching windows before and after the change, per group, with 95 % bootstrap
     * intervals over customers and the difference in differences.
     * Errors: NOT_FOUND for an unknown change; INVALID_ARGUMENT for bad windows, metric, groups or
     * sample counts; FAILED_PRECONDITION when a group has no customers or no data in a window.
     * </pre>
     */
    public void measureUplift(com.crmgrpc.crm.v1.MeasureUpliftRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.MeasureUpliftResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getMeasureUpliftMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * Did a CRM change work? Uplift of a metric around a recorded CrmChange, treated vs control.
   * </pre>
   */
  public static final class UpliftServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<UpliftServiceBlockingStub> {
    private UpliftServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected UpliftServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new UpliftServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Compares a metric in matching windows before and after the change, per group, with 95 % bootstrap
     * intervals over customers and the difference in differences.
     * Errors: NOT_FOUND for an unknown change; INVALID_ARGUMENT for bad windows, metric, groups or
     * sample counts; FAILED_PRECONDITION when a group has no customers or no data in a window.
     * </pre>
     */
    public com.crmgrpc.crm.v1.MeasureUpliftResponse measureUplift(com.crmgrpc.crm.v1.MeasureUpliftRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getMeasureUpliftMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Did a CRM change work? Uplift of a metric around a recorded CrmChange, treated vs control.
   * </pre>
   */
  public static final class UpliftServiceFutureStub extends io.grpc.stub.AbstractFutureStub<UpliftServiceFutureStub> {
    private UpliftServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected UpliftServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new UpliftServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Compares a metric in matching windows before and after the change, per group, with 95 % bootstrap
     * intervals over customers and the difference in differences.
     * Errors: NOT_FOUND for an unknown change; INVALID_ARGUMENT for bad windows, metric, groups or
     * sample counts; FAILED_PRECONDITION when a group has no customers or no data in a window.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.MeasureUpliftResponse> measureUplift(
        com.crmgrpc.crm.v1.MeasureUpliftRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getMeasureUpliftMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_MEASURE_UPLIFT = 0;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final UpliftServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(UpliftServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_MEASURE_UPLIFT:
          serviceImpl.measureUplift((com.crmgrpc.crm.v1.MeasureUpliftRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.MeasureUpliftResponse>) responseObserver);
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

  private static abstract class UpliftServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    UpliftServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.crmgrpc.crm.v1.UpliftProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("UpliftService");
    }
  }

  private static final class UpliftServiceFileDescriptorSupplier
      extends UpliftServiceBaseDescriptorSupplier {
    UpliftServiceFileDescriptorSupplier() {}
  }

  private static final class UpliftServiceMethodDescriptorSupplier
      extends UpliftServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    UpliftServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (UpliftServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new UpliftServiceFileDescriptorSupplier())
              .addMethod(getMeasureUpliftMethod())
              .build();
        }
      }
    }
    return result;
  }
}

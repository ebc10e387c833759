package com.crmgrpc.crm.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Buy-till-you-die models (BG/NBD, Pareto/NBD, MBG/NBD, BG/CNBD-k, BG/BB, sBG and Gamma-Gamma) fitted by
 * maximum likelihood on the stored book, or brought from elsewhere.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: crm/v1/models.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class ModelServiceGrpc {

  private ModelServiceGrpc() {}

  public static final String SERVICE_NAME = "crm.v1.ModelService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.FitModelsRequest,
      com.crmgrpc.crm.v1.FitModelsResponse> getFitModelsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "FitModels",
      requestType = com.crmgrpc.crm.v1.FitModelsRequest.class,
      responseType = com.crmgrpc.crm.v1.FitModelsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.FitModelsRequest,
      com.crmgrpc.crm.v1.FitModelsResponse> getFitModelsMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.FitModelsRequest, com.crmgrpc.crm.v1.FitModelsResponse> getFitModelsMethod;
    if ((getFitModelsMethod = ModelServiceGrpc.getFitModelsMethod) == null) {
      synchronized (ModelServiceGrpc.class) {
        if ((getFitModelsMethod = ModelServiceGrpc.getFitModelsMethod) == null) {
          ModelServiceGrpc.getFitModelsMethod = getFitModelsMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.FitModelsRequest, com.crmgrpc.crm.v1.FitModelsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "FitModels"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.FitModelsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.FitModelsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelServiceMethodDescriptorSupplier("FitModels"))
              .build();
        }
      }
    }
    return getFitModelsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.CreateModelRequest,
      com.crmgrpc.crm.v1.CreateModelResponse> getCreateModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateModel",
      requestType = com.crmgrpc.crm.v1.CreateModelRequest.class,
      responseType = com.crmgrpc.crm.v1.CreateModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.CreateModelRequest,
      com.crmgrpc.crm.v1.CreateModelResponse> getCreateModelMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.CreateModelRequest, com.crmgrpc.crm.v1.CreateModelResponse> getCreateModelMethod;
    if ((getCreateModelMethod = ModelServiceGrpc.getCreateModelMethod) == null) {
      synchronized (ModelServiceGrpc.class) {
        if ((getCreateModelMethod = ModelServiceGrpc.getCreateModelMethod) == null) {
          ModelServiceGrpc.getCreateModelMethod = getCreateModelMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.CreateModelRequest, com.crmgrpc.crm.v1.CreateModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.CreateModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.CreateModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelServiceMethodDescriptorSupplier("CreateModel"))
              .build();
        }
      }
    }
    return getCreateModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetModelRequest,
      com.crmgrpc.crm.v1.GetModelResponse> getGetModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetModel",
      requestType = com.crmgrpc.crm.v1.GetModelRequest.class,
      responseType = com.crmgrpc.crm.v1.GetModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetModelRequest,
      com.crmgrpc.crm.v1.GetModelResponse> getGetModelMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetModelRequest, com.crmgrpc.crm.v1.GetModelResponse> getGetModelMethod;
    if ((getGetModelMethod = ModelServiceGrpc.getGetModelMethod) == null) {
      synchronized (ModelServiceGrpc.class) {
        if ((getGetModelMethod = ModelServiceGrpc.getGetModelMethod) == null) {
          ModelServiceGrpc.getGetModelMethod = getGetModelMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.GetModelRequest, com.crmgrpc.crm.v1.GetModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelServiceMethodDescriptorSupplier("GetModel"))
              .build();
        }
      }
    }
    return getGetModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListModelsRequest,
      com.crmgrpc.crm.v1.ListModelsResponse> getListModelsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListModels",
      requestType = com.crmgrpc.crm.v1.ListModelsRequest.class,
      responseType = com.crmgrpc.crm.v1.ListModelsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListModelsRequest,
      com.crmgrpc.crm.v1.ListModelsResponse> getListModelsMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.ListModelsRequest, com.crmgrpc.crm.v1.ListModelsResponse> getListModelsMethod;
    if ((getListModelsMethod = ModelServiceGrpc.getListModelsMethod) == null) {
      synchronized (ModelServiceGrpc.class) {
        if ((getListModelsMethod = ModelServiceGrpc.getListModelsMethod) == null) {
          ModelServiceGrpc.getListModelsMethod = getListModelsMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.ListModelsRequest, com.crmgrpc.crm.v1.ListModelsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListModels"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ListModelsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.ListModelsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelServiceMethodDescriptorSupplier("ListModels"))
              .build();
        }
      }
    }
    return getListModelsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetPredictionGridRequest,
      com.crmgrpc.crm.v1.GetPredictionGridResponse> getGetPredictionGridMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetPredictionGrid",
      requestType = com.crmgrpc.crm.v1.GetPredictionGridRequest.class,
      responseType = com.crmgrpc.crm.v1.GetPredictionGridResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetPredictionGridRequest,
      com.crmgrpc.crm.v1.GetPredictionGridResponse> getGetPredictionGridMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.GetPredictionGridRequest, com.crmgrpc.crm.v1.GetPredictionGridResponse> getGetPredictionGridMethod;
    if ((getGetPredictionGridMethod = ModelServiceGrpc.getGetPredictionGridMethod) == null) {
      synchronized (ModelServiceGrpc.class) {
        if ((getGetPredictionGridMethod = ModelServiceGrpc.getGetPredictionGridMethod) == null) {
          ModelServiceGrpc.getGetPredictionGridMethod = getGetPredictionGridMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.GetPredictionGridRequest, com.crmgrpc.crm.v1.GetPredictionGridResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetPredictionGrid"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetPredictionGridRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.GetPredictionGridResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ModelServiceMethodDescriptorSupplier("GetPredictionGrid"))
              .build();
        }
      }
    }
    return getGetPredictionGridMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ModelServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ModelServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ModelServiceStub>() {
        @java.lang.Override
        public ModelServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ModelServiceStub(channel, callOptions);
        }
      };
    return ModelServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ModelServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ModelServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ModelServiceBlockingStub>() {
        @java.lang.Override
        public ModelServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ModelServiceBlockingStub(channel, callOptions);
        }
      };
    return ModelServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ModelServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ModelServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ModelServiceFutureStub>() {
        @java.lang.Override
        public ModelServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ModelServiceFutureStub(channel, callOptions);
        }
      };
    return ModelServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Buy-till-you-die models (BG/NBD, Pareto/NBD, MBG/NBD, BG/CNBD-k, BG/BB, sBG and Gamma-Gamma) fitted by
   * maximum likelihood on the stored book, or brought from elsewhere.
   * </pre>
   */
  public static abstract class ModelServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Fits the requested models (default BG/NBD and Gamma-Gamma) on the customers' summaries as of
     * `calibration_end`, validates each purchase model on the holdout when `holdout_end` is set, stores the fit
     * and returns its parameters and diagnostics.
     * Errors: INVALID_ARGUMENT (missing calibration end, bad time unit, negative penalty, a model named twice, a
     * holdout end not after the calibration end), FAILED_PRECONDITION when a model cannot be fitted on the data
     * (the reason names the model and says what is missing).
     * </pre>
     */
    public void fitModels(com.crmgrpc.crm.v1.FitModelsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.FitModelsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getFitModelsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Stores parameters fitted elsewhere (lifetimes, PyMC-Marketing, CLVTools) as a model that serves
     * predictions like a fitted one.
     * Errors: INVALID_ARGUMENT naming the field (unknown kind, a missing, unknown, non-positive or NaN parameter,
     * a calendar time unit for a continuous-time model, a missing calibration end).
     * </pre>
     */
    public void createModel(com.crmgrpc.crm.v1.CreateModelRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.CreateModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reads one stored fit.
     * Errors: INVALID_ARGUMENT when `model_id` is empty, NOT_FOUND when no such fit.
     * </pre>
     */
    public void getModel(com.crmgrpc.crm.v1.GetModelRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists stored fits, newest first.
     * Errors: INVALID_ARGUMENT for a negative page size or a foreign page token.
     * </pre>
     */
    public void listModels(com.crmgrpc.crm.v1.ListModelsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListModelsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListModelsMethod(), responseObserver);
    }

    /**
     * <pre>
     * A stored purchase model's P(alive) and expected purchases over a grid of customer histories: every
     * frequency 0…`max_frequency` by every recency from 0 to `age` (the frequency/recency heatmaps of lifetimes
     * and PyMC-Marketing), computed by the same predictors that serve GetCustomerMetrics.
     * Errors: INVALID_ARGUMENT naming the field (empty `model_id`, sizes or times out of range), NOT_FOUND when
     * no such model, FAILED_PRECONDITION when the model has no purchase model (sBG, Gamma-Gamma alone).
     * </pre>
     */
    public void getPredictionGrid(com.crmgrpc.crm.v1.GetPredictionGridRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetPredictionGridResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetPredictionGridMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getFitModelsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.FitModelsRequest,
                com.crmgrpc.crm.v1.FitModelsResponse>(
                  this, METHODID_FIT_MODELS)))
          .addMethod(
            getCreateModelMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.CreateModelRequest,
                com.crmgrpc.crm.v1.CreateModelResponse>(
                  this, METHODID_CREATE_MODEL)))
          .addMethod(
            getGetModelMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.GetModelRequest,
                com.crmgrpc.crm.v1.GetModelResponse>(
                  this, METHODID_GET_MODEL)))
          .addMethod(
            getListModelsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.ListModelsRequest,
                com.crmgrpc.crm.v1.ListModelsResponse>(
                  this, METHODID_LIST_MODELS)))
          .addMethod(
            getGetPredictionGridMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.GetPredictionGridRequest,
                com.crmgrpc.crm.v1.GetPredictionGridResponse>(
                  this, METHODID_GET_PREDICTION_GRID)))
          .build();
    }
  }

  /**
   * <pre>
   * Buy-till-you-die models (BG/NBD, Pareto/NBD, MBG/NBD, BG/CNBD-k, BG/BB, sBG and Gamma-Gamma) fitted by
   * maximum likelihood on the stored book, or brought from elsewhere.
   * </pre>
   */
  public static final class ModelServiceStub extends io.grpc.stub.AbstractAsyncStub<ModelServiceStub> {
    private ModelServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ModelServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ModelServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Fits the requested models (default BG/NBD and Gamma-Gamma) on the customers' summaries as of
     * `calibration_end`, validates each purchase model on the holdout when `holdout_end` is set, stores the fit
     * and returns its parameters and diagnostics.
     * Errors: INVALID_ARGUMENT (missing calibration end, bad time unit, negative penalty, a model named twice, a
     * holdout end not after the calibration end), FAILED_PRECONDITION when a model cannot be fitted on the data
     * (the reason names the model and says what is missing).
     * </pre>
     */
    public void fitModels(com.crmgrpc.crm.v1.FitModelsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.FitModelsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getFitModelsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Stores parameters fitted elsewhere (lifetimes, PyMC-Marketing, CLVTools) as a model that serves
     * predictions like a fitted one.
     * Errors: INVALID_ARGUMENT naming the field (unknown kind, a missing, unknown, non-positive or NaN parameter,
     * a calendar time unit for a continuous-time model, a missing calibration end).
     * </pre>
     */
    public void createModel(com.crmgrpc.crm.v1.CreateModelRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.CreateModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reads one stored fit.
     * Errors: INVALID_ARGUMENT when `model_id` is empty, NOT_FOUND when no such fit.
     * </pre>
     */
    public void getModel(com.crmgrpc.crm.v1.GetModelRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists stored fits, newest first.
     * Errors: INVALID_ARGUMENT for a negative page size or a foreign page token.
     * </pre>
     */
    public void listModels(com.crmgrpc.crm.v1.ListModelsRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListModelsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListModelsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * A stored purchase model's P(alive) and expected purchases over a grid of customer histories: every
     * frequency 0…`max_frequency` by every recency from 0 to `age` (the frequency/recency heatmaps of lifetimes
     * and PyMC-Marketing), computed by the same predictors that serve GetCustomerMetrics.
     * Errors: INVALID_ARGUMENT naming the field (empty `model_id`, sizes or times out of range), NOT_FOUND when
     * no such model, FAILED_PRECONDITION when the model has no purchase model (sBG, Gamma-Gamma alone).
     * </pre>
     */
    public void getPredictionGrid(com.crmgrpc.crm.v1.GetPredictionGridRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetPredictionGridResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetPredictionGridMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * Buy-till-you-die models (BG/NBD, Pareto/NBD, MBG/NBD, BG/CNBD-k, BG/BB, sBG and Gamma-Gamma) fitted by
   * maximum likelihood on the stored book, or brought from elsewhere.
   * </pre>
   */
  public static final class ModelServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<ModelServiceBlockingStub> {
    private ModelServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ModelServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ModelServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Fits the requested models (default BG/NBD and Gamma-Gamma) on the customers' summaries as of
     * `calibration_end`, validates each purchase model on the holdout when `holdout_end` is set, stores the fit
     * and returns its parameters and diagnostics.
     * Errors: INVALID_ARGUMENT (missing calibration end, bad time unit, negative penalty, a model named twice, a
     * holdout end not after the calibration end), FAILED_PRECONDITION when a model cannot be fitted on the data
     * (the reason names the model and says what is missing).
     * </pre>
     */
    public com.crmgrpc.crm.v1.FitModelsResponse fitModels(com.crmgrpc.crm.v1.FitModelsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getFitModelsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Stores parameters fitted elsewhere (lifetimes, PyMC-Marketing, CLVTools) as a model that serves
     * predictions like a fitted one.
     * Errors: INVALID_ARGUMENT naming the field (unknown kind, a missing, unknown, non-positive or NaN parameter,
     * a calendar time unit for a continuous-time model, a missing calibration end).
     * </pre>
     */
    public com.crmgrpc.crm.v1.CreateModelResponse createModel(com.crmgrpc.crm.v1.CreateModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reads one stored fit.
     * Errors: INVALID_ARGUMENT when `model_id` is empty, NOT_FOUND when no such fit.
     * </pre>
     */
    public com.crmgrpc.crm.v1.GetModelResponse getModel(com.crmgrpc.crm.v1.GetModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists stored fits, newest first.
     * Errors: INVALID_ARGUMENT for a negative page size or a foreign page token.
     * </pre>
     */
    public com.crmgrpc.crm.v1.ListModelsResponse listModels(com.crmgrpc.crm.v1.ListModelsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListModelsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * A stored purchase model's P(alive) and expected purchases over a grid of customer histories: every
     * frequency 0…`max_frequency` by every recency from 0 to `age` (the frequency/recency heatmaps of lifetimes
     * and PyMC-Marketing), computed by the same predictors that serve GetCustomerMetrics.
     * Errors: INVALID_ARGUMENT naming the field (empty `model_id`, sizes or times out of range), NOT_FOUND when
     * no such model, FAILED_PRECONDITION when the model has no purchase model (sBG, Gamma-Gamma alone).
     * </pre>
     */
    public com.crmgrpc.crm.v1.GetPredictionGridResponse getPredictionGrid(com.crmgrpc.crm.v1.GetPredictionGridRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetPredictionGridMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Buy-till-you-die models (BG/NBD, Pareto/NBD, MBG/NBD, BG/CNBD-k, BG/BB, sBG and Gamma-Gamma) fitted by
   * maximum likelihood on the stored book, or brought from elsewhere.
   * </pre>
   */
  public static final class ModelServiceFutureStub extends io.grpc.stub.AbstractFutureStub<ModelServiceFutureStub> {
    private ModelServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ModelServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ModelServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Fits the requested models (default BG/NBD and Gamma-Gamma) on the customers' summaries as of
     * `calibration_end`, validates each purchase model on the holdout when `holdout_end` is set, stores the fit
     * and returns its parameters and diagnostics.
     * Errors: INVALID_ARGUMENT (missing calibration end, bad time unit, negative penalty, a model named twice, a
     * holdout end not after the calibration end), FAILED_PRECONDITION when a model cannot be fitted on the data
     * (the reason names the model and says what is missing).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.FitModelsResponse> fitModels(
        com.crmgrpc.crm.v1.FitModelsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getFitModelsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Stores parameters fitted elsewhere (lifetimes, PyMC-Marketing, CLVTools) as a model that serves
     * predictions like a fitted one.
     * Errors: INVALID_ARGUMENT naming the field (unknown kind, a missing, unknown, non-positive or NaN parameter,
     * a calendar time unit for a continuous-time model, a missing calibration end).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.CreateModelResponse> createModel(
        com.crmgrpc.crm.v1.CreateModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reads one stored fit.
     * Errors: INVALID_ARGUMENT when `model_id` is empty, NOT_FOUND when no such fit.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.GetModelResponse> getModel(
        com.crmgrpc.crm.v1.GetModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists stored fits, newest first.
     * Errors: INVALID_ARGUMENT for a negative page size or a foreign page token.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.ListModelsResponse> listModels(
        com.crmgrpc.crm.v1.ListModelsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListModelsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * A stored purchase model's P(alive) and expected purchases over a grid of customer histories: every
     * frequency 0…`max_frequency` by every recency from 0 to `age` (the frequency/recency heatmaps of lifetimes
     * and PyMC-Marketing), computed by the same predictors that serve GetCustomerMetrics.
     * Errors: INVALID_ARGUMENT naming the field (empty `model_id`, sizes or times out of range), NOT_FOUND when
     * no such model, FAILED_PRECONDITION when the model has no purchase model (sBG, Gamma-Gamma alone).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.crmgrpc.crm.v1.GetPredictionGridResponse> getPredictionGrid(
        com.crmgrpc.crm.v1.GetPredictionGridRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetPredictionGridMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_FIT_MODELS = 0;
  private static final int METHODID_CREATE_MODEL = 1;
  private static final int METHODID_GET_MODEL = 2;
  private static final int METHODID_LIST_MODELS = 3;
  private static final int METHODID_GET_PREDICTION_GRID = 4;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final ModelServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(ModelServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_FIT_MODELS:
          serviceImpl.fitModels((com.crmgrpc.crm.v1.FitModelsRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.FitModelsResponse>) responseObserver);
          break;
        case METHODID_CREATE_MODEL:
          serviceImpl.createModel((com.crmgrpc.crm.v1.CreateModelRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.CreateModelResponse>) responseObserver);
          break;
        case METHODID_GET_MODEL:
          serviceImpl.getModel((com.crmgrpc.crm.v1.GetModelRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetModelResponse>) responseObserver);
          break;
        case METHODID_LIST_MODELS:
          serviceImpl.listModels((com.crmgrpc.crm.v1.ListModelsRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.ListModelsResponse>) responseObserver);
          break;
        case METHODID_GET_PREDICTION_GRID:
          serviceImpl.getPredictionGrid((com.crmgrpc.crm.v1.GetPredictionGridRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.GetPredictionGridResponse>) responseObserver);
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

  private static abstract class ModelServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ModelServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.crmgrpc.crm.v1.ModelsProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ModelService");
    }
  }

  private static final class ModelServiceFileDescriptorSupplier
      extends ModelServiceBaseDescriptorSupplier {
    ModelServiceFileDescriptorSupplier() {}
  }

  private static final class ModelServiceMethodDescriptorSupplier
      extends ModelServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    ModelServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (ModelServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ModelServiceFileDescriptorSupplier())
              .addMethod(getFitModelsMethod())
              .addMethod(getCreateModelMethod())
              .addMethod(getGetModelMethod())
              .addMethod(getListModelsMethod())
              .addMethod(getGetPredictionGridMethod())
              .build();
        }
      }
    }
    return result;
  }
}

package com.crmgrpc.crm.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Administration of the server's store. Every method needs the admin role.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: crm/v1/admin.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class AdminServiceGrpc {

  private AdminServiceGrpc() {}

  public static final String SERVICE_NAME = "crm.v1.AdminService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.BackupDatabaseRequest,
      com.crmgrpc.crm.v1.BackupDatabaseResponse> getBackupDatabaseMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BackupDatabase",
      requestType = com.crmgrpc.crm.v1.BackupDatabaseRequest.class,
      responseType = com.crmgrpc.crm.v1.BackupDatabaseResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.BackupDatabaseRequest,
      com.crmgrpc.crm.v1.BackupDatabaseResponse> getBackupDatabaseMethod() {
    io.grpc.MethodDescriptor<com.crmgrpc.crm.v1.BackupDatabaseRequest, com.crmgrpc.crm.v1.BackupDatabaseResponse> getBackupDatabaseMethod;
    if ((getBackupDatabaseMethod = AdminServiceGrpc.getBackupDatabaseMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getBackupDatabaseMethod = AdminServiceGrpc.getBackupDatabaseMethod) == null) {
          AdminServiceGrpc.getBackupDatabaseMethod = getBackupDatabaseMethod =
              io.grpc.MethodDescriptor.<com.crmgrpc.crm.v1.BackupDatabaseRequest, com.crmgrpc.crm.v1.BackupDatabaseResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BackupDatabase"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.BackupDatabaseRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.crmgrpc.crm.v1.BackupDatabaseResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("BackupDatabase"))
              .build();
        }
      }
    }
    return getBackupDatabaseMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AdminServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceStub>() {
        @java.lang.Override
        public AdminServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceStub(channel, callOptions);
        }
      };
    return AdminServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AdminServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingStub>() {
        @java.lang.Override
        public AdminServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceBlockingStub(channel, callOptions);
        }
      };
    return AdminServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AdminServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceFutureStub>() {
        @java.lang.Override
        public AdminServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceFutureStub(channel, callOptions);
        }
      };
    return AdminServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Administration of the server's store. Every method needs the admin role.
   * </pre>
   */
  public static abstract class AdminServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Streams a consistent online copy of the SQLite store: the server copies it with `VACUUM INTO` (one read
     * transaction, so the copy is one snapshot while imports go on), checks the copy with `PRAGMA quick_check`,
     * then sends a `manifest`, the file in `chunk`s, and a `complete` message with its SHA-256. The copy is
     * compacted (no free pages) and opens as a store of its own: start a server with `--db COPY`.
     * One backup runs at a time; it counts as heavy work (Crm:HeavyWork).
     * Errors: INVALID_ARGUMENT for a `chunk_bytes` out of range; RESOURCE_EXHAUSTED when another backup is
     * running, when the heavy-work queue is full, or when the disk beside the store has no room for the copy;
     * DATA_LOSS when the copy fails its integrity check; DEADLINE_EXCEEDED / CANCELLED as the call ends early
     * (the server's temporary copy is deleted in every case); UNAUTHENTICATED / PERMISSION_DENIED for a
     * caller that is not an admin.
     * </pre>
     */
    public void backupDatabase(com.crmgrpc.crm.v1.BackupDatabaseRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.BackupDatabaseResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBackupDatabaseMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getBackupDatabaseMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                com.crmgrpc.crm.v1.BackupDatabaseRequest,
                com.crmgrpc.crm.v1.BackupDatabaseResponse>(
                  this, METHODID_BACKUP_DATABASE)))
          .build();
    }
  }

  /**
   * <pre>
   * Administration of the server's store. Every method needs the admin role.
   * </pre>
   */
  public static final class AdminServiceStub extends io.grpc.stub.AbstractAsyncStub<AdminServiceStub> {
    private AdminServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams a consistent online copy of the SQLite store: the server copies it with `VACUUM INTO` (one read
     * transaction, so the copy is one snapshot while imports go on), checks the copy with `PRAGMA quick_check`,
     * then sends a `manifest`, the file in `chunk`s, and a `complete` message with its SHA-256. The copy is
     * compacted (no free pages) and opens as a store of its own: start a server with `--db COPY`.
     * One backup runs at a time; it counts as heavy work (Crm:HeavyWork).
     * Errors: INVALID_ARGUMENT for a `chunk_bytes` out of range; RESOURCE_EXHAUSTED when another backup is
     * running, when the heavy-work queue is full, or when the disk beside the store has no room for the copy;
     * DATA_LOSS when the copy fails its integrity check; DEADLINE_EXCEEDED / CANCELLED as the call ends early
     * (the server's temporary copy is deleted in every case); UNAUTHENTICATED / PERMISSION_DENIED for a
     * caller that is not an admin.
     * </pre>
     */
    public void backupDatabase(com.crmgrpc.crm.v1.BackupDatabaseRequest request,
        io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.BackupDatabaseResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getBackupDatabaseMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * Administration of the server's store. Every method needs the admin role.
   * </pre>
   */
  public static final class AdminServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<AdminServiceBlockingStub> {
    private AdminServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams a consistent online copy of the SQLite store: the server copies it with `VACUUM INTO` (one read
     * transaction, so the copy is one snapshot while imports go on), checks the copy with `PRAGMA quick_check`,
     * then sends a `manifest`, the file in `chunk`s, and a `complete` message with its SHA-256. The copy is
     * compacted (no free pages) and opens as a store of its own: start a server with `--db COPY`.
     * One backup runs at a time; it counts as heavy work (Crm:HeavyWork).
     * Errors: INVALID_ARGUMENT for a `chunk_bytes` out of range; RESOURCE_EXHAUSTED when another backup is
     * running, when the heavy-work queue is full, or when the disk beside the store has no room for the copy;
     * DATA_LOSS when the copy fails its integrity check; DEADLINE_EXCEEDED / CANCELLED as the call ends early
     * (the server's temporary copy is deleted in every case); UNAUTHENTICATED / PERMISSION_DENIED for a
     * caller that is not an admin.
     * </pre>
     */
    public java.util.Iterator<com.crmgrpc.crm.v1.BackupDatabaseResponse> backupDatabase(
        com.crmgrpc.crm.v1.BackupDatabaseRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getBackupDatabaseMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Administration of the server's store. Every method needs the admin role.
   * </pre>
   */
  public static final class AdminServiceFutureStub extends io.grpc.stub.AbstractFutureStub<AdminServiceFutureStub> {
    private AdminServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceFutureStub(channel, callOptions);
    }
  }

  private static final int METHODID_BACKUP_DATABASE = 0;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AdminServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(AdminServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_BACKUP_DATABASE:
          serviceImpl.backupDatabase((com.crmgrpc.crm.v1.BackupDatabaseRequest) request,
              (io.grpc.stub.StreamObserver<com.crmgrpc.crm.v1.BackupDatabaseResponse>) responseObserver);
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

  private static abstract class AdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AdminServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.crmgrpc.crm.v1.AdminProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AdminService");
    }
  }

  private static final class AdminServiceFileDescriptorSupplier
      extends AdminServiceBaseDescriptorSupplier {
    AdminServiceFileDescriptorSupplier() {}
  }

  private static final class AdminServiceMethodDescriptorSupplier
      extends AdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    AdminServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (AdminServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AdminServiceFileDescriptorSupplier())
              .addMethod(getBackupDatabaseMethod())
              .build();
        }
      }
    }
    return result;
  }
}

using System.Security.Cryptography;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Data;
using CrmGrpc.Domain.Errors;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrmGrpc.Server.Services;

/// <summary>crm.v1.AdminService: online backups of the store (admin role, RpcRoles; heavy work, HeavyWorkInterceptor).</summary>
public sealed class AdminGrpcService(IDatabaseBackup backups) : AdminService.AdminServiceBase
{
    public const int DefaultChunkBytes = 1024 * 1024;
    public const int MinChunkBytes = 4096;

    /// <summary>2 MiB: a chunk and its framing stay well under the 4 MiB that gRPC clients accept by default.</summary>
    public const int MaxChunkBytes = 2 * 1024 * 1024;

    public override async Task BackupDatabase(BackupDatabaseRequest request, IServerStreamWriter<BackupDatabaseResponse> responseStream, ServerCallContext context)
    {
        var chunkBytes = request.ChunkBytes == 0 ? DefaultChunkBytes : request.ChunkBytes;
        if (chunkBytes is < MinChunkBytes or > MaxChunkBytes)
        {
            throw new InvalidArgumentException("chunk_bytes", $"must be 0 (default {DefaultChunkBytes}) or {MinChunkBytes} to {MaxChunkBytes}, was {request.ChunkBytes}");
        }

        var cancellationToken = context.CancellationToken;
        BackupCopy? made;
        try
        {
            made = await backups.TryCreateAsync(cancellationToken);
        }
        catch (BackupDiskFullException exception)
        {
            throw Refused(StatusCode.ResourceExhausted, exception.Message);
        }
        catch (BackupCheckFailedException exception)
        {
            throw Refused(StatusCode.DataLoss, exception.Message);
        }
        catch (BackupNotSupportedException exception)
        {
            // The RPC is built; this store has no file to stream. FAILED_PRECONDITION: the server's set-up, not the call,
            // decides it, and the message names the tools that do the job.
            throw Refused(StatusCode.FailedPrecondition, exception.Message);
        }

        // Whatever ends the call (the end, a lost client, a deadline), the temporary copy is deleted here.
        await using var copy = made ?? throw AlreadyRunning();
        await responseStream.WriteAsync(new BackupDatabaseResponse { Manifest = ToProto(copy.Manifest) }, cancellationToken);

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long offset = 0;
        await foreach (var data in copy.ReadChunksAsync(chunkBytes, cancellationToken))
        {
            sha256.AppendData(data.Span);
            await responseStream.WriteAsync(new BackupDatabaseResponse
            {
                Chunk = new BackupChunk { Offset = offset, Data = ByteString.CopyFrom(data.Span) },
            }, cancellationToken);
            offset += data.Length;
        }

        await responseStream.WriteAsync(new BackupDatabaseResponse
        {
            Complete = new BackupComplete { SizeBytes = offset, Sha256 = Convert.ToHexStringLower(sha256.GetHashAndReset()) },
        }, cancellationToken);
    }

    private static Contracts.V1.BackupManifest ToProto(Data.BackupManifest manifest) => new()
    {
        SizeBytes = manifest.SizeBytes,
        SchemaVersion = manifest.SchemaVersion,
        SnapshotTime = Timestamp.FromDateTimeOffset(manifest.SnapshotTime),
        Customers = manifest.Customers,
        Transactions = manifest.Transactions,
        CopySeconds = manifest.CopyTime.TotalSeconds,
    };

    /// <summary>
    /// RESOURCE_EXHAUSTED rather than ABORTED: the one backup slot is a server resource in use, as a full heavy-work
    /// queue is (also RESOURCE_EXHAUSTED); ABORTED means a transaction conflict that the caller should redo at once,
    /// which here would only fail again until the running backup ends.
    /// </summary>
    private static RpcException AlreadyRunning() =>
        Errors.Statuses.ResourceExhausted("a backup is already running; one runs at a time, try again when it has finished", TimeSpan.FromSeconds(5)).ToRpcException();

    private static RpcException Refused(StatusCode code, string message) => new(new Status(code, message));
}

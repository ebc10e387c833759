using Grpc.Core;

namespace CrmGrpc.Server.Errors;

/// <summary>
/// INVALID_ARGUMENT for a request message that did not parse, thrown by the request marshaller
/// (<see cref="Hosting.ParseCheckingMethodProvider{TService}"/>). Bad bytes from a client are not a server fault,
/// and grpc-dotnet logs the exception a read failed with ("Error reading message."): without a stack trace that
/// log entry is one line, the status, rather than a trace into the protobuf parser.
/// </summary>
public sealed class UnparseableRequestException(Status status, Metadata trailers, string reason) : RpcException(status, trailers, status.Detail)
{
    /// <summary>Why the parser refused the message, without the status's preamble.</summary>
    public string Reason { get; } = reason;

    public override string? StackTrace => null;

    public override string ToString() => $"{GetType().FullName}: {Message}";
}

using Google.Rpc;
using Grpc.Core;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>An RPC failure for a person: the status code, the message, and each BadRequest field violation.</summary>
internal static class ErrorReport
{
    public static void Print(CliConsole console, RpcException exception, Uri? server = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(exception);
        var code = StatusCodeName(exception.StatusCode);
        console.WriteError(string.IsNullOrEmpty(exception.Status.Detail) ? code : $"{code}: {exception.Status.Detail}");
        if (exception.StatusCode == StatusCode.Unavailable && server is not null)
        {
            console.Error.WriteLine($"  is the server running at {server}? (--server or $CRM_SERVER)");
        }
        else if (exception.StatusCode == StatusCode.Unauthenticated)
        {
            console.Error.WriteLine("  give an API key: --api-key KEY or $CRM_API_KEY");
        }
        else if (exception.StatusCode == StatusCode.ResourceExhausted)
        {
            console.Error.WriteLine("  for an import, a smaller --batch-size keeps each message under the server's size limit");
        }

        var badRequest = TryGetBadRequest(exception);
        if (badRequest is null || badRequest.FieldViolations.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("field").AddColumn("violation");
        foreach (var violation in badRequest.FieldViolations)
        {
            table.AddRow(new Text(violation.Field), new Text(violation.Description));
        }

        console.Error.Write(table);
    }

    /// <summary>The google.rpc.BadRequest detail of the call's status, when it has one.</summary>
    public static BadRequest? TryGetBadRequest(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        try
        {
            return exception.GetRpcStatus()?.GetDetail<BadRequest>();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // A malformed status trailer: the code and message are still worth showing.
            return null;
        }
    }

    /// <summary>The canonical name of a status code: INVALID_ARGUMENT, NOT_FOUND, ...</summary>
    public static string StatusCodeName(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => code.ToString(),
    };
}

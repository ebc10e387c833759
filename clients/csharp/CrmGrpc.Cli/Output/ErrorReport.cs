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
        if (TlsFailure(exception) is { } tls)
        {
            // One line (under the 240 columns of redirected stderr): grpc-dotnet's own message nests three exceptions' texts.
            // SslPolicyErrors are only in the text; a name mismatch is not cured by another CA.
            var hint = tls.Message.Contains("NameMismatch", StringComparison.Ordinal)
                ? "use the host name the certificate was issued for in --server"
                : "to trust a private CA: --ca-file FILE or $CRM_CA_FILE";
            console.WriteError($"TLS handshake with {server?.ToString() ?? "the server"} failed: {tls.Message.TrimEnd('.')}; {hint}");
            return;
        }

        var code = StatusCodeName(exception.StatusCode);
        console.WriteError(string.IsNullOrEmpty(exception.Status.Detail) ? code : $"{code}: {exception.Status.Detail}");
        if (exception.StatusCode == StatusCode.Unavailable && server is not null)
        {
            console.Error.WriteLine($"  is the server running at {server}? (--server or $CRM_SERVER)");
        }
        else if (exception.StatusCode == StatusCode.Unauthenticated)
        {
            console.Error.WriteLine("  give an API key: --api-key KEY or $CRM_API_KEY; or a bearer token: --bearer-token TOKEN or $CRM_BEARER_TOKEN");
        }
        else if (exception.StatusCode == StatusCode.ResourceExhausted && TryGetRetryInfo(exception) is { RetryDelay: { } delay })
        {
            console.Error.WriteLine($"  over one of the server's per-caller limits: retry after {delay.ToTimeSpan().TotalSeconds:0.0} s");
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

    /// <summary>The google.rpc.RetryInfo detail of the call's status (a per-caller limit), when it has one.</summary>
    public static RetryInfo? TryGetRetryInfo(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        try
        {
            return exception.GetRpcStatus()?.GetDetail<RetryInfo>();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The TLS handshake failure behind a call that could not start (e.g. a certificate not trusted), if that is what it was.</summary>
    public static System.Security.Authentication.AuthenticationException? TlsFailure(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var inner = exception.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException tls)
            {
                return tls;
            }
        }

        return null;
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

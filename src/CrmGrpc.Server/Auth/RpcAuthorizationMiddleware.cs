using System.Globalization;
using System.Security.Claims;
using System.Text;
using CrmGrpc.Server.Errors;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace CrmGrpc.Server.Auth;

/// <summary>
/// Decides every call, before grpc-dotnet reads its request: the role the method needs (<see cref="RpcRoles"/>)
/// against the caller's key (<c>x-api-key</c>, <see cref="ApiKeys"/>). Without a key, or with one that matches
/// none: UNAUTHENTICATED; with a role too low: PERMISSION_DENIED; both as a gRPC trailers-only response built from
/// <see cref="Statuses"/>. With no key configured every call passes (anonymous; <see cref="AnonymousAccess"/>
/// allows that only on loopback or when told to).
/// </summary>
/// <remarks>
/// Middleware rather than an interceptor: it runs before the request message is read and parsed (an interceptor
/// sees a unary request only once grpc-dotnet has buffered and parsed up to <c>Crm:MaxMessageBytes</c> of it), so a
/// stranger costs neither parsing nor a heavy-work place, and a garbage message from a stranger is UNAUTHENTICATED,
/// not INVALID_ARGUMENT. It covers health and reflection, which are not our services, the same way: each endpoint
/// carries its method (<see cref="GrpcMethodMetadata"/>). Added by <c>MapCrmGrpc</c> after routing (WebApplication
/// routes first), so the endpoint is known.
/// </remarks>
public sealed class RpcAuthorizationMiddleware(RequestDelegate next, ApiKeys keys, FailedAttemptLog failures)
{
    public const string ApiKeyHeader = "x-api-key";

    public Task InvokeAsync(HttpContext context)
    {
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName ?? context.Request.Path.Value ?? "";
        var required = RpcRoles.For(method);
        if (required == Role.None || !keys.Any)
        {
            return next(context);
        }

        var presented = context.Request.Headers[ApiKeyHeader];
        var caller = presented.Count == 1 && !string.IsNullOrEmpty(presented[0]) ? keys.Find(presented[0]!) : null;
        if (caller is null)
        {
            var sent = presented.Count > 0;
            failures.Unauthenticated(method, RemoteAddress(context), sent);
            return WriteStatusAsync(context, Statuses.Unauthenticated(sent));
        }

        if (caller.Role < required)
        {
            failures.Denied(method, RemoteAddress(context), caller, required);
            return WriteStatusAsync(context, Statuses.PermissionDenied(method, Roles.Name(caller.Role), Roles.Name(required)));
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, caller.Name), new Claim(ClaimTypes.Role, Roles.Name(caller.Role))], authenticationType: "ApiKey"));
        return next(context);
    }

    private static string RemoteAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip
            ? string.Create(CultureInfo.InvariantCulture, $"{ip}:{context.Connection.RemotePort}")
            : "an unknown address";

    /// <summary>A gRPC trailers-only response: HTTP 200, the status in the headers, no body (gRPC over HTTP/2, "Responses").</summary>
    private static Task WriteStatusAsync(HttpContext context, Status status)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(status.Detail);
        return Task.CompletedTask;
    }

    /// <summary>grpc-message's encoding: UTF-8, each byte outside printable ASCII and '%' itself as %XX.</summary>
    private static string PercentEncode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return builder.ToString();
    }
}

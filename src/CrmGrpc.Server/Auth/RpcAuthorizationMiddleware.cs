using System.Globalization;
using System.Security.Claims;
using CrmGrpc.Server.Errors;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace CrmGrpc.Server.Auth;

/// <summary>
/// Decides every call, before grpc-dotnet reads its request: the role the method needs (<see cref="RpcRoles"/>)
/// against the caller's (<see cref="CallerAuthenticator"/>: an API key, else a bearer token). Without credentials, or
/// with ones that are not valid: UNAUTHENTICATED; with a role too low: PERMISSION_DENIED; both built from
/// <see cref="Statuses"/> and answered in the caller's protocol (<see cref="RefusedCall"/>: a gRPC trailers-only response,
/// or for the JSON API 401 / 403 with the status as JSON). With neither keys nor JWT configured every call passes (anonymous; <see cref="AnonymousAccess"/>
/// allows that only on loopback or when told to).
/// </summary>
/// <remarks>
/// Middleware rather than an interceptor: it runs before the request message is read and parsed (an interceptor
/// sees a unary request only once grpc-dotnet has buffered and parsed up to <c>Crm:MaxMessageBytes</c> of it), so a
/// stranger costs neither parsing nor a heavy-work place, and a garbage message from a stranger is UNAUTHENTICATED,
/// not INVALID_ARGUMENT. It covers health and reflection, which are not our services, the same way: each endpoint
/// carries its method (<see cref="GrpcMethodMetadata"/>), a JSON route too: the RPC is found from it, never from the URL. Added by <c>MapCrmGrpc</c> after routing (WebApplication
/// routes first), so the endpoint is known.
/// </remarks>
public sealed class RpcAuthorizationMiddleware(RequestDelegate next, CallerAuthenticator authenticator, FailedAttemptLog failures)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName ?? context.Request.Path.Value ?? "";
        var required = RpcRoles.For(method);
        if (required == Role.None || !authenticator.RequiresCredentials)
        {
            await next(context);
            return;
        }

        var (caller, sent) = await authenticator.AuthenticateAsync(context);
        if (caller is null)
        {
            failures.Unauthenticated(method, RemoteAddress(context), sent);
            await WriteStatusAsync(context, Statuses.Unauthenticated(sent));
            return;
        }

        if (caller.Role < required)
        {
            failures.Denied(method, RemoteAddress(context), caller, required);
            await WriteStatusAsync(context, Statuses.PermissionDenied(method, Roles.Name(caller.Role), Roles.Name(required)));
            return;
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, caller.Name), new Claim(ClaimTypes.Role, Roles.Name(caller.Role))], authenticationType: "Crm"));
        await next(context);
    }

    private static string RemoteAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip
            ? string.Create(CultureInfo.InvariantCulture, $"{ip}:{context.Connection.RemotePort}")
            : "an unknown address";

    private static Task WriteStatusAsync(HttpContext context, Status status) =>
        RefusedCall.WriteAsync(context, new Google.Rpc.Status { Code = (int)status.StatusCode, Message = status.Detail });
}

using CrmGrpc.Server.Errors;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace CrmGrpc.Server.Web;

/// <summary>
/// The JSON API: gRPC JSON transcoding of every RPC with a <c>google.api.http</c> route (protos/crm/v1), served on the
/// web endpoints only (<see cref="Hosting.EndpointSeparationMiddleware"/>). Each route runs the same RPC as gRPC does:
/// authorization and limits find the method in the endpoint's <see cref="GrpcMethodMetadata"/>, and the interceptors
/// run around the service as for any call.
/// </summary>
public static class JsonApi
{
    /// <summary>Adds transcoding: proto3 JSON (lowerCamelCase names, 64-bit integers as strings), error details by type.</summary>
    public static IGrpcServerBuilder AddCrmJsonApi(this IGrpcServerBuilder grpc) =>
        grpc.AddJsonTranscoding(json =>
        {
            json.JsonSettings.WriteInt64sAsStrings = true;
            // The BadRequest and RetryInfo in an error's details are written out, not dropped as unknown Any types.
            json.TypeRegistry = ErrorDetailTypes.Registry;
        });

    /// <summary>Whether the request is a call to a JSON route.</summary>
    public static bool IsJsonCall(HttpContext context) => IsJsonRoute(context.GetEndpoint());

    public static bool IsJsonRoute(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null;
}

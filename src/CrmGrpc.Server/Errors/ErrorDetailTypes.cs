using Google.Protobuf.Reflection;
using Google.Rpc;

namespace CrmGrpc.Server.Errors;

/// <summary>The detail messages our statuses carry, so JSON can name them in an <c>Any</c>'s <c>@type</c> and write their fields.</summary>
public static class ErrorDetailTypes
{
    public static readonly TypeRegistry Registry = TypeRegistry.FromMessages(BadRequest.Descriptor, RetryInfo.Descriptor);
}

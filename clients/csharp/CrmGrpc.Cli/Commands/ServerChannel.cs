using Grpc.Core;
using Grpc.Net.Client;

namespace CrmGrpc.Cli.Commands;

/// <summary>The channel every command uses: the server's address, and the API key as call credentials.</summary>
internal static class ServerChannel
{
    /// <summary>The metadata key the server reads the API key from.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>
    /// A channel to <paramref name="server"/> adding <c>x-api-key: <paramref name="apiKey"/></c> to every call when a key
    /// is given. On http:// (h2c, how the server listens on loopback) the key travels in clear, which grpc-dotnet allows
    /// only when told (<see cref="GrpcChannelOptions.UnsafeUseInsecureChannelCallCredentials"/>): beyond this machine,
    /// use https://. <paramref name="handler"/> replaces the HTTP handler (tests).
    /// </summary>
    public static GrpcChannel Open(Uri server, string? apiKey, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var options = new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024, HttpHandler = handler };
        if (apiKey is not null)
        {
            var key = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add(ApiKeyHeader, apiKey);
                return Task.CompletedTask;
            });
            var secure = server.Scheme == Uri.UriSchemeHttps;
            options.Credentials = ChannelCredentials.Create(secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, key);
            options.UnsafeUseInsecureChannelCallCredentials = !secure;
        }

        return GrpcChannel.ForAddress(server, options);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrmGrpc.Cli.Commands;

/// <summary>What the CLI presents to the server on every call: an API key, a bearer token, both or neither.</summary>
internal sealed record CallerCredentials(string? ApiKey, string? BearerToken)
{
    public static readonly CallerCredentials None = new(null, null);

    public bool Any => ApiKey is not null || BearerToken is not null;
}

/// <summary>The channel every command uses: the server's address, the CAs it trusts, and the credentials as call credentials.</summary>
internal static class ServerChannel
{
    /// <summary>The metadata key the server reads the API key from.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>The metadata key of a bearer token (HTTP's Authorization header).</summary>
    public const string AuthorizationHeader = "authorization";

    /// <summary>A channel sending <paramref name="apiKey"/>, if any, and trusting the system's CAs.</summary>
    public static GrpcChannel Open(Uri server, string? apiKey, HttpMessageHandler? handler = null) =>
        Open(server, new CallerCredentials(apiKey, null), trustedCas: null, handler);

    /// <summary>
    /// A channel to <paramref name="server"/> adding <c>x-api-key</c> and <c>authorization: Bearer …</c> to every call when
    /// given. On https:// the server's certificate must chain to <paramref name="trustedCas"/> when given (and only to
    /// them), else to the system trust store. On http:// (h2c, how the server listens on loopback) credentials travel in
    /// clear, which grpc-dotnet allows only when told (<see cref="GrpcChannelOptions.UnsafeUseInsecureChannelCallCredentials"/>):
    /// beyond this machine, use https://. <paramref name="handler"/> replaces the HTTP handler (tests).
    /// </summary>
    public static GrpcChannel Open(Uri server, CallerCredentials credentials, X509Certificate2Collection? trustedCas, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(credentials);
        var options = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            HttpHandler = handler ?? (trustedCas is null ? null : TrustingOnly(trustedCas)),
            DisposeHttpClient = handler is null,
        };
        if (credentials.Any)
        {
            var callCredentials = CallCredentials.FromInterceptor((_, metadata) =>
            {
                if (credentials.ApiKey is not null)
                {
                    metadata.Add(ApiKeyHeader, credentials.ApiKey);
                }

                if (credentials.BearerToken is not null)
                {
                    metadata.Add(AuthorizationHeader, "Bearer " + credentials.BearerToken);
                }

                return Task.CompletedTask;
            });
            var secure = server.Scheme == Uri.UriSchemeHttps;
            options.Credentials = ChannelCredentials.Create(secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, callCredentials);
            options.UnsafeUseInsecureChannelCallCredentials = !secure;
        }

        return GrpcChannel.ForAddress(server, options);
    }

    /// <summary>
    /// The certificates of a PEM file (--ca-file). An unreadable file, or one without a certificate, is an
    /// <see cref="IOException"/> naming the file, which the CLI prints as one line.
    /// </summary>
    public static X509Certificate2Collection ReadCaFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new IOException($"--ca-file {path}: cannot read the CA certificates: {ex.Message}", ex);
        }

        return certificates.Count > 0
            ? certificates
            : throw new IOException($"--ca-file {path}: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
    }

    /// <summary>
    /// An HTTP/2 handler that accepts a server certificate only when it chains to one of <paramref name="trustedCas"/>
    /// (the system store is not consulted) and names the host, as the default validation does for system CAs.
    /// </summary>
    private static SocketsHttpHandler TrustingOnly(X509Certificate2Collection trustedCas)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // As SslStream's own default: a private CA seldom publishes revocation lists, and without --ca-file nothing is checked either.
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(trustedCas);
        return new SocketsHttpHandler
        {
            // What GrpcChannel's own handler does: more streams than one connection allows open another connection.
            EnableMultipleHttp2Connections = true,
            SslOptions = { CertificateChainPolicy = policy },
        };
    }
}

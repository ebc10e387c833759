using System.CommandLine;

namespace CrmGrpc.Cli.Commands;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:5000";
    public const string ServerVariable = "CRM_SERVER";

    public static readonly Option<string> Server = new("--server")
    {
        Description = $"Server URL; http:// is plain HTTP/2 (h2c). Default: ${ServerVariable}, else {DefaultServer}.",
        Recursive = true,
        HelpName = "URL",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultServer,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print results as JSON (protobuf JSON mapping), one document per line.",
        Recursive = true,
    };

    /// <summary>The server address, checked: an absolute http:// or https:// URL.</summary>
    public static Uri ServerUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"--server must be an http:// or https:// URL, not '{value}'");
}

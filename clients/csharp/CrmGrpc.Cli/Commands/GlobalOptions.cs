using System.CommandLine;

namespace CrmGrpc.Cli.Commands;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:5000";
    public const string ServerVariable = "CRM_SERVER";

    public static readonly Option<string> Server = new("--server")
    {
        Description = $"Server URL; http:// is plain HTTP/2 (h2c), https:// is TLS (see --ca-file). Default: ${ServerVariable}, else {DefaultServer}.",
        Recursive = true,
        HelpName = "URL",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultServer,
    };

    public const string ApiKeyVariable = "CRM_API_KEY";

    /// <summary>
    /// The key sent as <c>x-api-key</c> on every call. No default value factory: help would print what it found in
    /// <c>$CRM_API_KEY</c>; <see cref="ApiKey"/> reads the variable when the option is absent.
    /// </summary>
    public static readonly Option<string> ApiKeyOption = new("--api-key")
    {
        Description = $"API key sent as x-api-key on every call. Default: ${ApiKeyVariable}; none when neither is set.",
        Recursive = true,
        HelpName = "KEY",
    };

    public const string BearerTokenVariable = "CRM_BEARER_TOKEN";

    /// <summary>A token sent as <c>authorization: Bearer …</c>; read like <see cref="ApiKeyOption"/>, so help never prints it.</summary>
    public static readonly Option<string> BearerTokenOption = new("--bearer-token")
    {
        Description = $"Bearer token (JWT) sent as authorization: Bearer TOKEN on every call. Default: ${BearerTokenVariable}; none when neither is set.",
        Recursive = true,
        HelpName = "TOKEN",
    };

    public const string CaFileVariable = "CRM_CA_FILE";

    /// <summary>PEM file of the CAs to trust for an https:// server instead of the system's.</summary>
    public static readonly Option<string> CaFileOption = new("--ca-file")
    {
        Description = $"PEM file of the CA certificates to trust for an https:// server, instead of the system trust store. Default: ${CaFileVariable}.",
        Recursive = true,
        HelpName = "FILE",
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print results as JSON (protobuf JSON mapping), one document per line.",
        Recursive = true,
    };

    /// <summary>The API key of this run: --api-key, else <paramref name="environment"/>'s CRM_API_KEY; null when neither is set or both are empty.</summary>
    public static string? ApiKey(ParseResult parseResult, Func<string, string?> environment) =>
        OptionOrVariable(parseResult, ApiKeyOption, ApiKeyVariable, environment);

    /// <summary>The bearer token of this run: --bearer-token, else CRM_BEARER_TOKEN; null when neither is set or both are empty.</summary>
    public static string? BearerToken(ParseResult parseResult, Func<string, string?> environment) =>
        OptionOrVariable(parseResult, BearerTokenOption, BearerTokenVariable, environment);

    /// <summary>The CA file of this run: --ca-file, else CRM_CA_FILE; null (the system trust store) when neither is set.</summary>
    public static string? CaFile(ParseResult parseResult, Func<string, string?> environment) =>
        OptionOrVariable(parseResult, CaFileOption, CaFileVariable, environment);

    private static string? OptionOrVariable(ParseResult parseResult, Option<string> option, string variable, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(environment);
        return parseResult.GetValue(option) is { Length: > 0 } fromOption
            ? fromOption
            : environment(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
    }

    /// <summary>The server address, checked: an absolute http:// or https:// URL.</summary>
    public static Uri ServerUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"--server must be an http:// or https:// URL, not '{value}'");
}

using Google.Protobuf;

namespace CrmGrpc.Cli.Output;

/// <summary>Protobuf messages as JSON (camelCase names, as grpcurl prints them), one line each.</summary>
internal static class Json
{
    public static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    public static string Format(IMessage message) => Formatter.Format(message);
}

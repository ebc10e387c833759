using System.CommandLine;
using CrmGrpc.Cli.Csv;
using CrmGrpc.Cli.Output;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrmGrpc.Cli.Commands;

/// <summary>What a command's action gets: the parse result, the consoles and a way to reach the server.</summary>
internal sealed class CommandContext(ParseResult parseResult, CliConsole console)
{
    public ParseResult ParseResult { get; } = parseResult;

    public CliConsole Console { get; } = console;

    /// <summary>The server the command talks to, once a channel was opened.</summary>
    public Uri? Server { get; private set; }

    /// <summary>A channel to --server, trusting --ca-file's CAs if given, that sends the API key and bearer token, if any, on every call; the caller disposes it.</summary>
    public GrpcChannel OpenChannel()
    {
        Server = GlobalOptions.ServerUri(ParseResult.GetRequiredValue(GlobalOptions.Server));
        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        var credentials = new CallerCredentials(GlobalOptions.ApiKey(ParseResult, environment), GlobalOptions.BearerToken(ParseResult, environment));
        var caFile = GlobalOptions.CaFile(ParseResult, environment);
        return ServerChannel.Open(Server, credentials, caFile is null ? null : ServerChannel.ReadCaFile(caFile));
    }
}

/// <summary>
/// Runs a command's body and turns failures into a message and an exit code: RPC errors (with their
/// BadRequest field violations) and input errors exit 1, usage errors 2; no stack traces.
/// </summary>
internal static class CommandAction
{
    public static void Set(Command command, Func<CommandContext, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(body);
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(new CommandContext(parseResult, CliConsole.CreateSystem(parseResult.GetValue(GlobalOptions.Json))), body, cancellationToken));
    }

    public static async Task<int> RunAsync(CommandContext context, Func<CommandContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var console = context.Console;
        try
        {
            return await body(context, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            console.WriteError("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteError("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (RpcException ex)
        {
            ErrorReport.Print(console, ex, context.Server);
            return ExitCodes.Failure;
        }
        catch (UsageException ex)
        {
            console.WriteError(ex.Message);
            return ExitCodes.Usage;
        }
        catch (CsvSchemaException ex)
        {
            console.WriteError(ex.Message);
            return ExitCodes.Failure;
        }
        catch (IOException ex)
        {
            console.WriteError(ex.Message);
            return ExitCodes.Failure;
        }
        catch (UnauthorizedAccessException ex)
        {
            console.WriteError(ex.Message);
            return ExitCodes.Failure;
        }
    }
}

using System.CommandLine;
using System.CommandLine.Invocation;

namespace CrmGrpc.Cli.Commands;

/// <summary>The <c>crm</c> command tree, and running it with the CLI's exit codes.</summary>
internal static class CrmCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("crm: command-line client of the CrmGrpc service (crm.v1).")
        {
            GlobalOptions.Server,
            GlobalOptions.ApiKeyOption,
            GlobalOptions.BearerTokenOption,
            GlobalOptions.CaFileOption,
            GlobalOptions.Json,
        };
        root.Add(ImportCommands.Create());
        root.Add(CustomerCommands.Create());
        root.Add(TransactionCommands.Create());
        root.Add(MetricsCommands.Clv());
        root.Add(MetricsCommands.Create());
        root.Add(SegmentCommands.Create());
        root.Add(SegmentCommands.Quality());
        root.Add(ModelCommands.Fit());
        root.Add(ModelCommands.Create());
        root.Add(RecalcCommand.Create());
        root.Add(UpliftCommands.Uplift());
        root.Add(UpliftCommands.Changes());
        root.Add(BackupCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parseResult = Create().Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'crm --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}

using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>
/// Where the CLI writes: results to stdout (tables, or JSON with --json), progress and errors to stderr,
/// so that piping stdout gets only the results.
/// </summary>
internal sealed class CliConsole(IAnsiConsole output, IAnsiConsole error, bool json, bool interactive, TextWriter? rawOutput = null)
{
    private readonly TextWriter rawOutput = rawOutput ?? TextWriter.Null;

    /// <summary>Width of tables when stdout is not a terminal (Spectre would otherwise assume 80).</summary>
    private const int RedirectedWidth = 240;

    public IAnsiConsole Out { get; } = output;

    public IAnsiConsole Error { get; } = error;

    /// <summary>Results as JSON (Google.Protobuf's JsonFormatter), one document per line.</summary>
    public bool Json { get; } = json;

    /// <summary>Whether stderr is a terminal: a live progress bar, rather than plain progress lines.</summary>
    public bool Interactive { get; } = interactive;

    public static CliConsole CreateSystem(bool json)
    {
        var output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsOutputRedirected)
        {
            output.Profile.Width = RedirectedWidth;
        }

        if (Console.IsErrorRedirected)
        {
            error.Profile.Width = RedirectedWidth;
        }

        return new CliConsole(output, error, json, interactive: !Console.IsErrorRedirected && error.Profile.Capabilities.Interactive, Console.Out);
    }

    /// <summary>Writes a line of plain text (no markup) to stdout.</summary>
    public void WriteLine(string text) => Out.WriteLine(text);

    /// <summary>Writes one JSON document as one line to stdout, never wrapped.</summary>
    public void WriteJson(string json) => rawOutput.WriteLine(json);

    /// <summary>Writes a line of data (a CSV record) to stdout as it is, never wrapped.</summary>
    public void WriteRawLine(string line) => rawOutput.WriteLine(line);

    /// <summary>Writes "error: ..." to stderr.</summary>
    public void WriteError(string text) => Error.MarkupLine($"[red]error:[/] {Markup.Escape(text)}");
}

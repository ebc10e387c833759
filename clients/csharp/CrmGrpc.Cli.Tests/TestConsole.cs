using System.Globalization;
using System.Text;
using CrmGrpc.Cli.Output;
using Spectre.Console;

namespace CrmGrpc.Cli.Tests;

/// <summary>A CliConsole writing plain text (no colours, wide) into strings.</summary>
internal sealed class TestConsole
{
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly StringBuilder raw = new();

    public TestConsole(bool json = false)
    {
        Console = new CliConsole(Create(output), Create(error), json, interactive: false, new StringWriter(raw, CultureInfo.InvariantCulture));
    }

    public CliConsole Console { get; }

    /// <summary>What went to stdout: tables and lines, then raw JSON lines.</summary>
    public string Output => output.ToString() + raw;

    public string Error => error.ToString();

    private static IAnsiConsole Create(StringBuilder text)
    {
        var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        return console;
    }
}

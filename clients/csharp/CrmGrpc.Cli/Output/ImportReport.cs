using System.Globalization;
using System.Text;
using System.Text.Json;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>One rejected row, from the server's summary or from local parsing.</summary>
internal sealed record ReportedError(long? Line, long? Position, string Id, string Code, string Field, string Reason);

/// <summary>
/// The summary of an import, both sides together: accepted, duplicates, rejected (server + local),
/// errors omitted, and the table of rejected rows with their input line, stream position, code and reason.
/// </summary>
internal static class ImportReport
{
    /// <summary>The code shown for a row that never left the client.</summary>
    public const string LocalCode = "UNPARSEABLE";

    public static IReadOnlyList<ReportedError> Errors(ImportOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var errors = new List<ReportedError>(outcome.LocalRejections.Count + outcome.Summary.Errors.Count);
        errors.AddRange(outcome.LocalRejections.Select(r => new ReportedError(r.Line, null, r.Id, LocalCode, r.Field, r.Reason)));
        errors.AddRange(outcome.Summary.Errors.Select(e =>
            new ReportedError(outcome.LineOf(e.Position), e.Position, e.Id, CodeName(e.Code), e.Field, e.Reason)));
        return [.. errors.OrderBy(e => e.Line ?? long.MaxValue).ThenBy(e => e.Position ?? -1)];
    }

    public static long TotalRejected(ImportOutcome outcome) => outcome.Summary.Rejected + outcome.LocalRejected;

    public static long TotalOmitted(ImportOutcome outcome) =>
        outcome.Summary.ErrorsOmitted + (outcome.LocalRejected - outcome.LocalRejections.Count);

    public static void Print(CliConsole console, string kind, ImportOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(outcome);
        if (console.Json)
        {
            console.WriteJson(ToJson(kind, outcome));
            return;
        }

        var summary = outcome.Summary;
        var o = console.Out;
        o.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(kind)}[/]: {outcome.RowsRead:N0} rows read, {outcome.RowsSent:N0} sent in {outcome.BatchesSent:N0} batches, {outcome.Elapsed.TotalSeconds:0.00} s ({outcome.RowsPerSecond:N0} rows/s)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accepted: {summary.Accepted}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duplicates: {summary.Duplicates}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rejected: {TotalRejected(outcome)} ({summary.Rejected} by the server, {outcome.LocalRejected} unparseable locally)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"errors_omitted: {TotalOmitted(outcome)}"));

        var errors = Errors(outcome);
        if (errors.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("line").AddColumn("position").AddColumn("id").AddColumn("code").AddColumn("field").AddColumn("reason");
        foreach (var error in errors)
        {
            table.AddRow(
                new Text(error.Line?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Text(error.Position?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Text(error.Id),
                new Text(error.Code),
                new Text(error.Field),
                new Text(error.Reason));
        }

        o.Write(table);
    }

    /// <summary>One line of JSON: the combined counts and errors, and the server's response as it came.</summary>
    public static string ToJson(string kind, ImportOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("kind", kind);
            json.WriteNumber("rowsRead", outcome.RowsRead);
            json.WriteNumber("rowsSent", outcome.RowsSent);
            json.WriteNumber("batches", outcome.BatchesSent);
            json.WriteNumber("elapsedSeconds", Math.Round(outcome.Elapsed.TotalSeconds, 3));
            json.WriteNumber("rowsPerSecond", Math.Round(outcome.RowsPerSecond));
            json.WriteNumber("accepted", outcome.Summary.Accepted);
            json.WriteNumber("duplicates", outcome.Summary.Duplicates);
            json.WriteNumber("rejected", TotalRejected(outcome));
            json.WriteNumber("rejectedLocally", outcome.LocalRejected);
            json.WriteNumber("errorsOmitted", TotalOmitted(outcome));
            json.WriteStartArray("errors");
            foreach (var error in Errors(outcome))
            {
                json.WriteStartObject();
                if (error.Line is { } line)
                {
                    json.WriteNumber("line", line);
                }

                if (error.Position is { } position)
                {
                    json.WriteNumber("position", position);
                }

                json.WriteString("id", error.Id);
                json.WriteString("code", error.Code);
                json.WriteString("field", error.Field);
                json.WriteString("reason", error.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WritePropertyName("response");
            json.WriteRawValue(Json.Format(outcome.Summary.Response));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>"INVALID_FIELD" for REJECTION_CODE_INVALID_FIELD.</summary>
    private static string CodeName(RejectionCode code) => ProtoEnum.Short(code, "REJECTION_CODE_");
}

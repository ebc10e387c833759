using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace CrmGrpc.Cli.Commands;

/// <summary>
/// <c>crm recalc --out FILE.csv|FILE.jsonl</c>: the bulk recalculation (StreamCustomerMetrics), written to
/// the file batch by batch as the stream runs, with a progress bar from the server's progress messages.
/// Ctrl+C cancels the call; what was received so far stays in the file, which the summary says is incomplete.
/// </summary>
internal static class RecalcCommand
{
    /// <summary>What a run did.</summary>
    internal sealed record Outcome(string Path, RecalcFormat Format, long Written, long Total, TimeSpan Elapsed, bool Cancelled, string RunName)
    {
        public double CustomersPerSecond => Elapsed.TotalSeconds > 0 ? Written / Elapsed.TotalSeconds : 0;
    }

    public static Command Create()
    {
        var segment = new Option<string>("--segment") { Description = "Only customers of this segment." };
        var channelFilter = new Option<string>("--channel") { Description = "Only customers acquired through this channel." };
        var ids = CliInputs.IdsOption("--ids", "Only these customers (comma-separated; at most 100,000).");
        var model = new Option<string>("--model") { Description = "The fitted model; default the latest.", HelpName = "ID" };
        var asOf = CliInputs.DateOption("--as-of", "The as-of date; default the model's calibration end.");
        var horizon = CliInputs.NumberOption("--horizon", "Prediction horizon in the model's time unit; default 52 weeks (or 365 days).", "N");
        var discount = CliInputs.NumberOption("--discount", "Monthly discount rate of predictive CLV; default 0.01.", "R");
        var margin = CliInputs.NumberOption("--margin", "Margin applied to predicted spend, in [0, 1]; default 1.", "M");
        var inactivityDays = CliInputs.InactivityDaysOption();
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Customers per streamed batch, 1–5000 (0: the server's default, 1000).",
            HelpName = "N",
            Validators = { result => { if (result.GetValueOrDefault<int>() is < 0 or > 5000) { result.AddError("--batch-size must be between 1 and 5000 (0: the server's default)"); } } },
        };
        var runName = new Option<string>("--run-name") { Description = "Also store the results on the server as a run with this name.", HelpName = "NAME" };
        var output = new Option<string>("--out")
        {
            Description = "The output file: FILE.csv (customer_id, historical_clv, predictive_clv, probability_alive, expected_purchases, " +
                "expected_average_value, rfm_code, health_score; empty cells for absent values) or FILE.jsonl (one CustomerMetrics JSON per line).",
            HelpName = "FILE",
            Required = true,
            Validators =
            {
                result =>
                {
                    var path = result.GetValueOrDefault<string>() ?? string.Empty;
                    if (RecalcWriter.FormatOf(path) is null)
                    {
                        result.AddError($"--out: '{path}' must end in .csv or .jsonl");
                    }
                },
            },
        };
        var command = new Command("recalc", "Recalculate every matching customer's metrics (StreamCustomerMetrics) into a CSV or JSON-lines file.")
        {
            segment, channelFilter, ids, model, asOf, horizon, discount, margin, inactivityDays, batchSize, runName, output,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var request = new StreamCustomerMetricsRequest
            {
                Filter = new CustomerFilter
                {
                    Segment = p.GetValue(segment) ?? string.Empty,
                    Channel = p.GetValue(channelFilter) ?? string.Empty,
                },
                ModelId = p.GetValue(model) ?? string.Empty,
                AsOf = p.GetValue(asOf),
                BatchSize = p.GetValue(batchSize),
                RunName = p.GetValue(runName) ?? string.Empty,
                ChurnDefinition = CliInputs.ChurnDefinition(p.GetValue(inactivityDays)),
            };
            request.Filter.CustomerIds.AddRange(p.GetValue(ids) ?? []);
            if (p.GetValue(horizon) is { } h)
            {
                request.Horizon = h;
            }

            if (p.GetValue(discount) is { } d)
            {
                request.MonthlyDiscountRate = d;
            }

            if (p.GetValue(margin) is { } m)
            {
                request.Margin = m;
            }

            var path = p.GetRequiredValue(output);
            var format = RecalcWriter.FormatOf(path) ?? throw new UsageException($"--out: '{path}' must end in .csv or .jsonl");
            using var channel = context.OpenChannel();
            var client = new MetricsService.MetricsServiceClient(channel);
            var outcome = await RunAsync(context.Console, client, request, path, format, ct);
            Report(context.Console, outcome);
            return outcome.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Streams the call into the file. The file is created at the first message, so a request the server
    /// refuses leaves none; a cancellation keeps what arrived.
    /// </summary>
    internal static async Task<Outcome> RunAsync(
        CliConsole console, MetricsService.MetricsServiceClient client, StreamCustomerMetricsRequest request, string path, RecalcFormat format, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        RecalcWriter? writer = null;
        long total = 0;
        long serverDone = 0;
        try
        {
            using var call = client.StreamCustomerMetrics(request, cancellationToken: ct);
            await RecalcProgressDisplay.RunAsync(console, async progress =>
            {
                double rate = 0;
                try
                {
                    await foreach (var message in call.ResponseStream.ReadAllAsync(ct))
                    {
                        writer ??= RecalcWriter.Open(path, format);
                        switch (message.PayloadCase)
                        {
                            case StreamCustomerMetricsResponse.PayloadOneofCase.Progress:
                                total = message.Progress.Total;
                                serverDone = message.Progress.Done;
                                rate = message.Progress.CustomersPerSecond;
                                break;
                            case StreamCustomerMetricsResponse.PayloadOneofCase.Batch:
                                await writer.WriteBatchAsync(message.Batch.Customers, ct);
                                rate = stopwatch.Elapsed.TotalSeconds > 0 ? writer.Written / stopwatch.Elapsed.TotalSeconds : 0;
                                break;
                        }

                        progress.Report(Math.Max(serverDone, writer.Written), Math.Max(total, writer.Written), rate);
                    }
                }
                finally
                {
                    // Nothing received (the server refused the request): no progress to close.
                    if (writer is not null)
                    {
                        progress.Complete(Math.Max(serverDone, writer.Written), Math.Max(total, writer.Written), rate);
                    }
                }

                return 0;
            });
        }
        catch (Exception ex) when (ct.IsCancellationRequested && (ex is OperationCanceledException || ex is RpcException { StatusCode: StatusCode.Cancelled }))
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }

            return new Outcome(path, format, writer?.Written ?? 0, total, stopwatch.Elapsed, Cancelled: true, request.RunName);
        }
        catch (RpcException) when (writer is not null)
        {
            await writer.DisposeAsync();
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{writer.Written} customers were written to {path} before the error; the file is incomplete"));
            throw;
        }

        if (writer is null)
        {
            // The stream ended without a message (a server that sends no progress): still leave the file.
            writer = RecalcWriter.Open(path, format);
        }

        await writer.DisposeAsync();
        return new Outcome(path, format, writer.Written, Math.Max(total, writer.Written), stopwatch.Elapsed, Cancelled: false, request.RunName);
    }

    private static void Report(CliConsole console, Outcome outcome)
    {
        if (console.Json)
        {
            console.WriteJson(ToJson(outcome));
            return;
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"{outcome.Written} customers written to {outcome.Path} ({(outcome.Format == RecalcFormat.Csv ? "csv" : "json lines")}) in {outcome.Elapsed.TotalSeconds:0.00} s, {outcome.CustomersPerSecond:0} customers/s");
        if (outcome.Cancelled)
        {
            console.WriteError(string.Create(CultureInfo.InvariantCulture, $"cancelled after {outcome.Written} of {outcome.Total} customers; {outcome.Path} is incomplete"));
            console.Error.WriteLine(text);
            return;
        }

        console.WriteLine(text);
        if (outcome.RunName.Length > 0)
        {
            console.WriteLine($"stored on the server as run '{outcome.RunName}'");
        }
    }

    /// <summary>The summary as one line of JSON.</summary>
    internal static string ToJson(Outcome outcome)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("out", outcome.Path);
            json.WriteString("format", outcome.Format == RecalcFormat.Csv ? "csv" : "jsonl");
            json.WriteNumber("customers", outcome.Written);
            json.WriteNumber("total", outcome.Total);
            json.WriteNumber("elapsedSeconds", Math.Round(outcome.Elapsed.TotalSeconds, 3));
            json.WriteNumber("customersPerSecond", Math.Round(outcome.CustomersPerSecond));
            json.WriteBoolean("cancelled", outcome.Cancelled);
            if (outcome.RunName.Length > 0)
            {
                json.WriteString("runName", outcome.RunName);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

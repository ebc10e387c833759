using System.CommandLine;
using System.Globalization;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Commands;

/// <summary>
/// <c>crm segments tiers|rfm|at-risk</c> (SegmentCustomers, paged) and <c>crm quality</c> (GetDataQualityReport).
/// </summary>
internal static class SegmentCommands
{
    public static Command Create()
    {
        var segments = new Command("segments", "Segment customers: CLV tiers, RFM scores, the at-risk list (SegmentCustomers).");
        var quantiles = CliInputs.NumbersOption("--quantiles", "The tier cut points, quantiles of historical CLV in (0, 1), ascending; default 0.5,0.8,0.95.", "Q,Q,...");
        segments.Add(Kind("tiers", "CLV tiers by quantile of historical CLV; tier 1 is the top (by CLV, descending).", SegmentationKind.ClvTiers,
            [quantiles], (p, request) => request.TierQuantiles.AddRange(p.GetValue(quantiles) ?? [])));

        segments.Add(Kind("rfm", "RFM quintile scores and codes against the whole book (by customer id).", SegmentationKind.Rfm, [], (_, _) => { }));

        var pAliveBelow = CliInputs.NumberOption("--p-alive-below", "P(alive) below this, in (0, 1); default 0.5.", "P");
        var minValueQuantile = CliInputs.NumberOption("--min-value-quantile", "Historical CLV at or above this quantile of the book, in [0, 1); default 0.8.", "Q");
        var model = new Option<string>("--model") { Description = "The fitted model; default the latest.", HelpName = "ID" };
        segments.Add(Kind("at-risk", "Valuable customers who are probably leaving: high historical CLV, low P(alive); needs a fitted model.",
            SegmentationKind.AtRisk, [pAliveBelow, minValueQuantile, model], (p, request) =>
            {
                if (p.GetValue(pAliveBelow) is { } below)
                {
                    request.ProbabilityAliveBelow = below;
                }

                if (p.GetValue(minValueQuantile) is { } quantile)
                {
                    request.MinValueQuantile = quantile;
                }

                request.ModelId = p.GetValue(model) ?? string.Empty;
            }));
        return segments;
    }

    private static Command Kind(
        string name, string description, SegmentationKind kind, Option[] extra, Action<ParseResult, SegmentCustomersRequest> configure)
    {
        var segment = new Option<string>("--segment") { Description = "Only customers of this segment." };
        var channelFilter = new Option<string>("--channel") { Description = "Only customers acquired through this channel." };
        var asOf = CliInputs.DateOption("--as-of", "The as-of date; default now.");
        var command = new Command(name, description + " With --json: one SegmentCustomersResponse per page, one per line.")
        {
            segment, channelFilter, asOf, Paging.PageSize, Paging.PageToken, Paging.All,
        };
        foreach (var option in extra)
        {
            command.Add(option);
        }

        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var request = new SegmentCustomersRequest
            {
                Kind = kind,
                AsOf = p.GetValue(asOf),
                Filter = new CustomerFilter
                {
                    Segment = p.GetValue(segment) ?? string.Empty,
                    Channel = p.GetValue(channelFilter) ?? string.Empty,
                },
                PageSize = p.GetValue(Paging.PageSize),
            };
            configure(p, request);
            using var channel = context.OpenChannel();
            var client = new MetricsService.MetricsServiceClient(channel);
            SegmentCustomersResponse? last = null;
            var thresholdsShown = false;
            await Paging.ForEachPageAsync(
                context,
                async token =>
                {
                    request.PageToken = token;
                    var page = await client.SegmentCustomersAsync(request, cancellationToken: ct);
                    last = page;
                    return (page, page.Customers.Count, page.NextPageToken);
                },
                page =>
                {
                    if (kind == SegmentationKind.ClvTiers && !thresholdsShown)
                    {
                        context.Console.WriteLine(MetricViews.TierThresholds(request.TierQuantiles.Count > 0 ? [.. request.TierQuantiles] : [0.5, 0.8, 0.95], page.TierThresholds));
                        thresholdsShown = true;
                    }

                    MetricViews.PrintSegments(context.Console, page, kind);
                },
                "customers shown");
            if (!context.Console.Json && last is not null)
            {
                context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{last.TotalSize} customers in the result"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Quality()
    {
        var sample = new Option<int>("--sample")
        {
            Description = "Sample ids per finding, 1–100 (0: the server's default, 10).",
            HelpName = "N",
            Validators = { result => { if (result.GetValueOrDefault<int>() < 0) { result.AddError("--sample must not be negative"); } } },
        };
        var asOf = CliInputs.DateOption("--as-of", "The as-of date for the \"future\" checks; default now.");
        var command = new Command("quality", "Data-quality findings over the stored data and the ingest history (GetDataQualityReport).") { sample, asOf };
        CommandAction.Set(command, async (context, ct) =>
        {
            var request = new GetDataQualityReportRequest
            {
                SampleSize = context.ParseResult.GetValue(sample),
                AsOf = context.ParseResult.GetValue(asOf),
            };
            using var channel = context.OpenChannel();
            var response = await new MetricsService.MetricsServiceClient(channel).GetDataQualityReportAsync(request, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
            }
            else
            {
                MetricViews.PrintQuality(context.Console, response);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

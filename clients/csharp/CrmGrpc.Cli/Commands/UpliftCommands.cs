using System.CommandLine;
using CrmGrpc.Cli.Import;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Commands;

/// <summary>
/// <c>crm uplift CHANGE_ID --metric …</c> (MeasureUplift), and <c>crm changes record|list</c> for the CRM
/// changes whose uplift is measured.
/// </summary>
internal static class UpliftCommands
{
    /// <summary>The --metric words and the UpliftMetric each stands for.</summary>
    public static IReadOnlyDictionary<string, UpliftMetric> MetricWords { get; } = new Dictionary<string, UpliftMetric>(StringComparer.OrdinalIgnoreCase)
    {
        ["revenue"] = UpliftMetric.RevenuePerCustomer,
        ["frequency"] = UpliftMetric.PurchaseFrequency,
        ["repeat-rate"] = UpliftMetric.RepeatPurchaseRate,
        ["clv"] = UpliftMetric.HistoricalClv,
    };

    /// <summary>A --metric word, or an UpliftMetric proto name (UPLIFT_METRIC_REVENUE_PER_CUSTOMER).</summary>
    public static bool TryParseMetric(string text, out UpliftMetric metric)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (MetricWords.TryGetValue(trimmed, out metric))
        {
            return true;
        }

        metric = System.Enum.GetValues<UpliftMetric>()
            .FirstOrDefault(m => m != UpliftMetric.Unspecified && string.Equals(ProtoEnum.Name(m), trimmed, StringComparison.OrdinalIgnoreCase));
        return metric != UpliftMetric.Unspecified;
    }

    public static Command Uplift()
    {
        var changeId = new Argument<string>("change-id") { Description = "The recorded CRM change (crm changes list).", HelpName = "CHANGE_ID" };
        var metric = new Option<UpliftMetric>("--metric")
        {
            Description = "The metric: revenue (net revenue per customer), frequency (purchases per customer), repeat-rate (share with 2+ purchases), clv (historical CLV per customer).",
            HelpName = "revenue|frequency|repeat-rate|clv",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                if (TryParseMetric(text, out var value))
                {
                    return value;
                }

                result.AddError($"--metric: '{text}' is not one of revenue|frequency|repeat-rate|clv");
                return UpliftMetric.Unspecified;
            },
        };
        var treated = new Option<string>("--treated") { Description = "The treated segment; default the change's treated segment (or customers).", HelpName = "SEGMENT" };
        var treatedIds = CliInputs.IdsOption("--treated-ids", "Explicit treated customers instead of a segment (comma-separated).");
        var control = new Option<string>("--control") { Description = "The control segment, for a difference in differences.", HelpName = "SEGMENT" };
        var controlIds = CliInputs.IdsOption("--control-ids", "Explicit control customers instead of a segment (comma-separated).");
        var windowDays = CliInputs.PositiveIntOption("--window-days", "Days before and after the change's effective date (1–3650); default 90.", "N");
        var baselineStart = CliInputs.DateOption("--baseline-start", "Explicit start of the baseline window (with --post-end, instead of --window-days).");
        var postEnd = CliInputs.DateOption("--post-end", "Explicit end of the post window (exclusive).");
        var samples = CliInputs.PositiveIntOption("--samples", "Bootstrap resamples (100–100000); default 2000.", "N");
        var seed = new Option<long>("--seed") { Description = "Seed of the bootstrap: the same request gives the same answer.", HelpName = "N" };
        var breakdown = new Option<bool>("--breakdown") { Description = "Also break the result down by segment and channel." };
        var command = new Command("uplift", "Did a CRM change work? A metric before and after the change, treated vs control, with 95% bootstrap intervals (MeasureUplift).")
        {
            changeId, metric, treated, treatedIds, control, controlIds, windowDays, baselineStart, postEnd, samples, seed, breakdown,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var request = new MeasureUpliftRequest
            {
                ChangeId = p.GetRequiredValue(changeId),
                Metric = p.GetValue(metric),
                TreatedSegment = p.GetValue(treated) ?? string.Empty,
                ControlSegment = p.GetValue(control) ?? string.Empty,
                WindowDays = p.GetValue(windowDays),
                BaselineStart = p.GetValue(baselineStart),
                PostEnd = p.GetValue(postEnd),
                BootstrapSamples = p.GetValue(samples),
                Seed = p.GetValue(seed),
                Breakdown = p.GetValue(breakdown),
            };
            request.TreatedCustomerIds.AddRange(p.GetValue(treatedIds) ?? []);
            request.ControlCustomerIds.AddRange(p.GetValue(controlIds) ?? []);
            using var channel = context.OpenChannel();
            var response = await new UpliftService.UpliftServiceClient(channel).MeasureUpliftAsync(request, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
            }
            else
            {
                UpliftView.Print(context.Console, response, ProtoEnum.Short(request.Metric, "UPLIFT_METRIC_").ToLowerInvariant().Replace('_', ' '));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Changes()
    {
        var changes = new Command("changes", "Record and list the CRM changes whose uplift `crm uplift` measures.");
        changes.Add(Record());
        changes.Add(List());
        return changes;
    }

    private static Command Record()
    {
        var id = new Argument<string>("id") { Description = "The change's id (the idempotency key)." };
        var name = new Option<string>("--name") { Description = "Short name.", Required = true };
        var effective = CliInputs.DateOption("--effective", "When the change took effect.", required: true);
        var description = new Option<string>("--description") { Description = "What changed." };
        var segment = new Option<string>("--treated-segment") { Description = "The segment the change applied to.", HelpName = "SEGMENT" };
        var ids = CliInputs.IdsOption("--treated-ids", "The customers the change applied to, when not a whole segment (comma-separated).");
        var command = new Command("record", "Record a CRM change (RecordCrmChange); the same change again is a no-op.")
        {
            id, name, effective, description, segment, ids,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var change = new CrmChange
            {
                Id = p.GetRequiredValue(id),
                Name = p.GetRequiredValue(name),
                EffectiveAt = p.GetRequiredValue(effective),
                Description = p.GetValue(description) ?? string.Empty,
                TreatedSegment = p.GetValue(segment) ?? string.Empty,
            };
            change.TreatedCustomerIds.AddRange(p.GetValue(ids) ?? []);
            using var channel = context.OpenChannel();
            var response = await new EngagementService.EngagementServiceClient(channel)
                .RecordCrmChangeAsync(new RecordCrmChangeRequest { Change = change }, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response.Change ?? change));
            }
            else
            {
                ResourceViews.PrintChanges(context.Console, [response.Change ?? change]);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List CRM changes by effective date (with --json: one ListCrmChangesResponse per page, one per line).")
        {
            Paging.PageSize, Paging.PageToken, Paging.All,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            using var channel = context.OpenChannel();
            var client = new EngagementService.EngagementServiceClient(channel);
            var request = new ListCrmChangesRequest { PageSize = context.ParseResult.GetValue(Paging.PageSize) };
            await Paging.ForEachPageAsync(
                context,
                async token =>
                {
                    request.PageToken = token;
                    var page = await client.ListCrmChangesAsync(request, cancellationToken: ct);
                    return (page, page.Changes.Count, page.NextPageToken);
                },
                page => ResourceViews.PrintChanges(context.Console, page.Changes),
                "changes");
            return ExitCodes.Ok;
        });
        return command;
    }
}

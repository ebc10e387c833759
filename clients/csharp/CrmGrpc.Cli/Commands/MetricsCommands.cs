using System.CommandLine;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Commands;

/// <summary>
/// <c>crm clv</c> (the what-if calculator) and <c>crm metrics portfolio|series|cohorts</c> (the book's
/// descriptive metrics over a half-open period).
/// </summary>
internal static class MetricsCommands
{
    public static Command Clv()
    {
        var apv = new Option<double>("--apv") { Description = "Average purchase value, major units.", HelpName = "N", Required = true };
        var perYear = new Option<double>("--per-year") { Description = "Purchases per customer per year.", HelpName = "N", Required = true };
        var lifespan = new Option<double?>("--lifespan") { Description = "Expected customer lifespan in years (CLV = APV × per-year × lifespan × margin).", HelpName = "YEARS" };
        var retention = new Option<double?>("--retention") { Description = "Annual retention rate in [0, 1) (CLV = m × r / (1 + d − r)).", HelpName = "R" };
        var margin = new Option<double?>("--margin") { Description = "Gross margin as a fraction in [0, 1]; default 1.", HelpName = "M" };
        var discount = new Option<double?>("--discount") { Description = "Annual discount rate; default 0.", HelpName = "D" };
        var command = new Command("clv", "What-if customer lifetime value from averages (CalculateClv); needs no stored data.")
        {
            apv, perYear, lifespan, retention, margin, discount,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(lifespan) is null) == (result.GetResult(retention) is null))
            {
                result.AddError("give either --lifespan or --retention (one of them)");
            }
        });
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var request = new CalculateClvRequest
            {
                AveragePurchaseValue = p.GetValue(apv),
                PurchasesPerYear = p.GetValue(perYear),
            };
            if (p.GetValue(lifespan) is { } years)
            {
                request.LifespanYears = years;
            }

            if (p.GetValue(retention) is { } rate)
            {
                request.RetentionRate = rate;
            }

            if (p.GetValue(margin) is { } m)
            {
                request.Margin = m;
            }

            if (p.GetValue(discount) is { } d)
            {
                request.AnnualDiscountRate = d;
            }

            using var channel = context.OpenChannel();
            var response = await new MetricsService.MetricsServiceClient(channel).CalculateClvAsync(request, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
            }
            else
            {
                MetricViews.PrintClv(context.Console, response);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Create()
    {
        var metrics = new Command("metrics", "The book's descriptive metrics: a period, a series, cohorts.");
        metrics.Add(Portfolio());
        metrics.Add(Series());
        metrics.Add(Cohorts());
        return metrics;
    }

    private static Option<Google.Protobuf.WellKnownTypes.Timestamp> From(string what) =>
        CliInputs.DateOption("--from", $"Start of the {what} (inclusive): yyyy-MM-dd (midnight UTC) or ISO 8601.", required: true);

    private static Option<Google.Protobuf.WellKnownTypes.Timestamp> To(string what) =>
        CliInputs.DateOption("--to", $"End of the {what} (exclusive): yyyy-MM-dd or ISO 8601.", required: true);

    private static Command Portfolio()
    {
        var from = From("period");
        var to = To("period");
        var groupBy = CliInputs.GroupByOption();
        var inactivityDays = CliInputs.InactivityDaysOption();
        var command = new Command("portfolio", "Every metric over [--from, --to), with the counts behind them and CAC per channel (GetPortfolioMetrics).")
        {
            from, to, groupBy, inactivityDays,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var request = new GetPortfolioMetricsRequest
            {
                Period = new Period { Start = p.GetRequiredValue(from), End = p.GetRequiredValue(to) },
                GroupBy = p.GetValue(groupBy),
                ChurnDefinition = CliInputs.ChurnDefinition(p.GetValue(inactivityDays)),
            };
            using var channel = context.OpenChannel();
            var response = await new MetricsService.MetricsServiceClient(channel).GetPortfolioMetricsAsync(request, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
            }
            else
            {
                PortfolioView.Print(context.Console, response, grouped: request.GroupBy is not null);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Series()
    {
        var from = From("range");
        var to = To("range");
        var every = CliInputs.GranularityOption("--every", "Bucket size: calendar months, quarters or years (UTC).", Granularity.Month, Granularity.Quarter, Granularity.Year);
        var metric = new Option<PortfolioMetric[]>("--metric")
        {
            Description = "A metric by its JSON name (averagePurchaseValue, churnRate, …); repeat it, or list several separated by commas. Default: all.",
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result =>
            {
                var metrics = new List<PortfolioMetric>();
                foreach (var word in result.Tokens.SelectMany(t => CliInputs.SplitList(t.Value)))
                {
                    if (CliInputs.TryParseMetric(word, out var value, out var error))
                    {
                        metrics.Add(value);
                    }
                    else
                    {
                        result.AddError($"--metric: {error}");
                    }
                }

                return [.. metrics];
            },
        };
        var groupBy = CliInputs.GroupByOption();
        var inactivityDays = CliInputs.InactivityDaysOption();
        var command = new Command("series", "Metrics per calendar month, quarter or year over [--from, --to), churn as of each bucket's end (GetMetricSeries).")
        {
            from, to, every, metric, groupBy, inactivityDays,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var wanted = p.GetValue(metric) ?? [];
            var request = new GetMetricSeriesRequest
            {
                Range = new Period { Start = p.GetRequiredValue(from), End = p.GetRequiredValue(to) },
                Granularity = p.GetValue(every),
                GroupBy = p.GetValue(groupBy),
                ChurnDefinition = CliInputs.ChurnDefinition(p.GetValue(inactivityDays)),
            };
            request.Metrics.AddRange(wanted.Distinct());
            using var channel = context.OpenChannel();
            var response = await new MetricsService.MetricsServiceClient(channel).GetMetricSeriesAsync(request, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
            }
            else
            {
                SeriesView.Print(context.Console, response, [.. request.Metrics], grouped: request.GroupBy is not null);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Cohorts()
    {
        var from = From("acquisition range");
        var to = To("acquisition range");
        var every = CliInputs.GranularityOption("--every", "Cohort and period size: calendar months or quarters (UTC).", Granularity.Month, Granularity.Quarter);
        var asOf = CliInputs.DateOption("--as-of", "The last date observed; default now.");
        var revenue = new Option<bool>("--revenue") { Description = "Also show cumulative revenue per customer." };
        var command = new Command("cohorts", "Retention of the customers acquired in [--from, --to), by acquisition cohort and period since (GetCohortRetention).")
        {
            from, to, every, asOf, revenue,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var request = new GetCohortRetentionRequest
            {
                Range = new Period { Start = p.GetRequiredValue(from), End = p.GetRequiredValue(to) },
                Granularity = p.GetValue(every),
                AsOf = p.GetValue(asOf),
            };
            using var channel = context.OpenChannel();
            var response = await new MetricsService.MetricsServiceClient(channel).GetCohortRetentionAsync(request, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
            }
            else
            {
                CohortMatrix.Print(context.Console, response, request.Granularity, p.GetValue(revenue));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

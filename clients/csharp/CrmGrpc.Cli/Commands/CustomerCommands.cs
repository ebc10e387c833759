using System.CommandLine;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Commands;

/// <summary>
/// <c>crm customers get ID</c>, <c>crm customers list [--segment S] [--channel C] [--page-size N] [--all]</c>,
/// <c>crm customers metrics ID [--model ID] [--horizon N] [--as-of DATE]</c>, <c>crm customers delete ID</c>
/// (also spelt <c>crm customer …</c>).
/// </summary>
internal static class CustomerCommands
{
    public static Command Create()
    {
        var customers = new Command("customers", "Read customers and their metrics; erase a customer.");
        customers.Aliases.Add("customer");
        customers.Add(Get());
        customers.Add(List());
        customers.Add(Metrics());
        customers.Add(Delete());
        return customers;
    }

    private static Command Get()
    {
        var id = new Argument<string>("id") { Description = "The customer's id." };
        var command = new Command("get", "Show one customer.") { id };
        CommandAction.Set(command, async (context, ct) =>
        {
            using var channel = context.OpenChannel();
            var client = new CustomerService.CustomerServiceClient(channel);
            var response = await client.GetCustomerAsync(new GetCustomerRequest { Id = context.ParseResult.GetRequiredValue(id) }, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response.Customer ?? new Customer()));
            }
            else
            {
                ResourceViews.PrintCustomer(context.Console, response.Customer ?? new Customer());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete()
    {
        var id = new Argument<string>("id") { Description = "The customer's id." };
        var command = new Command(
            "delete",
            "Erase one customer and every row that refers to it (transactions, surveys, support, activity, stored results); prints what was erased. Not undoable.")
        {
            id,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            using var channel = context.OpenChannel();
            var client = new CustomerService.CustomerServiceClient(channel);
            var response = await client.DeleteCustomerAsync(new DeleteCustomerRequest { Id = context.ParseResult.GetRequiredValue(id) }, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
            }
            else
            {
                ResourceViews.PrintErasure(context.Console, response);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var segment = new Option<string>("--segment") { Description = "Only customers of this segment." };
        var channelFilter = new Option<string>("--channel") { Description = "Only customers acquired through this channel." };
        var command = new Command("list", "List customers ordered by id (with --json: one ListCustomersResponse per page, one per line).")
        {
            segment,
            channelFilter,
            Paging.PageSize,
            Paging.PageToken,
            Paging.All,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            using var channel = context.OpenChannel();
            var client = new CustomerService.CustomerServiceClient(channel);
            var request = new ListCustomersRequest
            {
                Segment = context.ParseResult.GetValue(segment) ?? string.Empty,
                Channel = context.ParseResult.GetValue(channelFilter) ?? string.Empty,
                PageSize = context.ParseResult.GetValue(Paging.PageSize),
            };
            await Paging.ForEachPageAsync(
                context,
                async token =>
                {
                    request.PageToken = token;
                    var page = await client.ListCustomersAsync(request, cancellationToken: ct);
                    return (page, page.Customers.Count, page.NextPageToken);
                },
                page => ResourceViews.PrintCustomers(context.Console, page.Customers),
                "customers");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Metrics()
    {
        var id = new Argument<string>("id") { Description = "The customer's id." };
        var model = new Option<string>("--model") { Description = "The fitted model to predict with; default the latest.", HelpName = "ID" };
        var horizon = CliInputs.NumberOption("--horizon", "Prediction horizon in the model's time unit; default 52 weeks (or 365 days).", "N");
        var asOf = CliInputs.DateOption("--as-of", "The as-of date; default the model's calibration end.");
        var discount = CliInputs.NumberOption("--discount", "Monthly discount rate of predictive CLV; default 0.01.", "R");
        var margin = CliInputs.NumberOption("--margin", "Margin applied to predicted spend, in [0, 1]; default 1.", "M");
        var inactivityDays = CliInputs.InactivityDaysOption();
        var command = new Command("metrics", "One customer's historical and predictive CLV, P(alive), expected purchases, RFM, health and churn (GetCustomerMetrics).")
        {
            id, model, horizon, asOf, discount, margin, inactivityDays,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var request = new GetCustomerMetricsRequest
            {
                CustomerId = p.GetRequiredValue(id),
                ModelId = p.GetValue(model) ?? string.Empty,
                AsOf = p.GetValue(asOf),
                ChurnDefinition = CliInputs.ChurnDefinition(p.GetValue(inactivityDays)),
            };
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

            using var channel = context.OpenChannel();
            var response = await new MetricsService.MetricsServiceClient(channel).GetCustomerMetricsAsync(request, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
            }
            else
            {
                MetricViews.PrintCustomerMetrics(context.Console, response);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

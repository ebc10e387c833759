using System.CommandLine;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Commands;

/// <summary><c>crm customers get ID</c>, <c>crm customers list [--segment S] [--channel C] [--page-size N] [--all]</c>.</summary>
internal static class CustomerCommands
{
    public static Command Create()
    {
        var customers = new Command("customers", "Read customers.");
        customers.Add(Get());
        customers.Add(List());
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
}

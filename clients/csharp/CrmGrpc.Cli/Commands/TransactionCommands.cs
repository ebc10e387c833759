using System.CommandLine;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Commands;

/// <summary><c>crm transactions list [--customer ID] [--page-size N] [--all]</c>.</summary>
internal static class TransactionCommands
{
    public static Command Create()
    {
        var transactions = new Command("transactions", "Read transactions.");
        transactions.Add(List());
        return transactions;
    }

    private static Command List()
    {
        var customer = new Option<string>("--customer") { Description = "Only this customer's transactions.", HelpName = "ID" };
        var command = new Command("list", "List transactions ordered by time then id (with --json: one ListTransactionsResponse per page, one per line).")
        {
            customer,
            Paging.PageSize,
            Paging.PageToken,
            Paging.All,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            using var channel = context.OpenChannel();
            var client = new TransactionService.TransactionServiceClient(channel);
            var request = new ListTransactionsRequest
            {
                CustomerId = context.ParseResult.GetValue(customer) ?? string.Empty,
                PageSize = context.ParseResult.GetValue(Paging.PageSize),
            };
            await Paging.ForEachPageAsync(
                context,
                async token =>
                {
                    request.PageToken = token;
                    var page = await client.ListTransactionsAsync(request, cancellationToken: ct);
                    return (page, page.Transactions.Count, page.NextPageToken);
                },
                page => ResourceViews.PrintTransactions(context.Console, page.Transactions),
                "transactions");
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using CrmGrpc.Cli.Output;
using Google.Protobuf;

namespace CrmGrpc.Cli.Commands;

/// <summary>The page options of list commands and the loop that follows <c>next_page_token</c>.</summary>
internal static class Paging
{
    public static readonly Option<int> PageSize = new("--page-size")
    {
        Description = "Items per page (0: the server's default).",
        HelpName = "N",
        Validators = { result => { if (result.GetValueOrDefault<int>() < 0) { result.AddError("--page-size must not be negative"); } } },
    };

    public static readonly Option<string> PageToken = new("--page-token")
    {
        Description = "Start at this next_page_token of an earlier list with the same filters.",
        HelpName = "TOKEN",
    };

    public static readonly Option<bool> All = new("--all")
    {
        Description = "Follow next_page_token through every page.",
    };

    /// <summary>
    /// Fetches the first page (every page with --all) and prints each as it comes: a table, or one JSON
    /// document per page. Without --all, a remaining next_page_token is shown.
    /// </summary>
    public static async Task ForEachPageAsync<TPage>(
        CommandContext context,
        Func<string, Task<(TPage Page, int Count, string NextPageToken)>> fetch,
        Action<TPage> printTable,
        string noun)
        where TPage : IMessage
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(printTable);
        var console = context.Console;
        var all = context.ParseResult.GetValue(All);
        var token = context.ParseResult.GetValue(PageToken) ?? string.Empty;
        long total = 0;
        do
        {
            var (page, count, next) = await fetch(token);
            total += count;
            if (console.Json)
            {
                console.WriteJson(Json.Format(page));
            }
            else if (count > 0)
            {
                printTable(page);
            }

            token = next;
        }
        while (all && token.Length > 0);

        if (!console.Json)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total} {noun}"));
            if (token.Length > 0)
            {
                console.WriteLine($"more: --page-token {token} (or --all)");
            }
        }
    }
}

using System.Globalization;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>Tables of customers, transactions and CRM changes.</summary>
internal static class ResourceViews
{
    public static void PrintCustomer(CliConsole console, Customer customer)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(customer);
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
        Row("id", customer.Id);
        Row("name", customer.Name);
        Row("email", customer.Email);
        Row("segment", customer.Segment);
        Row("channel", customer.Channel);
        Row("acquired_at", Timestamps.Format(customer.AcquiredAt));
        Row("churned_at", Timestamps.Format(customer.ChurnedAt));
        Row("attributes", Attributes(customer));
        Row("create_time", Timestamps.Format(customer.CreateTime));
        Row("update_time", Timestamps.Format(customer.UpdateTime));
        console.Out.Write(grid);
    }

    /// <summary>What DeleteCustomer erased: the id, then the rows erased per kind.</summary>
    public static void PrintErasure(CliConsole console, DeleteCustomerResponse erased)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(erased);
        console.Out.WriteLine($"erased customer {erased.Id}");
        var grid = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned());
        void Row(string name, long rows) =>
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(rows.ToString("N0", CultureInfo.InvariantCulture)));
        Row("transactions", erased.Transactions);
        Row("survey responses", erased.SurveyResponses);
        Row("support interactions", erased.SupportInteractions);
        Row("activity events", erased.ActivityEvents);
        Row("stored run results", erased.RunResults);
        Row("crm changes treating it", erased.CrmChanges);
        Row("rejected import rows", erased.RejectedRows);
        console.Out.Write(grid);
    }

    public static void PrintCustomers(CliConsole console, IReadOnlyCollection<Customer> customers)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(customers);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("id").AddColumn("name").AddColumn("email").AddColumn("segment").AddColumn("channel")
            .AddColumn("acquired_at").AddColumn("churned_at").AddColumn("attributes");
        foreach (var c in customers)
        {
            table.AddRow(Cells(c.Id, c.Name, c.Email, c.Segment, c.Channel, Timestamps.Format(c.AcquiredAt), Timestamps.Format(c.ChurnedAt), Attributes(c)));
        }

        console.Out.Write(table);
    }

    public static void PrintTransactions(CliConsole console, IReadOnlyCollection<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(transactions);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("id").AddColumn("customer_id").AddColumn("occurred_at").AddColumn(new TableColumn("amount").RightAligned())
            .AddColumn("currency").AddColumn("kind").AddColumn("sale_type").AddColumn(new TableColumn("cost").RightAligned())
            .AddColumn("product").AddColumn("category");
        foreach (var t in transactions)
        {
            table.AddRow(Cells(
                t.Id,
                t.CustomerId,
                Timestamps.Format(t.OccurredAt),
                Currencies.FormatMajor(t.AmountMinor, t.Currency),
                t.Currency,
                EnumWord(t.Kind, "TRANSACTION_KIND_"),
                t.SaleType == SaleType.Unspecified ? string.Empty : EnumWord(t.SaleType, "SALE_TYPE_"),
                t.HasCostMinor ? Currencies.FormatMajor(t.CostMinor, t.Currency) : string.Empty,
                t.Product,
                t.Category));
        }

        console.Out.Write(table);
    }

    public static void PrintChanges(CliConsole console, IReadOnlyCollection<CrmChange> changes)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(changes);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("id").AddColumn("name").AddColumn("effective_at").AddColumn("treated_segment").AddColumn("treated_customer_ids").AddColumn("description");
        foreach (var c in changes)
        {
            table.AddRow(Cells(c.Id, c.Name, Timestamps.Format(c.EffectiveAt), c.TreatedSegment, string.Join(",", c.TreatedCustomerIds), c.Description));
        }

        console.Out.Write(table);
    }

    private static Text[] Cells(params string[] values) => [.. values.Select(v => new Text(v))];

    private static string Attributes(Customer customer) =>
        string.Join(";", customer.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    /// <summary>"purchase" for TRANSACTION_KIND_PURCHASE.</summary>
    private static string EnumWord<TEnum>(TEnum value, string prefix)
        where TEnum : struct, System.Enum =>
        ProtoEnum.Short(value, prefix).ToLower(CultureInfo.InvariantCulture);
}

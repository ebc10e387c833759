using System.Globalization;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Infrastructure;

/// <summary>Loads the CDNOW files of ../shared/data through the import RPCs, as a client would.</summary>
public static class Cdnow
{
    public const string SampleFile = "lifetimes__CDNOW_sample.txt";
    public const string MasterFile = "lifetimes__CDNOW_master.txt";

    /// <summary>One purchase line: customer id, UTC date, amount in cents.</summary>
    public sealed record Line(int Number, string CustomerId, DateTime Date, long Cents);

    /// <summary>The sample: master_id sample_id yyyymmdd cds dollars (no header); the sample id is the customer.</summary>
    public static IReadOnlyList<Line> ReadSample() => Read(SampleFile, header: false, customerColumn: 1, dateColumn: 2, dollarsColumn: 4);

    /// <summary>The master file: customer_id yyyymmdd cds dollars, with a header.</summary>
    public static IReadOnlyList<Line> ReadMaster() => Read(MasterFile, header: true, customerColumn: 0, dateColumn: 1, dollarsColumn: 3);

    /// <summary>Imports customers (acquired at their first purchase) then every line as a purchase; returns the transaction summary.</summary>
    public static async Task<ImportTransactionsResponse> LoadAsync(InProcessServer server, IReadOnlyList<Line> lines)
    {
        var customers = lines.GroupBy(l => l.CustomerId).Select(g => new Customer
        {
            Id = g.Key,
            Name = "CDNOW " + g.Key,
            Segment = "cdnow",
            Channel = "unknown",
            AcquiredAt = Timestamp.FromDateTime(g.Min(l => l.Date)),
        });
        await ImportAsync(server.Customers.ImportCustomers(), customers.Chunk(5000).Select(c => new ImportCustomersRequest { Customers = { c } }));
        var transactions = lines.Select(l => new Transaction
        {
            Id = $"cdnow-{l.Number}",
            CustomerId = l.CustomerId,
            OccurredAt = Timestamp.FromDateTime(l.Date),
            AmountMinor = l.Cents,
            Currency = "USD",
            Kind = TransactionKind.Purchase,
        });
        return await ImportAsync(server.Transactions.ImportTransactions(), transactions.Chunk(5000).Select(t => new ImportTransactionsRequest { Transactions = { t } }));
    }

    private static List<Line> Read(string file, bool header, int customerColumn, int dateColumn, int dollarsColumn)
    {
        var path = SharedData.PathOf(file) ?? throw new FileNotFoundException(file);
        return File.ReadLines(path)
            .Skip(header ? 1 : 0)
            .Select((text, index) => (Fields: text.Split(' ', StringSplitOptions.RemoveEmptyEntries), Number: index + 1))
            .Where(l => l.Fields.Length > dollarsColumn)
            .Select(l => new Line(
                l.Number,
                int.Parse(l.Fields[customerColumn], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                DateTime.SpecifyKind(DateTime.ParseExact(l.Fields[dateColumn], "yyyyMMdd", CultureInfo.InvariantCulture), DateTimeKind.Utc),
                (long)Math.Round(decimal.Parse(l.Fields[dollarsColumn], CultureInfo.InvariantCulture) * 100)))
            .ToList();
    }
}

using System.Globalization;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Cli.Import;

/// <summary>One purchase line of a CDNOW file.</summary>
internal sealed record CdnowPurchase(long Line, string CustomerId, DateTimeOffset Date, int Cds, decimal Dollars);

/// <summary>
/// The CDNOW files of the BTYD literature, whitespace separated:
/// the master file (header <c>customer_id date number_of_cds dollar_value</c>, 4 columns) and the 1/10
/// sample (no header, 5 columns: master_id sample_id date cds dollars; the sample id is the customer).
/// The format is taken from the first data line; dates are yyyymmdd.
/// </summary>
internal static class Cdnow
{
    public const string Segment = "cdnow";
    public const string Channel = "unknown";

    /// <summary>Reads the purchase lines lazily; a line that does not parse is a local rejection.</summary>
    public static IEnumerable<RowResult<CdnowPurchase>> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long line = 0;
        int? columns = null;
        while (reader.ReadLine() is { } text)
        {
            line++;
            var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
            {
                continue;
            }

            if (columns is null)
            {
                if (!tokens[0].All(char.IsAsciiDigit))
                {
                    // The master file's header line.
                    continue;
                }

                columns = tokens.Length is 4 or 5 ? tokens.Length : null;
                if (columns is null)
                {
                    yield return Reject(line, string.Empty, $"expected 4 (master) or 5 (sample) columns, found {tokens.Length}");
                    continue;
                }
            }

            yield return Parse(line, tokens, columns.Value);
        }
    }

    /// <summary>
    /// The customers behind the purchases, in order of first appearance, each acquired at its first
    /// purchase date (lines that did not parse are skipped).
    /// </summary>
    public static List<RowResult<Customer>> FirstPurchaseCustomers(IEnumerable<RowResult<CdnowPurchase>> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var customers = new List<RowResult<Customer>>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in purchases)
        {
            if (row.Item is not { } purchase)
            {
                continue;
            }

            if (!byId.TryGetValue(purchase.CustomerId, out var index))
            {
                byId.Add(purchase.CustomerId, customers.Count);
                customers.Add(RowResult<Customer>.Ok(purchase.Line, new Customer
                {
                    Id = purchase.CustomerId,
                    Segment = Segment,
                    Channel = Channel,
                    AcquiredAt = Timestamp.FromDateTimeOffset(purchase.Date),
                }));
            }
            else if (customers[index].Item!.AcquiredAt.ToDateTimeOffset() > purchase.Date)
            {
                customers[index].Item!.AcquiredAt = Timestamp.FromDateTimeOffset(purchase.Date);
            }
        }

        return customers;
    }

    /// <summary>A purchase as a PURCHASE transaction with id <c>cdnow-&lt;line&gt;</c>, dollars rounded to minor units.</summary>
    public static RowResult<Transaction> ToTransaction(RowResult<CdnowPurchase> row, string currency)
    {
        if (row.Item is not { } purchase)
        {
            return RowResult<Transaction>.Rejected(row.Rejection!);
        }

        var id = TransactionId(purchase.Line);
        if (!Currencies.TryToMinor(purchase.Dollars, currency, round: true, out var minor))
        {
            return RowResult<Transaction>.Rejected(new LocalRejection(purchase.Line, id, "dollar_value",
                $"dollar_value {purchase.Dollars} does not fit in minor units"));
        }

        return RowResult<Transaction>.Ok(purchase.Line, new Transaction
        {
            Id = id,
            CustomerId = purchase.CustomerId,
            OccurredAt = Timestamp.FromDateTimeOffset(purchase.Date),
            AmountMinor = minor,
            Currency = currency,
            Kind = TransactionKind.Purchase,
        });
    }

    public static string TransactionId(long line) => "cdnow-" + line.ToString(CultureInfo.InvariantCulture);

    private static RowResult<CdnowPurchase> Parse(long line, string[] tokens, int columns)
    {
        if (tokens.Length != columns)
        {
            return Reject(line, tokens[0], $"expected {columns} columns as in the first line, found {tokens.Length}");
        }

        // Master: customer_id date cds dollars. Sample: master_id sample_id date cds dollars.
        var offset = columns - 4;
        var customerId = tokens[offset];
        if (!Timestamps.TryParseCompactDate(tokens[offset + 1], out var date))
        {
            return Reject(line, customerId, $"date '{tokens[offset + 1]}' is not yyyymmdd");
        }

        if (!int.TryParse(tokens[offset + 2], NumberStyles.None, CultureInfo.InvariantCulture, out var cds))
        {
            return Reject(line, customerId, $"number of CDs '{tokens[offset + 2]}' is not a whole number");
        }

        if (!decimal.TryParse(tokens[offset + 3], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dollars))
        {
            return Reject(line, customerId, $"dollar value '{tokens[offset + 3]}' is not a decimal amount");
        }

        return RowResult<CdnowPurchase>.Ok(line, new CdnowPurchase(line, customerId, date, cds, dollars));
    }

    private static RowResult<CdnowPurchase> Reject(long line, string customerId, string reason) =>
        RowResult<CdnowPurchase>.Rejected(new LocalRejection(line, TransactionId(line), string.Empty,
            customerId.Length > 0 ? $"{reason} (customer {customerId})" : reason));
}

using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Tests;

public class CdnowTests
{
    private const string Master =
        " customer_id  date number_of_cds  dollar_value\n" +
        " 00001 19970101  1   11.77\n" +
        " 00002 19970112  1   12.00\n" +
        " 00002 19970112  5   77.00\n" +
        " 00003 19970102  2   20.76\n" +
        " 00003 19970330  2   0.00\n" +
        " 00002 19970110  1   9.995\n";

    private const string Sample =
        " 00004 0001 19970101  2   29.33\n" +
        " 00004 0001 19970118  2   29.73\n" +
        "\n" +
        " 00021 0002 19970101  3   63.34\n";

    private static List<RowResult<CdnowPurchase>> Read(string text) => [.. Cdnow.Read(new StringReader(text))];

    [Fact]
    public void Master_format_skips_the_header_and_keeps_file_line_numbers()
    {
        var rows = Read(Master);

        Assert.Equal(6, rows.Count);
        var first = rows[0].Item!;
        Assert.Equal(2, first.Line);
        Assert.Equal("00001", first.CustomerId);
        Assert.Equal(new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), first.Date);
        Assert.Equal(1, first.Cds);
        Assert.Equal(11.77m, first.Dollars);
    }

    [Fact]
    public void Sample_format_uses_the_sample_id_as_customer()
    {
        var rows = Read(Sample);

        Assert.Equal(3, rows.Count);
        Assert.Equal(["0001", "0001", "0002"], rows.Select(r => r.Item!.CustomerId));
        Assert.Equal([1L, 2, 4], rows.Select(r => r.Line));
        Assert.Equal(63.34m, rows[2].Item!.Dollars);
    }

    [Fact]
    public void Customers_come_from_their_first_purchase_in_order_of_appearance()
    {
        var customers = Cdnow.FirstPurchaseCustomers(Read(Master));

        Assert.Equal(["00001", "00002", "00003"], customers.Select(c => c.Item!.Id));
        var c2 = customers[1].Item!;
        // 00002's earliest purchase (1997-01-10) comes later in the file than its first line.
        Assert.Equal(new DateTimeOffset(1997, 1, 10, 0, 0, 0, TimeSpan.Zero), c2.AcquiredAt.ToDateTimeOffset());
        Assert.Equal(Cdnow.Segment, c2.Segment);
        Assert.Equal(Cdnow.Channel, c2.Channel);
        Assert.Equal(3, customers[1].Line);
    }

    [Fact]
    public void Sample_customers_are_the_sample_ids()
    {
        var customers = Cdnow.FirstPurchaseCustomers(Read(Sample));

        Assert.Equal(["0001", "0002"], customers.Select(c => c.Item!.Id));
        Assert.Equal(new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), customers[0].Item!.AcquiredAt.ToDateTimeOffset());
    }

    [Fact]
    public void Every_line_becomes_a_purchase_in_cents_with_a_line_id()
    {
        var transactions = Read(Master).Select(r => Cdnow.ToTransaction(r, "USD")).ToList();

        var t = transactions[0].Item!;
        Assert.Equal("cdnow-2", t.Id);
        Assert.Equal("00001", t.CustomerId);
        Assert.Equal(1177, t.AmountMinor);
        Assert.Equal("USD", t.Currency);
        Assert.Equal(TransactionKind.Purchase, t.Kind);
        // Zero dollars are sent: the server rejects them as non-positive.
        Assert.Equal(0, transactions[4].Item!.AmountMinor);
        // Rounded half away from zero.
        Assert.Equal(1000, transactions[5].Item!.AmountMinor);
    }

    [Fact]
    public void Bad_lines_are_rejected_locally_and_reading_goes_on()
    {
        var rows = Read(" customer_id  date number_of_cds  dollar_value\n 00001 1997-01-01 1 11.77\n 00002 19970112 x 12.00\n 00003 19970102 2\n 00004 19970102 2 abc\n 00005 19970102 2 5.00\n");

        Assert.Equal([2L, 3, 4, 5], rows.Where(r => r.Item is null).Select(r => r.Rejection!.Line));
        Assert.Equal("cdnow-2", rows[0].Rejection!.Id);
        Assert.Equal("00005", rows[4].Item!.CustomerId);
        var transaction = Cdnow.ToTransaction(rows[0], "USD");
        Assert.Null(transaction.Item);
        Assert.Equal(2, transaction.Rejection!.Line);
    }

    [Fact]
    public void Reads_the_shared_data_files_when_present()
    {
        var data = Path.Combine(FindSharedData() ?? "", "lifetimes__CDNOW_sample.txt");
        if (!File.Exists(data))
        {
            // The shared data folder is not part of a fresh clone.
            return;
        }

        using var reader = File.OpenText(data);
        var rows = Cdnow.Read(reader).ToList();
        Assert.Equal(6919, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.Item));
        using var again = File.OpenText(data);
        Assert.Equal(2357, Cdnow.FirstPurchaseCustomers(Cdnow.Read(again)).Count);
    }

    private static string? FindSharedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Directory.Exists("/work/shared/data") ? "/work/shared/data" : null;
    }
}

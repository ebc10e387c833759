using CrmGrpc.Cli.Csv;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using static CrmGrpc.Cli.Tests.MapperTestHelpers;

namespace CrmGrpc.Cli.Tests;

public class RowMapperTests
{
    private static Timestamp Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero));

    // ---- customers ----

    private const string CustomerHeader = "id,name,email,segment,channel,acquired_at,churned_at,attributes\n";

    [Fact]
    public void Customer_good_row_maps_every_column()
    {
        var c = Single(CustomerHeader + "c1,\"Doe, Jane\",jane@example.com,enterprise,paid_search,2024-01-15,2024-06-01T12:30:00Z,tier=gold;region=eu\n",
            h => new CustomerRowMapper(h));

        Assert.Equal("c1", c.Id);
        Assert.Equal("Doe, Jane", c.Name);
        Assert.Equal("jane@example.com", c.Email);
        Assert.Equal("enterprise", c.Segment);
        Assert.Equal("paid_search", c.Channel);
        Assert.Equal(Utc(2024, 1, 15), c.AcquiredAt);
        Assert.Equal(Utc(2024, 6, 1, 12, 30), c.ChurnedAt);
        Assert.Equal("gold", c.Attributes["tier"]);
        Assert.Equal("eu", c.Attributes["region"]);
    }

    [Fact]
    public void Customer_optional_columns_may_be_missing_or_empty()
    {
        var c = Single("acquired_at,id\n2024-01-15,c2\n", h => new CustomerRowMapper(h));

        Assert.Equal("c2", c.Id);
        Assert.Null(c.ChurnedAt);
        Assert.Empty(c.Attributes);
        Assert.Equal("", c.Name);
    }

    [Fact]
    public void Customer_missing_required_column_fails_before_any_row()
    {
        var ex = Assert.Throws<CsvSchemaException>(() => MapAll("id,name\nc1,x\n", h => new CustomerRowMapper(h)));

        Assert.Contains("acquired_at", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c1,,,,,15/01/2024,,", "acquired_at")]
    [InlineData("c1,,,,,,,", "acquired_at")]
    [InlineData("c1,,,,,2024-01-15,yesterday,", "churned_at")]
    [InlineData("c1,,,,,2024-01-15,,tier", "attributes")]
    [InlineData("c1,,,,,2024-01-15,,a=1;a=2", "attributes")]
    public void Customer_bad_rows_are_rejected_locally_with_line_and_field(string row, string field)
    {
        var rejection = Rejected(CustomerHeader + row + "\n", h => new CustomerRowMapper(h));

        Assert.Equal(2, rejection.Line);
        Assert.Equal("c1", rejection.Id);
        Assert.Equal(field, rejection.Field);
        Assert.StartsWith(field, rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_rejected_and_the_rest_goes_on()
    {
        var rows = MapAll(CustomerHeader + "c1,a,b\nc2,,,,,2024-01-15,,\n", h => new CustomerRowMapper(h));

        Assert.Equal(2, rows.Count);
        Assert.Null(rows[0].Item);
        Assert.Equal(2, rows[0].Rejection!.Line);
        Assert.Contains("expected 8 fields", rows[0].Rejection!.Reason, StringComparison.Ordinal);
        Assert.Equal("c2", rows[1].Item!.Id);
        Assert.Equal(3, rows[1].Line);
    }

    [Fact]
    public void A_malformed_quoted_record_is_rejected_with_its_line()
    {
        var rows = MapAll(CustomerHeader + "c0,,,,,2024-01-01,,\n\"c1\"x,,,,,2024-01-15,,\nc2,,,,,2024-01-15,,\n", h => new CustomerRowMapper(h));

        Assert.Equal(3, rows[1].Rejection!.Line);
        Assert.Equal("c2", rows[2].Item!.Id);
    }

    // ---- transactions ----

    private const string TransactionHeader = "id,customer_id,occurred_at,amount,currency,kind,sale_type,cost,product,category\n";

    [Fact]
    public void Transaction_good_row_converts_major_units_to_minor()
    {
        var t = Single(TransactionHeader + "t1,c1,2024-03-01T10:15:30Z,19.99,USD,purchase,upsell,7.5,Pro plan,software\n",
            h => new TransactionRowMapper(h));

        Assert.Equal("t1", t.Id);
        Assert.Equal("c1", t.CustomerId);
        Assert.Equal(Utc(2024, 3, 1, 10, 15, 30), t.OccurredAt);
        Assert.Equal(1999, t.AmountMinor);
        Assert.Equal("USD", t.Currency);
        Assert.Equal(TransactionKind.Purchase, t.Kind);
        Assert.Equal(SaleType.Upsell, t.SaleType);
        Assert.True(t.HasCostMinor);
        Assert.Equal(750, t.CostMinor);
        Assert.Equal("Pro plan", t.Product);
        Assert.Equal("software", t.Category);
    }

    [Theory]
    [InlineData("1500", "JPY", 1500)]
    [InlineData("1500", "krw", 1500)]
    [InlineData("12.345", "KWD", 12345)]
    [InlineData("12", "EUR", 1200)]
    [InlineData("0.1", "USD", 10)]
    public void Transaction_amount_uses_the_currency_exponent(string amount, string currency, long minor)
    {
        var t = Single(TransactionHeader + $"t1,c1,2024-03-01,{amount},{currency},refund,,,,\n", h => new TransactionRowMapper(h));

        Assert.Equal(minor, t.AmountMinor);
        Assert.Equal(currency.ToUpperInvariant(), t.Currency);
        Assert.Equal(TransactionKind.Refund, t.Kind);
        Assert.Equal(SaleType.Unspecified, t.SaleType);
        Assert.False(t.HasCostMinor);
    }

    [Fact]
    public void Transaction_amount_minor_column_stands_instead_of_amount()
    {
        var t = Single("id,customer_id,occurred_at,amount_minor,currency,kind\nt1,c1,2024-03-01,250,JPY,TRANSACTION_KIND_PURCHASE\n",
            h => new TransactionRowMapper(h));

        Assert.Equal(250, t.AmountMinor);
        Assert.Equal(TransactionKind.Purchase, t.Kind);
    }

    [Fact]
    public void Transaction_sale_type_words_accept_hyphens_and_case()
    {
        var t = Single(TransactionHeader + "t1,c1,2024-03-01,1,USD,Purchase,Cross-Sell,,,\n", h => new TransactionRowMapper(h));

        Assert.Equal(SaleType.CrossSell, t.SaleType);
    }

    [Fact]
    public void Transaction_without_an_amount_column_is_a_schema_error()
    {
        Assert.Throws<CsvSchemaException>(() =>
            MapAll("id,customer_id,occurred_at,currency,kind\nt1,c1,2024-03-01,USD,purchase\n", h => new TransactionRowMapper(h)));
    }

    [Theory]
    [InlineData("t9,c1,2024-03-01,abc,USD,purchase,,,,", "amount")]
    [InlineData("t9,c1,2024-03-01,1.234,USD,purchase,,,,", "amount")]
    [InlineData("t9,c1,2024-03-01,1.5,JPY,purchase,,,,", "amount")]
    [InlineData("t9,c1,2024-03-01,1,USD,gift,,,,", "kind")]
    [InlineData("t9,c1,2024-03-01,1,USD,,,,,", "kind")]
    [InlineData("t9,c1,2024-03-01,1,USD,purchase,renewal,,,", "sale_type")]
    [InlineData("t9,c1,2024-13-01,1,USD,purchase,,,,", "occurred_at")]
    [InlineData("t9,c1,2024-03-01,1,USD,purchase,,x,,", "cost")]
    public void Transaction_bad_rows_are_rejected_locally(string row, string field)
    {
        var rejection = Rejected(TransactionHeader + row + "\n", h => new TransactionRowMapper(h));

        Assert.Equal(2, rejection.Line);
        Assert.Equal("t9", rejection.Id);
        Assert.Equal(field, rejection.Field);
    }

    [Fact]
    public void Non_positive_amounts_are_left_to_the_server()
    {
        var t = Single(TransactionHeader + "t1,c1,2024-03-01,0,USD,purchase,,,,\n", h => new TransactionRowMapper(h));

        Assert.Equal(0, t.AmountMinor);
    }

    // ---- timestamps ----

    [Theory]
    [InlineData("2024-03-01", 2024, 3, 1, 0, 0, 0)]
    [InlineData("2024-03-01T10:15:30Z", 2024, 3, 1, 10, 15, 30)]
    [InlineData("2024-03-01T10:15:30", 2024, 3, 1, 10, 15, 30)]
    [InlineData("2024-03-01T10:15", 2024, 3, 1, 10, 15, 0)]
    [InlineData("2024-03-01 10:15:30", 2024, 3, 1, 10, 15, 30)]
    [InlineData("2024-03-01T12:15:30+02:00", 2024, 3, 1, 10, 15, 30)]
    [InlineData("2024-03-01T10:15:30.250Z", 2024, 3, 1, 10, 15, 30)]
    public void Timestamps_are_iso_8601_or_dates_in_utc(string text, int y, int mo, int d, int h, int mi, int s)
    {
        Assert.True(Timestamps.TryParse(text, out var timestamp));
        var value = timestamp.ToDateTimeOffset();

        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero), value.AddTicks(-(value.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Theory]
    [InlineData("03/01/2024")]
    [InlineData("2024-3-1")]
    [InlineData("20240301")]
    [InlineData("2024-02-30")]
    [InlineData("soon")]
    public void Other_timestamp_formats_are_refused(string text) => Assert.False(Timestamps.TryParse(text, out _));

    // ---- spend, surveys, tickets, activity ----

    [Fact]
    public void Spend_good_row()
    {
        var s = Single("id,channel,period_start,period_end,amount,currency\ns1,paid_search,2024-01-01,2024-02-01,1234.5,USD\n",
            h => new SpendRowMapper(h));

        Assert.Equal("s1", s.Id);
        Assert.Equal("paid_search", s.Channel);
        Assert.Equal(Utc(2024, 1, 1), s.PeriodStart);
        Assert.Equal(Utc(2024, 2, 1), s.PeriodEnd);
        Assert.Equal(123450, s.AmountMinor);
        Assert.Equal("USD", s.Currency);
    }

    [Fact]
    public void Spend_bad_row_and_missing_column()
    {
        var rejection = Rejected("id,channel,period_start,period_end,amount,currency\ns1,x,2024-01-01,never,5,USD\n", h => new SpendRowMapper(h));
        Assert.Equal("period_end", rejection.Field);

        Assert.Throws<CsvSchemaException>(() => MapAll("id,channel,period_start,amount,currency\n", h => new SpendRowMapper(h)));
    }

    [Fact]
    public void Survey_good_rows_for_each_kind()
    {
        var rows = MapAll("id,customer_id,kind,score,responded_at\nr1,c1,nps,9,2024-05-01\nr2,c1,CSAT,4,2024-05-02\nr3,c1,ces,2,2024-05-03T08:00:00Z\n",
            h => new SurveyRowMapper(h));

        Assert.Equal([SurveyKind.Nps, SurveyKind.Csat, SurveyKind.Ces], rows.Select(r => r.Item!.Kind));
        Assert.Equal(9, rows[0].Item!.Score);
        Assert.Equal("c1", rows[0].Item!.CustomerId);
        Assert.Equal(Utc(2024, 5, 3, 8), rows[2].Item!.RespondedAt);
    }

    [Theory]
    [InlineData("r1,c1,nps,nine,2024-05-01", "score")]
    [InlineData("r1,c1,nps,,2024-05-01", "score")]
    [InlineData("r1,c1,csi,5,2024-05-01", "kind")]
    [InlineData("r1,c1,nps,5,", "responded_at")]
    public void Survey_bad_rows_are_rejected(string row, string field)
    {
        var rejection = Rejected("id,customer_id,kind,score,responded_at\n" + row + "\n", h => new SurveyRowMapper(h));

        Assert.Equal(field, rejection.Field);
        Assert.Equal(2, rejection.Line);
    }

    [Fact]
    public void Ticket_good_row_with_optional_times()
    {
        var rows = MapAll("id,customer_id,opened_at,first_response_at,resolved_at,handle_seconds\n" +
            "k1,c1,2024-05-01T09:00:00Z,2024-05-01T09:30:00Z,2024-05-02,540.5\n" +
            "k2,c1,2024-05-01,,,\n", h => new TicketRowMapper(h));

        var k1 = rows[0].Item!;
        Assert.Equal(Utc(2024, 5, 1, 9, 30), k1.FirstResponseAt);
        Assert.Equal(Utc(2024, 5, 2), k1.ResolvedAt);
        Assert.Equal(540.5, k1.HandleSeconds);
        var k2 = rows[1].Item!;
        Assert.Null(k2.FirstResponseAt);
        Assert.Null(k2.ResolvedAt);
        Assert.Equal(0, k2.HandleSeconds);
    }

    [Fact]
    public void Ticket_bad_handle_time_is_rejected()
    {
        var rejection = Rejected("id,customer_id,opened_at,handle_seconds\nk1,c1,2024-05-01,NaN\n", h => new TicketRowMapper(h));

        Assert.Equal("handle_seconds", rejection.Field);
    }

    [Fact]
    public void Activity_good_and_bad_rows()
    {
        var rows = MapAll("id,customer_id,occurred_at,kind,count\na1,c1,2024-05-01,login,3\na2,c1,2024-05-01,feature_use,\na3,c1,2024-05-01,login,many\n",
            h => new ActivityRowMapper(h));

        Assert.Equal("login", rows[0].Item!.Kind);
        Assert.Equal(3, rows[0].Item!.Count);
        Assert.Equal(0, rows[1].Item!.Count);
        Assert.Equal("count", rows[2].Rejection!.Field);
        Assert.Equal(4, rows[2].Rejection!.Line);
    }

    [Fact]
    public void Unknown_extra_columns_are_ignored()
    {
        var a = Single("note,id,customer_id,occurred_at,kind,whatever\nhello,a1,c1,2024-05-01,login,zzz\n", h => new ActivityRowMapper(h));

        Assert.Equal("a1", a.Id);
        Assert.Equal(0, a.Count);
    }

    // ---- line numbers, quoting and line ends through the mappers ----

    [Fact]
    public void Bad_numbers_are_reported_at_their_line_after_quoted_newlines_and_blank_lines()
    {
        var csv = TransactionHeader
            + "t1,c1,2024-03-01,1.00,USD,purchase,,,\"Pro\nplan\",software\n" // lines 2-3
            + "\n" // line 4, blank
            + "t2,c1,2024-03-01,1.00x,USD,purchase,,,,\n" // line 5
            + "t3,c1,2024-03-01,2.00,USD,purchase,,,\"a, \"\"b\"\"\",\n" // line 6
            + "t4,c1,2024-03-01,2.00,USD,purchase,,abc,,\n"; // line 7

        var rows = MapAll(csv, h => new TransactionRowMapper(h));

        Assert.Equal([2L, 5, 6, 7], rows.Select(r => r.Line));
        Assert.Equal("Pro\nplan", rows[0].Item!.Product);
        Assert.Equal("a, \"b\"", rows[2].Item!.Product);
        Assert.Equal(("amount", "amount '1.00x' is not a decimal amount"), (rows[1].Rejection!.Field, rows[1].Rejection!.Reason));
        Assert.Equal(5, rows[1].Rejection!.Line);
        Assert.Equal("cost", rows[3].Rejection!.Field);
        Assert.Equal(7, rows[3].Rejection!.Line);
    }

    [Fact]
    public void A_bom_and_crlf_line_ends_map_like_plain_text()
    {
        var text = (TransactionHeader + "t1,c1,2024-03-01T10:15:30Z,19.99,usd,refund,,,,\n").Replace("\n", "\r\n", StringComparison.Ordinal);
        using var reader = new CsvRecordReader(new MemoryStream(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(text)).ToArray()));
        var header = CsvHeader.Read(reader);

        var row = Assert.Single(CsvRowSource.Read(reader, header, new TransactionRowMapper(header)));

        Assert.Equal(0, header.IndexOf("id"));
        Assert.Equal(2, row.Line);
        Assert.Equal(("t1", 1999L, "USD", TransactionKind.Refund), (row.Item!.Id, row.Item.AmountMinor, row.Item.Currency, row.Item.Kind));
    }

    [Fact]
    public void Missing_required_columns_are_named_before_any_row()
    {
        var ex = Assert.Throws<CsvSchemaException>(() =>
            MapAll("id,occurred_at,amount,currency\nt1,2024-03-01,1,USD\n", h => new TransactionRowMapper(h)));

        Assert.Contains("customer_id, kind", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_cut_short_by_an_unbalanced_quote_names_its_lines()
    {
        var rows = MapAll(CustomerHeader + "c1,5\" disk,,,,2024-01-15,,\nc2,,,,,2024-01-15,,\nc3,,,,,2024-01-15,,\n", h => new CustomerRowMapper(h));

        var rejection = Assert.Single(rows).Rejection!;
        Assert.Equal(2, rejection.Line);
        Assert.Equal("c1", rejection.Id);
        // The quote never closes: the record runs to the end of the file, and says so.
        Assert.Contains("runs from line 2 to line", rejection.Reason, StringComparison.Ordinal);
        Assert.Contains("unbalanced", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0L)]
    [InlineData("42", 42L)]
    [InlineData(" -7 ", -7L)]
    public void Whole_numbers_are_parsed_from_trimmed_fields(string count, long expected)
    {
        var a = Single($"id,customer_id,occurred_at,kind,count\na1,c1,2024-05-01,login,{count}\n", h => new ActivityRowMapper(h));

        Assert.Equal(expected, a.Count);
    }
}

using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services;

public sealed class TransactionGrpcServiceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TransactionService.TransactionServiceClient Client => fixture.Server.Transactions;

    private async Task<string> NewCustomerAsync()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        await fixture.Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });
        return customer.Id;
    }

    [Fact]
    public async Task Record_is_idempotent_on_the_id_and_a_changed_row_is_already_exists()
    {
        var customerId = await NewCustomerAsync();
        var purchase = Rows.Purchase(Rows.Unique("t"), customerId);
        purchase.CostMinor = 400;

        var first = await Client.RecordTransactionAsync(new RecordTransactionRequest { Transaction = purchase });
        var again = await Client.RecordTransactionAsync(new RecordTransactionRequest { Transaction = purchase });

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(purchase, again.Transaction);
        var changed = purchase.Clone();
        changed.AmountMinor = 999;
        await FailsWith(StatusCode.AlreadyExists, () => Client.RecordTransactionAsync(new RecordTransactionRequest { Transaction = changed }).ResponseAsync);
        var listed = await Client.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = customerId });
        Assert.Equal(purchase, Assert.Single(listed.Transactions));
    }

    [Theory]
    [InlineData("amount_minor")]
    [InlineData("currency")]
    [InlineData("customer_id")]
    [InlineData("occurred_at")]
    [InlineData("kind")]
    public async Task Record_rejects_each_bad_field_by_name(string field)
    {
        var customerId = await NewCustomerAsync();
        var purchase = Rows.Purchase(Rows.Unique("t"), customerId);
        switch (field)
        {
            case "amount_minor": purchase.AmountMinor = 0; break;
            case "currency": purchase.Currency = "EUR"; break;
            case "customer_id": purchase.CustomerId = "no-such-customer"; break;
            case "occurred_at": purchase.OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)); break;
            case "kind": purchase.Kind = TransactionKind.Unspecified; break;
        }

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Client.RecordTransactionAsync(new RecordTransactionRequest { Transaction = purchase }).ResponseAsync);

        Assert.Equal("transaction." + field, Assert.Single(FieldViolations(error)).Field);
    }

    [Fact]
    public async Task Import_keeps_good_rows_counts_duplicates_and_reports_each_bad_row_with_its_reason()
    {
        var customerId = await NewCustomerAsync();
        var prefix = Rows.Unique("t");
        var stored = Rows.Purchase($"{prefix}-0", customerId);
        await Client.RecordTransactionAsync(new RecordTransactionRequest { Transaction = stored });
        var conflicting = stored.Clone();
        conflicting.AmountMinor += 1;
        var refund = Rows.Purchase($"{prefix}-refund", customerId, 500, day: 3);
        refund.Kind = TransactionKind.Refund;
        var zero = Rows.Purchase($"{prefix}-zero", customerId, 0);
        var yen = Rows.Purchase($"{prefix}-yen", customerId);
        yen.Currency = "JPY";
        var stranger = Rows.Purchase($"{prefix}-stranger", "nobody-known");
        var batch1 = new ImportTransactionsRequest { Transactions = { Rows.Purchase($"{prefix}-1", customerId), zero, stored } };
        var batch2 = new ImportTransactionsRequest { Transactions = { yen, conflicting, refund, stranger, Rows.Purchase($"{prefix}-1", customerId) } };

        var summary = await ImportAsync(Client.ImportTransactions(), [batch1, batch2]);

        Assert.Equal(2, summary.Accepted);   // -1, refund
        Assert.Equal(2, summary.Duplicates); // stored, -1 again
        Assert.Equal(4, summary.Rejected);
        Assert.Equal(0, summary.ErrorsOmitted);
        Assert.Equal(
            [
                (1L, $"{prefix}-zero", RejectionCode.BadAmount, "amount_minor"),
                (3L, $"{prefix}-yen", RejectionCode.BadCurrency, "currency"),
                (4L, $"{prefix}-0", RejectionCode.Conflict, "id"),
                (6L, $"{prefix}-stranger", RejectionCode.UnknownCustomer, "customer_id"),
            ],
            summary.Errors.Select(e => (e.Position, e.Id, e.Code, e.Field)));
        Assert.All(summary.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        var listed = await Client.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = customerId });
        Assert.Equal([$"{prefix}-0", $"{prefix}-1", $"{prefix}-refund"], listed.Transactions.Select(t => t.Id));
        Assert.Equal(stored.AmountMinor, listed.Transactions[0].AmountMinor);
    }

    [Fact]
    public async Task Import_rejects_absurd_amounts_and_rows_past_a_64_bit_total_alone_and_keeps_every_other_row()
    {
        var rich = await NewCustomerAsync();
        var other = await NewCustomerAsync();
        var prefix = Rows.Unique("t");
        var absurd = Rows.Purchase($"{prefix}-absurd", rich, long.MaxValue);
        var batch = new ImportTransactionsRequest
        {
            Transactions = { absurd, Rows.Purchase($"{prefix}-other", other, 700) },
        };
        // Before, the row that carried the total past 2^63 − 1 failed the whole message with INTERNAL.
        var max = Domain.Validation.MoneyLimits.MaxAmountMinor;
        var fitting = (int)(long.MaxValue / max);
        var many = Enumerable.Range(0, fitting + 1).Select(i => Rows.Purchase($"{prefix}-max-{i}", rich, max)).ToList();
        var second = new ImportTransactionsRequest { Transactions = { many } };
        second.Transactions.Insert(10, Rows.Purchase($"{prefix}-other-2", other, 300));

        var summary = await ImportAsync(Client.ImportTransactions(), [batch, second]);

        Assert.Equal(1 + fitting + 1, summary.Accepted);
        Assert.Equal(2, summary.Rejected);
        Assert.Equal([($"{prefix}-absurd", RejectionCode.BadAmount, "amount_minor"), ($"{prefix}-max-{fitting}", RejectionCode.BadAmount, "amount_minor")],
            summary.Errors.Select(e => (e.Id, e.Code, e.Field)));
        var others = await Client.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = other });
        Assert.Equal([$"{prefix}-other", $"{prefix}-other-2"], others.Transactions.Select(t => t.Id).Order());
        // The customer goes on buying within the limit.
        var headroom = long.MaxValue - fitting * max;
        var record = await Client.RecordTransactionAsync(new RecordTransactionRequest { Transaction = Rows.Purchase($"{prefix}-last", rich, headroom) });
        Assert.False(record.Duplicate);
        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Client.RecordTransactionAsync(new RecordTransactionRequest { Transaction = Rows.Purchase($"{prefix}-past", rich, 1) }).ResponseAsync);
        Assert.Contains("amount_minor", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_lists_errors_up_to_the_limit_and_counts_the_rest()
    {
        var rows = Enumerable.Range(0, 1005).Select(i => Rows.Purchase(Rows.Unique("bad"), "nobody", amountMinor: -i));
        var summary = await ImportAsync(Client.ImportTransactions(), [new ImportTransactionsRequest { Transactions = { rows } }]);

        Assert.Equal(1005, summary.Rejected);
        Assert.Equal(1000, summary.Errors.Count);
        Assert.Equal(5, summary.ErrorsOmitted);
    }

    [Fact]
    public async Task Import_of_an_empty_stream_is_an_empty_summary()
    {
        var summary = await ImportAsync(Client.ImportTransactions(), Array.Empty<ImportTransactionsRequest>());
        Assert.Equal(new ImportTransactionsResponse(), summary);
    }

    [Fact]
    public async Task List_pages_in_time_order_filters_by_period_and_knows_unknown_customers()
    {
        var customerId = await NewCustomerAsync();
        var prefix = Rows.Unique("t");
        var days = new[] { 5, 1, 3, 2, 4, 1 };
        var batch = new ImportTransactionsRequest();
        for (var i = 0; i < days.Length; i++)
        {
            batch.Transactions.Add(Rows.Purchase($"{prefix}-{i}", customerId, day: days[i]));
        }

        await ImportAsync(Client.ImportTransactions(), [batch]);

        var all = new List<Transaction>();
        var token = "";
        do
        {
            var page = await Client.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = customerId, PageSize = 4, PageToken = token });
            all.AddRange(page.Transactions);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal([$"{prefix}-1", $"{prefix}-5", $"{prefix}-3", $"{prefix}-2", $"{prefix}-4", $"{prefix}-0"], all.Select(t => t.Id));

        var inPeriod = await Client.ListTransactionsAsync(new ListTransactionsRequest
        {
            CustomerId = customerId,
            Period = new Period { Start = Rows.At(2), End = Rows.At(4) },
        });
        Assert.Equal([$"{prefix}-3", $"{prefix}-2"], inPeriod.Transactions.Select(t => t.Id)); // day 4 excluded: half-open

        await FailsWith(StatusCode.NotFound, () => Client.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = "nobody" }).ResponseAsync);
        var inverted = await FailsWith(StatusCode.InvalidArgument, () => Client.ListTransactionsAsync(new ListTransactionsRequest
        {
            Period = new Period { Start = Rows.At(4), End = Rows.At(2) },
        }).ResponseAsync);
        Assert.Equal("period.end", Assert.Single(FieldViolations(inverted)).Field);
    }
}

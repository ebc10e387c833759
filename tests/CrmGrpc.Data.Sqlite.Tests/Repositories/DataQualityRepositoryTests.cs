using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Quality;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

/// <summary>
/// Every check on crafted books written through the Data layer, which stores what the API's validation would
/// reject (churn before acquisition, transactions far in the future).
/// </summary>
public sealed class DataQualityRepositoryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset AsOf = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private TestStore _store = null!;

    private DataQualityRepository Quality => new(_store.Database);

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static DateTimeOffset At(string iso) =>
        DateTimeOffset.Parse(iso.Length == 10 ? iso + "T00:00:00Z" : iso + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private static Customer Customer(string id, string acquired = "2025-01-01", string? churned = null) =>
        Samples.Customer(id) with { AcquiredAt = At(acquired), ChurnedAt = churned is null ? null : At(churned) };

    private static Transaction Purchase(string id, string customer, long amount, DateTimeOffset? at = null) =>
        Samples.Transaction(id, customer, at ?? At("2025-02-01"), amount);

    private static Transaction Refund(string id, string customer, long amount, DateTimeOffset? at = null) =>
        Purchase(id, customer, amount, at) with { Kind = TransactionKind.Refund, SaleType = SaleType.Unspecified };

    private static EarlyRejection BadAmount(string id) => new(id, new FieldViolation("amount_minor", "must be positive", RejectionReason.BadAmount));

    /// <summary>
    /// A book with one flaw of every kind but outliers (every purchase is 10.00, so no amount is above Q3):
    /// c-refund refunds 13.00 of 10.00, c-refund-only refunds with no purchase, c-even refunds exactly what it
    /// bought; t-f1 and t-f2 are after as_of, t-f0 at it; t-b1 is a millisecond before c-early's acquisition,
    /// t-b2 at it; c-churn churned before its acquisition, c-churn-same at it; c-churn, c-churn-same and c-none
    /// have no transaction. The ingest log: unknown customers (a transaction replayed), a conflict, bad amounts
    /// (one without an id), and an exact duplicate, which is not a rejection.
    /// </summary>
    private async Task LoadFlawedBookAsync()
    {
        await _store.Customers.ImportAsync(
            [
                Customer("c-ok"), Customer("c-refund"), Customer("c-even"), Customer("c-refund-only"), Customer("c-future"),
                Customer("c-early", "2025-03-01"), Customer("c-churn", "2025-03-01", "2025-02-01"),
                Customer("c-churn-same", "2025-03-01", "2025-03-01"), Customer("c-none"),
            ],
            [], None);
        await _store.Transactions.ImportAsync(
            [
                Purchase("t-ok1", "c-ok", 10_00),
                Purchase("t-r1", "c-refund", 10_00), Refund("t-r2", "c-refund", 8_00), Refund("t-r3", "c-refund", 5_00),
                Purchase("t-e1", "c-even", 10_00), Refund("t-e2", "c-even", 10_00),
                Refund("t-o1", "c-refund-only", 1_00),
                Purchase("t-f0", "c-future", 10_00, AsOf), Purchase("t-f2", "c-future", 10_00, AsOf.AddMilliseconds(1)),
                Purchase("t-f1", "c-future", 10_00, AsOf.AddDays(30)),
                Purchase("t-b1", "c-early", 10_00, At("2025-02-28T23:59:59.999")), Purchase("t-b2", "c-early", 10_00, At("2025-03-01")),
                Purchase("ghost-2", "ghost", 10_00), Purchase("ghost-1", "ghost", 10_00),
            ],
            [BadAmount("t-bad2"), BadAmount("t-bad1"), BadAmount("")],
            None);
        await _store.Transactions.ImportAsync([Purchase("t-ok1", "c-ok", 10_00), Purchase("ghost-1", "ghost", 10_00)], [], None);
        await _store.Transactions.ImportAsync([Purchase("t-ok1", "c-ok", 99_00)], [], None);
        await _store.Engagement.ImportSurveyResponsesAsync([Samples.Survey("s-ghost", "ghost")], [], None);
    }

    [Fact]
    public async Task Every_check_counts_its_rows_and_samples_the_first_ids()
    {
        await LoadFlawedBookAsync();

        var facts = await Quality.ReadAsync(AsOf, 10, None);

        Assert.Equal(AsOf, facts.AsOf);
        Assert.Equal(new Affected(2, ["c-refund", "c-refund-only"]), facts.RefundsExceedPurchases, AffectedComparer.Instance);
        Assert.Equal(new Affected(2, ["t-f1", "t-f2"]), facts.FutureTransactions, AffectedComparer.Instance);
        Assert.Equal(new Affected(1, ["t-b1"]), facts.TransactionsBeforeAcquisition, AffectedComparer.Instance);
        Assert.Equal(new Affected(1, ["c-churn"]), facts.ChurnBeforeAcquisition, AffectedComparer.Instance);
        Assert.Equal(new Affected(3, ["c-churn", "c-churn-same", "c-none"]), facts.CustomersWithoutTransactions, AffectedComparer.Instance);
        Assert.Equal(new OutlierFence(8, 10_00, 10_00), facts.Fence); // t-ok1 t-r1 t-e1 t-f0 t-f1 t-f2 t-b1 t-b2
        Assert.Equal(0, facts.OutlierAmounts.Count);
    }

    [Fact]
    public async Task Rejections_are_counted_per_code_and_entity_with_distinct_non_empty_ids()
    {
        await LoadFlawedBookAsync();

        var rejections = (await Quality.ReadAsync(AsOf, 10, None)).Rejections;

        Assert.Equal([RejectionReason.UnknownCustomer, RejectionReason.Conflict, RejectionReason.BadAmount], rejections.Select(r => r.Code));
        var unknown = rejections[0];
        Assert.Equal(new Dictionary<string, long> { ["transaction"] = 3, ["survey_response"] = 1 }, unknown.ByEntity); // ghost-1 twice
        Assert.Equal(4, unknown.Count);
        Assert.Equal(["ghost-1", "ghost-2", "s-ghost"], unknown.SampleIds);
        Assert.Equal(1, rejections[1].Count); // the exact duplicate of t-ok1 is not a rejection
        Assert.Equal(["t-ok1"], rejections[1].SampleIds);
        Assert.Equal(3, rejections[2].Count); // the id-less row counts but has no id to show
        Assert.Equal(["t-bad1", "t-bad2"], rejections[2].SampleIds);
    }

    [Fact]
    public async Task The_sample_size_limits_the_ids_not_the_counts()
    {
        await LoadFlawedBookAsync();

        var one = await Quality.ReadAsync(AsOf, 1, None);
        var none = await Quality.ReadAsync(AsOf, 0, None);

        Assert.Equal(new Affected(3, ["c-churn"]), one.CustomersWithoutTransactions, AffectedComparer.Instance);
        Assert.Equal(new Affected(2, ["t-f1"]), one.FutureTransactions, AffectedComparer.Instance);
        Assert.All(one.Rejections, r => Assert.Single(r.SampleIds));
        Assert.Equal("ghost-1", one.Rejections[0].SampleIds[0]);
        Assert.Equal(new Affected(3, []), none.CustomersWithoutTransactions, AffectedComparer.Instance);
        Assert.Equal(new Affected(2, []), none.RefundsExceedPurchases, AffectedComparer.Instance);
        Assert.All(none.Rejections, r => Assert.Empty(r.SampleIds));
        Assert.Equal([4L, 1, 3], none.Rejections.Select(r => r.Count));
    }

    [Fact]
    public async Task As_of_moves_the_future()
    {
        await LoadFlawedBookAsync();

        var later = await Quality.ReadAsync(AsOf.AddDays(30), 10, None);

        Assert.Equal(new Affected(0, []), later.FutureTransactions, AffectedComparer.Instance); // t-f1 is at the new as_of
    }

    /// <summary>
    /// 27 purchases (dollars): a 20 30 40; b 25 35 1000; c 30 31 32 316; f 30 31 32 314; d 400;
    /// e 10 12 … 32 (12 of them). Sorted, rank 6.5 gives Q1 = 20 + .5 × (22 − 20) = 21 and rank 19.5 gives
    /// Q3 = 32 + .5 × (32 − 32) = 32, so the fence is 32 + 3 × 11 = 65. Above it: b's 1000 (3 purchases, median
    /// 35: 1000 > 350), c's 316 (median (31 + 32) / 2 = 31.5: 316 > 315), f's 314 (314 ≤ 315: habitual), d's
    /// 400 (one purchase: the fence decides). a's refund of 5000 is not a purchase.
    /// </summary>
    [Fact]
    public async Task Outliers_are_above_the_book_fence_and_ten_times_the_customers_median()
    {
        await _store.Customers.ImportAsync([Customer("a"), Customer("b"), Customer("c"), Customer("d"), Customer("e"), Customer("f")], [], None);
        var purchases = new List<Transaction>();
        void Buy(string customer, params long[] dollars) =>
            purchases.AddRange(dollars.Select((d, i) => Purchase($"{customer}-{i + 1}", customer, d * 100)));
        Buy("a", 20, 30, 40);
        Buy("b", 25, 35, 1000);
        Buy("c", 30, 31, 32, 316);
        Buy("f", 30, 31, 32, 314);
        Buy("d", 400);
        Buy("e", 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32);
        purchases.Add(Refund("a-refund", "a", 5000_00));
        await _store.Transactions.ImportAsync(purchases, [], None);

        var facts = await Quality.ReadAsync(AsOf, 2, None);

        Assert.Equal(new OutlierFence(27, 21_00, 32_00), facts.Fence);
        Assert.Equal(65_00, facts.Fence!.Fence);
        Assert.Equal(new Affected(3, ["b-3", "c-4"]), facts.OutlierAmounts, AffectedComparer.Instance); // d-1 is the third
        Assert.Equal(["b-3", "c-4", "d-1"], (await Quality.ReadAsync(AsOf, 10, None)).OutlierAmounts.SampleIds);
    }

    [Fact]
    public async Task An_empty_store_has_no_facts()
    {
        var facts = await Quality.ReadAsync(AsOf, 10, None);

        Assert.Empty(facts.Rejections);
        Assert.Null(facts.Fence);
        Assert.All(
            new[] { facts.RefundsExceedPurchases, facts.FutureTransactions, facts.TransactionsBeforeAcquisition, facts.ChurnBeforeAcquisition, facts.CustomersWithoutTransactions, facts.OutlierAmounts },
            a => Assert.Equal(0, a.Count));
    }

    /// <summary>Affected holds a list: compare its count and ids by value.</summary>
    private sealed class AffectedComparer : IEqualityComparer<Affected>
    {
        public static readonly AffectedComparer Instance = new();

        public bool Equals(Affected? x, Affected? y) =>
            x is not null && y is not null && x.Count == y.Count && x.SampleIds.SequenceEqual(y.SampleIds);

        public int GetHashCode(Affected obj) => obj.Count.GetHashCode();
    }
}

using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

/// <summary>
/// The per-customer window sums, on a book with rows on both sides of every boundary. Windows of 10 days around
/// 2024-07-01: baseline [06-21, 07-01) split at 06-26, post [07-01, 07-11).
/// </summary>
public sealed class UpliftRepositoryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset Effective = At("2024-07-01");

    private static readonly UpliftWindows Windows = UpliftWindows.Create(Effective, 10, null, null);

    private TestStore _store = null!;

    private UpliftRepository Uplift => new(_store.Database);

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static DateTimeOffset At(string iso) =>
        DateTimeOffset.Parse(iso.Length == 10 ? iso + "T00:00:00Z" : iso + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private static Customer Customer(string id, string segment = "smb", string channel = "web") =>
        Samples.Customer(id, segment, channel) with { AcquiredAt = At("2023-01-01") };

    private static Transaction Purchase(string id, string customer, string at, long amount) => Samples.Transaction(id, customer, At(at), amount);

    private static Transaction Refund(string id, string customer, string at, long amount) =>
        Purchase(id, customer, at, amount) with { Kind = TransactionKind.Refund, SaleType = SaleType.Unspecified };

    private async Task LoadAsync()
    {
        await _store.Customers.ImportAsync(
            [Customer("a"), Customer("b"), Customer("idle"), Customer("e", "ent", "ads")], [], None);
        await _store.Transactions.ImportAsync(
            [
                Purchase("a-old", "a", "2024-01-15", 70_00),                  // before the baseline: history only
                Purchase("a-prior", "a", "2024-06-20T23:59:59.999", 5_00),    // the last millisecond before the baseline
                Purchase("a-b1", "a", "2024-06-21", 10_00),                   // the baseline's first instant: early half
                Refund("a-r1", "a", "2024-06-25T23:59:59.999", 4_00),          // early half, a refund: −4, not a purchase
                Purchase("a-b2", "a", "2024-06-26", 20_00),                   // the midpoint: late half
                Purchase("a-b3", "a", "2024-06-30T23:59:59.999", 30_00),      // the last baseline millisecond
                Purchase("a-p1", "a", "2024-07-01", 40_00),                   // the change's instant: post
                Refund("a-r2", "a", "2024-07-10T23:59:59.999", 15_00),        // the last post millisecond
                Purchase("a-after", "a", "2024-07-11", 999_00),               // the post end is exclusive
                Purchase("b-p1", "b", "2024-07-05", 25_00),
                Purchase("e-b1", "e", "2024-06-22", 60_00),
            ],
            [],
            None);
    }

    private static void AssertSums(CustomerWindowSums row, WindowSums prior, WindowSums early, WindowSums late, WindowSums post)
    {
        Assert.Equal((prior, early, late, post), (row.Prior, row.Early, row.Late, row.Post));
    }

    [Fact]
    public async Task Window_sums_are_half_open_and_net_of_refunds()
    {
        await LoadAsync();

        var read = await Uplift.ReadAsync("ch", Windows, withHistory: false, GroupSelection.OfSegment("smb"), null, None);

        Assert.Equal(["a", "b", "idle"], read.Treated.Select(r => r.CustomerId).Order(StringComparer.Ordinal));
        var a = read.Treated.Single(r => r.CustomerId == "a");
        AssertSums(a, default, new(2, 1, 10_00 - 4_00), new(2, 2, 20_00 + 30_00), new(2, 1, 40_00 - 15_00));
        Assert.Equal(new WindowSums(4, 3, 56_00), a.Baseline);
        Assert.Equal(("smb", "web", At("2023-01-01")), (a.Segment, a.Channel, a.AcquiredAt));
        AssertSums(read.Treated.Single(r => r.CustomerId == "b"), default, default, default, new(1, 1, 25_00));
        AssertSums(read.Treated.Single(r => r.CustomerId == "idle"), default, default, default, default);   // a member with nothing: zeros
        Assert.Null(read.Control);
    }

    [Fact]
    public async Task With_history_the_part_before_the_baseline_is_summed_too()
    {
        await LoadAsync();

        var read = await Uplift.ReadAsync("ch", Windows, withHistory: true, GroupSelection.OfSegment("smb"), null, None);

        var a = read.Treated.Single(r => r.CustomerId == "a");
        AssertSums(a, new(2, 2, 70_00 + 5_00), new(2, 1, 6_00), new(2, 2, 50_00), new(2, 1, 25_00));
    }

    [Fact]
    public async Task Listed_customers_and_everyone_and_a_control_group()
    {
        await LoadAsync();

        var listed = await Uplift.ReadAsync(
            "ch", Windows, false, GroupSelection.OfCustomers(["e", "b", "e", "nobody"]), GroupSelection.Everyone, None);

        Assert.Equal(["b", "e"], listed.Treated.Select(r => r.CustomerId).Order(StringComparer.Ordinal));
        var e = listed.Treated.Single(r => r.CustomerId == "e");
        Assert.Equal(("ent", "ads", new WindowSums(1, 1, 60_00)), (e.Segment, e.Channel, e.Early));
        Assert.Equal(["a", "b", "e", "idle"], listed.Control!.Select(r => r.CustomerId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_data_range_and_the_other_changes_inside_the_windows()
    {
        await LoadAsync();
        foreach (var (id, at) in new[] { ("ch", Effective), ("before", Windows.BaselineStart.AddMilliseconds(-1)), ("first", Windows.BaselineStart), ("post", At("2024-07-04")), ("at-end", Windows.PostEnd) })
        {
            await _store.Engagement.RecordChangeAsync(Samples.Change(id, at), None);
        }

        var read = await Uplift.ReadAsync("ch", Windows, false, GroupSelection.OfSegment("smb"), null, None);

        Assert.Equal((At("2024-01-15"), At("2024-07-11")), (read.FirstTransaction, read.LastTransaction));
        Assert.Equal([new ChangeMark("first", Windows.BaselineStart), new ChangeMark("post", At("2024-07-04"))], read.OtherChanges);
    }

    [Fact]
    public async Task An_empty_book_reads_empty_groups_and_no_range()
    {
        var read = await Uplift.ReadAsync("ch", Windows, true, GroupSelection.OfSegment("smb"), GroupSelection.OfCustomers(["x"]), None);

        Assert.Empty(read.Treated);
        Assert.Empty(read.Control!);
        Assert.Null(read.FirstTransaction);
        Assert.Null(read.LastTransaction);
        Assert.Empty(read.OtherChanges);
    }
}

using CrmGrpc.Domain.Errors;
using RejectionLog = CrmGrpc.Data.Postgres.Import.RejectionLog;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>Rejected rows cost the database a bounded amount: every one is counted, the latest few are kept, cut to size.</summary>
public sealed class RejectionLogTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private WriteStore _store = null!;

    public async Task InitializeAsync() => _store = await WriteStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static EarlyRejection LongId(int batch, int row) =>
        new($"{batch}-{row}-" + new string('x', 15_700),
            new FieldViolation("id", "id is longer than 128 characters: " + new string('y', 5_000), RejectionReason.InvalidField));

    [Fact]
    public async Task Rejections_are_counted_in_full_but_kept_bounded_and_cut()
    {
        const int batches = 5, rows = 1_500;
        for (var batch = 0; batch < batches; batch++)
        {
            await _store.Transactions.ImportAsync([], Enumerable.Range(0, rows).Select(row => LongId(batch, row)).ToList(), None);
        }

        await _store.Transactions.ImportAsync([], [new EarlyRejection("t-9", new FieldViolation("currency", "'EUR' is not the book's currency USD", RejectionReason.BadCurrency))], None);

        Assert.Equal(batches * rows, await _store.ScalarAsync<long>(
            "SELECT rejected_rows FROM ingest_rejection_counts WHERE entity = 'transaction' AND code = @code", new { code = (int)RejectionReason.InvalidField }));
        Assert.Equal(RejectionLog.KeptPerCode + 1, await _store.CountAsync("ingest_rejections"));
        var kept = (await _store.RejectionsAsync()).Where(r => r.Code == (int)RejectionReason.InvalidField).ToList();
        Assert.All(kept, r =>
        {
            Assert.True(r.RowId.Length <= RejectionLog.MaxStoredIdLength, $"row id of {r.RowId.Length} characters");
            Assert.True(r.Reason.Length <= RejectionLog.MaxStoredReasonLength, $"reason of {r.Reason.Length} characters");
            Assert.EndsWith(" characters)", r.RowId, StringComparison.Ordinal);
        });
        // The latest are kept, in their order: the last 1,000 rows of the last batch.
        Assert.Equal(
            Enumerable.Range(rows - RejectionLog.KeptPerCode, RejectionLog.KeptPerCode).Select(row => $"{batches - 1}-{row}-"),
            kept.Select(r => r.RowId[..r.RowId.IndexOf('x', StringComparison.Ordinal)]));
        Assert.Equal("'EUR' is not the book's currency USD", (await _store.RejectionsAsync())[^1].Reason);
    }

    [Fact]
    public async Task A_rejected_row_with_a_nul_in_its_text_is_logged_with_a_replacement_character()
    {
        await _store.Transactions.ImportAsync([], [new EarlyRejection("t-\0-1", new FieldViolation("id", "id contains control characters"))], None);

        Assert.Equal("t-\uFFFD-1", Assert.Single(await _store.RejectionsAsync()).RowId);
    }
}

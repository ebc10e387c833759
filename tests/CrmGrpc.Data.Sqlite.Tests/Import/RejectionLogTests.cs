using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Data.Sqlite.Tests.Import;

/// <summary>Rejected rows cost the disk a bounded amount: every one is counted, the latest few are kept, cut to size.</summary>
public sealed class RejectionLogTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static EarlyRejection LongId(int batch, int row) =>
        new($"{batch}-{row}-" + new string('x', 15_700),
            new FieldViolation("id", "id is longer than 128 characters: " + new string('y', 5_000), RejectionReason.InvalidField));

    [Fact]
    public async Task Rejections_are_counted_in_full_but_kept_bounded_and_cut()
    {
        const int batches = 5, rows = 1_000;
        for (var batch = 0; batch < batches; batch++)
        {
            await _store.Transactions.ImportAsync([], Enumerable.Range(0, rows).Select(row => LongId(batch, row)).ToList(), None);
        }

        Assert.Equal(batches * rows, await _store.ScalarAsync<long>(
            "SELECT rejected_rows FROM ingest_rejection_counts WHERE entity = 'transaction' AND code = @code", new { code = (int)RejectionReason.InvalidField }));
        Assert.Equal(BatchWriter.KeptRejectionsPerCode, await _store.CountAsync("ingest_rejections"));
        var kept = await _store.RejectionsAsync();
        Assert.All(kept, r =>
        {
            Assert.True(r.RowId.Length <= BatchWriter.MaxStoredIdLength, $"row id of {r.RowId.Length} characters");
            Assert.True(r.Reason.Length <= BatchWriter.MaxStoredReasonLength, $"reason of {r.Reason.Length} characters");
            Assert.EndsWith("characters)", r.RowId, StringComparison.Ordinal);
        });
        // The latest are kept: every kept row comes from the last batch.
        Assert.All(kept, r => Assert.StartsWith($"{batches - 1}-", r.RowId, StringComparison.Ordinal));
        // 5,000 rejected 15.7 KB ids used to add about 88 MB; now the whole file stays small.
        Assert.True(new FileInfo(_store.Path).Length + WalLength() < 16 * 1024 * 1024, $"database {new FileInfo(_store.Path).Length} + WAL {WalLength()} bytes");
    }

    [Fact]
    public async Task Short_rejections_are_stored_as_they_are()
    {
        var rejection = new EarlyRejection("t-9", new FieldViolation("currency", "'EUR' is not the book's currency USD", RejectionReason.BadCurrency));

        await _store.Transactions.ImportAsync([], [rejection], None);

        var stored = Assert.Single(await _store.RejectionsAsync());
        Assert.Equal(("t-9", "currency", "'EUR' is not the book's currency USD"), (stored.RowId, stored.Field, stored.Reason));
    }

    private long WalLength() => File.Exists(_store.Path + "-wal") ? new FileInfo(_store.Path + "-wal").Length : 0;
}

using System.Globalization;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Import;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Errors;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Services;
using CrmGrpc.Server.Telemetry;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Import;

/// <summary>
/// How one kind of row is imported: its id, its mapping and rules, and the store call for a batch; or, for kinds the
/// store loads in bulk, how to open a stream's bulk load (then each message is staged and merged in large units).
/// </summary>
public sealed record ImportDefinition<TProto, TEntity>(
    Func<TProto, string> IdOf,
    Func<TProto, TEntity> ToDomain,
    Func<TEntity, ValidationContext, IReadOnlyList<FieldViolation>> Validate,
    Func<IReadOnlyList<TEntity>, IReadOnlyList<EarlyRejection>, CancellationToken, Task<RowResult[]>> Store,
    Func<CancellationToken, Task<IBulkLoad<TEntity>>>? OpenBulkLoad = null)
    where TProto : IMessage;

/// <summary>
/// The loop behind every Import* RPC. Each streamed message is one batch: its rows are validated one by
/// one (a bad row never rejects the rest), the good ones stored in one transaction, and the summary is
/// returned only after the last batch is durable. While one batch is written the next is read and
/// validated, so network and disk overlap; at most one write is pending, so batches commit in order.
/// A message is never split across transactions.
/// </summary>
public sealed class ImportRunner(IOptions<CrmOptions> options, RequestChecks checks)
{
    /// <summary>
    /// While a write is under way, further messages wait and are then written together, up to this many rows. Since
    /// writes run beside the reading, messages wait on every write: measured at 100k / 1M, 50,000 rows held the
    /// server at 280 MB against 173 MB with 10,000, at the same speed.
    /// </summary>
    public const int MaxCoalescedRows = 10_000;

    public async Task<TResponse> RunAsync<TRequest, TProto, TEntity, TResponse>(
        IAsyncStreamReader<TRequest> requests,
        ImportDefinition<TProto, TEntity> definition,
        TResponse summary,
        CancellationToken cancellationToken)
        where TRequest : IImportRequest<TProto>
        where TProto : IMessage
        where TResponse : IImportResponse
    {
        var kind = CrmMetrics.ImportKind<TProto>();
        using var activity = CrmMetrics.ActivitySource.StartActivity("crm.import");
        activity?.SetTag("crm.import.kind", kind);
        var tally = new Tally(options.Value.MaxReportedErrors, kind);
        if (definition.OpenBulkLoad is { } openBulkLoad)
        {
            await RunBulkAsync(requests, definition, openBulkLoad, tally, activity, cancellationToken);
            tally.CopyTo(summary);
            return summary;
        }

        long position = 0;
        PendingWrite<TProto, TEntity>? writing = null;
        var next = new PendingWrite<TProto, TEntity>();

        long messages = 0;
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                messages++;
                var context = checks.Context();
                foreach (var row in requests.Current.Rows)
                {
                    var entity = definition.ToDomain(row);
                    var violations = WithTimestampRanges(ProtoTime.Violations(row), definition.Validate(entity, context));
                    if (violations.Count == 0)
                    {
                        next.Accept(row, entity, position);
                    }
                    else
                    {
                        var id = definition.IdOf(row);
                        var combined = Combine(violations);
                        tally.Reject(id, position, combined);
                        next.Early.Add(new EarlyRejection(id, combined));
                    }

                    position++;
                }

                // A slow disk lets messages queue up: they then commit together (each message still whole in one
                // transaction), so there are fewer, larger commits exactly when commits are the bottleneck.
                if (writing is null || writing.Results!.IsCompleted || next.Rows.Count >= MaxCoalescedRows)
                {
                    if (writing is not null)
                    {
                        tally.Apply(await writing.Results!, writing, definition.IdOf);
                    }

                    next.Results = StartWrite(definition, next, cancellationToken);
                    (writing, next) = (next, new PendingWrite<TProto, TEntity>());
                }
            }
        }
        catch (UnparseableRequestException unparseable)
        {
            CrmMetrics.Fail(activity, unparseable);
            // The stream ends at a message that did not parse: the messages before it are imported, as if the stream
            // had ended there (those waiting for a write too, so what is kept does not depend on timing), and the
            // call fails with INVALID_ARGUMENT saying which message it was.
            if (writing is not null)
            {
                await writing.Results!;
            }

            if (next.Rows.Count > 0 || next.Early.Count > 0)
            {
                await StartWrite(definition, next, cancellationToken);
            }

            throw Statuses.Unparseable(string.Create(CultureInfo.InvariantCulture,
                $"message {messages + 1} of the stream (the {messages} messages before it, {position} rows, are processed and their valid rows stored): {unparseable.Reason}"));
        }
        catch (Exception failure)
        {
            CrmMetrics.Fail(activity, failure);
            // The stream failed (cancelled, the client gone): a write under way finishes before the failure is
            // reported, so no write outlives its call. Its own outcome no longer reaches the client.
            if (writing?.Results is Task pending)
            {
                await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            throw;
        }

        if (writing is not null)
        {
            tally.Apply(await writing.Results!, writing, definition.IdOf);
        }

        if (next.Rows.Count > 0 || next.Early.Count > 0)
        {
            next.Results = StartWrite(definition, next, cancellationToken);
            tally.Apply(await next.Results, next, definition.IdOf);
        }

        tally.CopyTo(summary);
        return summary;
    }

    /// <summary>Rows of a stream after which its bulk load ends with a full, compacting garbage collection.</summary>
    internal const long LargeLoadRows = 1_000_000;

    /// <summary>
    /// The bulk path: each message is validated and staged (cheap, in any order); the staged rows are merged into the book
    /// whenever the load's unit is full and at the end, each merge one write transaction. The stream goes on being read
    /// and staged into one load while earlier units merge on the other core, one at a time, in stream order; up to
    /// <see cref="UnitsAhead"/> full units wait for or undergo their merge, so staging does not stall behind a slow merge
    /// and memory stays bounded. The summary is returned after the last merge, so everything it counts is durable. A
    /// stream that ends at an unparseable message merges what came before it, as the batch path keeps the messages
    /// before it; a stream that fails otherwise (cancelled, the client gone) waits for the merges under way and drops
    /// what it staged since: none of that was acknowledged.
    /// </summary>
    private async Task RunBulkAsync<TRequest, TProto, TEntity>(
        IAsyncStreamReader<TRequest> requests,
        ImportDefinition<TProto, TEntity> definition,
        Func<CancellationToken, Task<IBulkLoad<TEntity>>> openBulkLoad,
        Tally tally,
        System.Diagnostics.Activity? activity,
        CancellationToken cancellationToken)
        where TRequest : IImportRequest<TProto>
        where TProto : IMessage
    {
        var staging = await openBulkLoad(cancellationToken);
        var spares = new Stack<IBulkLoad<TEntity>>();
        var merges = new Queue<(IBulkLoad<TEntity> Load, Task<MergeResult> Result)>();
        Task<MergeResult>? lastMerge = null;
        long position = 0;
        long messages = 0;
        List<TEntity> entities = [];
        List<long> positions = [];
        List<EarlyRejection> early = [];

        // Hands the staged unit to the merges: after the units before it, on the thread pool.
        async Task QueueMergeAsync()
        {
            // While an earlier unit still merges on the other core, this one is prepared here rather than by its merge.
            if (lastMerge is { IsCompleted: false })
            {
                staging.Prepare();
            }

            while (merges.Count >= UnitsAhead)
            {
                var (load, result) = merges.Dequeue();
                spares.Push(load);
                tally.Apply(await result);
            }

            lastMerge = MergeAfter(lastMerge, staging, cancellationToken);
            merges.Enqueue((staging, lastMerge));
        }

        async Task DrainAsync()
        {
            while (merges.TryDequeue(out var merge))
            {
                spares.Push(merge.Load);
                tally.Apply(await merge.Result);
            }
        }

        try
        {
            try
            {
                while (await requests.MoveNext(cancellationToken))
                {
                    messages++;
                    var context = checks.Context();
                    // Stage copies what it keeps, so the lists serve every message.
                    entities.Clear();
                    positions.Clear();
                    early.Clear();
                    foreach (var row in requests.Current.Rows)
                    {
                        var entity = definition.ToDomain(row);
                        var violations = WithTimestampRanges(ProtoTime.Violations(row), definition.Validate(entity, context));
                        if (violations.Count == 0)
                        {
                            entities.Add(entity);
                            positions.Add(position);
                        }
                        else
                        {
                            var id = definition.IdOf(row);
                            var combined = Combine(violations);
                            tally.Reject(id, position, combined);
                            early.Add(new EarlyRejection(id, combined));
                        }

                        position++;
                    }

                    staging.Stage(entities, positions, messages, early);
                    if (staging.IsFull)
                    {
                        await QueueMergeAsync();
                        staging = spares.TryPop(out var spare) ? spare : await openBulkLoad(cancellationToken);
                    }
                }
            }
            catch (UnparseableRequestException unparseable)
            {
                CrmMetrics.Fail(activity, unparseable);
                await QueueMergeAsync();
                await DrainAsync();
                throw Statuses.Unparseable(string.Create(CultureInfo.InvariantCulture,
                    $"message {messages + 1} of the stream (the {messages} messages before it, {position} rows, are processed and their valid rows stored): {unparseable.Reason}"));
            }

            await QueueMergeAsync();
            await DrainAsync();
        }
        catch (Exception failure) when (failure is not UnparseableRequestException)
        {
            CrmMetrics.Fail(activity, failure);
            throw;
        }
        finally
        {
            // No merge outlives its call: those still under way finish (their outcome no longer reaches the client).
            foreach (var (_, result) in merges)
            {
                await ((Task)result).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await DisposeAll([staging, .. spares, .. merges.Select(m => m.Load)]);
            if (position >= LargeLoadRows)
            {
                // A large load leaves hundreds of megabytes of garbage (parsed messages, the loads' look-up tables) that
                // the server GC would otherwise keep committed long after: measured at 1M / 10M, the working set of the
                // recalculation that followed varied from 519 to 607 MB without this. Only after a large load: the
                // collection stops every thread of the process for its length, and a load of a few full small units
                // (Crm:Store:BulkLoad:UnitRows set low) must not pause other callers after every stream.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
        }
    }

    /// <summary>
    /// Full units that may undergo their merge while the stream stages the next: one, so two loads take turns. Two (a
    /// unit waiting while another merges) was no faster at 1M / 10M in time order (252,000 rows/s against 259,000) and
    /// held a third load's memory (working set after the import 577 MB against 483 MB).
    /// </summary>
    private const int UnitsAhead = 1;

    private static async Task DisposeAll<TEntity>(IEnumerable<IBulkLoad<TEntity>> loads)
    {
        // Distinct: a load that failed to be replaced is both the one staging and one merging.
        foreach (var load in loads.Distinct())
        {
            await load.DisposeAsync();
        }
    }

    /// <summary>
    /// A merge on the thread pool (SQLite's work is synchronous, and the request's thread should not block on it), after
    /// the stream's previous merge: merges commit in stream order, and none commits after an earlier one failed.
    /// </summary>
    private static Task<MergeResult> MergeAfter<TEntity>(Task<MergeResult>? previous, IBulkLoad<TEntity> load, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            if (previous is not null)
            {
                await previous;
            }

            return await load.MergeAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Starts a batch's write on the thread pool. The store's writes run synchronously (SQLite has no
    /// asynchronous I/O), so called directly the write would finish before the next message is read: measured,
    /// one thread did all of the import while the other core idled.
    /// </summary>
    private static Task<RowResult[]> StartWrite<TProto, TEntity>(
        ImportDefinition<TProto, TEntity> definition, PendingWrite<TProto, TEntity> batch, CancellationToken cancellationToken)
        where TProto : IMessage =>
        Task.Run(() => definition.Store(batch.Entities, batch.Early, cancellationToken), cancellationToken);

    /// <summary>
    /// A row's timestamps out of Timestamp's range (which the mapping clamped), then the entity's violations of other
    /// fields (a clamped timestamp's own would only repeat it).
    /// </summary>
    private static IReadOnlyList<FieldViolation> WithTimestampRanges(IReadOnlyList<FieldViolation> ranges, IReadOnlyList<FieldViolation> entity) =>
        ranges.Count == 0 ? entity : [.. ranges, .. entity.Where(v => !ranges.Any(r => r.Field == v.Field))];

    /// <summary>All of a row's violations in one import error: the first one's field and code, every reason.</summary>
    private static FieldViolation Combine(IReadOnlyList<FieldViolation> violations) =>
        violations.Count == 1
            ? violations[0]
            : violations[0] with { Description = string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")) };

    /// <summary>The good rows of one or more messages, with their stream positions, and their write once started.</summary>
    private sealed class PendingWrite<TProto, TEntity>
    {
        public List<TProto> Rows { get; } = [];

        public List<TEntity> Entities { get; } = [];

        public List<long> Positions { get; } = [];

        public List<EarlyRejection> Early { get; } = [];

        public Task<RowResult[]>? Results { get; set; }

        public void Accept(TProto row, TEntity entity, long position)
        {
            Rows.Add(row);
            Entities.Add(entity);
            Positions.Add(position);
        }
    }

    private sealed class Tally(int maxErrors, string kind)
    {
        // The errors of the lowest positions, the highest on top: a bulk merge reports its rows after later messages'
        // early rejections were counted, and the summary lists the first errors of the stream whatever the order found.
        private readonly PriorityQueue<ImportError, long> _errors = new(Comparer<long>.Create(static (x, y) => y.CompareTo(x)));
        private long _accepted;
        private long _duplicates;
        private long _rejected;

        public void Reject(string id, long position, FieldViolation violation)
        {
            _rejected++;
            CrmMetrics.RecordRejected(kind, violation.Reason);
            if (maxErrors > 0 && (_errors.Count < maxErrors || (_errors.TryPeek(out _, out var highest) && position < highest)))
            {
                if (_errors.Count == maxErrors)
                {
                    _errors.Dequeue();
                }

                // Bounded whatever the row held: a summary lists up to MaxReportedErrors of these.
                _errors.Enqueue(new ImportError
                {
                    Id = Echo.Clip(id, FieldChecks.MaxIdLength + 1),
                    Position = position,
                    Code = EntityMapper.ToProto(violation.Reason),
                    Field = Echo.Clip(violation.Field, Statuses.MaxFieldChars),
                    Reason = Echo.Clip(violation.Description, Statuses.MaxDescriptionChars),
                }, position);
            }
        }

        public void Apply<TProto, TEntity>(RowResult[] results, PendingWrite<TProto, TEntity> batch, Func<TProto, string> idOf)
        {
            var (accepted, duplicates) = (_accepted, _duplicates);
            for (var i = 0; i < results.Length; i++)
            {
                switch (results[i].Outcome)
                {
                    case RowOutcome.Inserted or RowOutcome.Updated:
                        _accepted++;
                        break;
                    case RowOutcome.Duplicate:
                        _duplicates++;
                        break;
                    default:
                        Reject(idOf(batch.Rows[i]), batch.Positions[i], results[i].Violation!);
                        break;
                }
            }

            // Counted as each batch commits, so rows stored by a stream that fails later are counted too.
            CrmMetrics.RecordImported(kind, _accepted - accepted, _duplicates - duplicates);
        }

        /// <summary>Counts a bulk merge: its inserted rows accepted, its duplicates, and each rejected row.</summary>
        public void Apply(MergeResult merge)
        {
            _accepted += merge.Inserted;
            _duplicates += merge.Duplicates;
            foreach (var row in merge.Rejected)
            {
                Reject(row.Id, row.Position, row.Violation);
            }

            CrmMetrics.RecordImported(kind, merge.Inserted, merge.Duplicates);
        }

        public void CopyTo(IImportResponse summary)
        {
            summary.Accepted = _accepted;
            summary.Duplicates = _duplicates;
            summary.Rejected = _rejected;
            summary.Errors.AddRange(_errors.UnorderedItems.Select(e => e.Element).OrderBy(e => e.Position));
            summary.ErrorsOmitted = _rejected - _errors.Count;
        }
    }
}

using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Import;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Services;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Import;

/// <summary>How one kind of row is imported: its id, its mapping and rules, and the store call for a batch.</summary>
public sealed record ImportDefinition<TProto, TEntity>(
    Func<TProto, string> IdOf,
    Func<TProto, TEntity> ToDomain,
    Func<TEntity, ValidationContext, IReadOnlyList<FieldViolation>> Validate,
    Func<IReadOnlyList<TEntity>, IReadOnlyList<EarlyRejection>, CancellationToken, Task<RowResult[]>> Store);

/// <summary>
/// The loop behind every Import* RPC. Each streamed message is one batch: its rows are validated one by
/// one (a bad row never rejects the rest), the good ones stored in one transaction, and the summary is
/// returned only after the last batch is durable. While one batch is written the next is read and
/// validated, so network and disk overlap; at most one write is pending, so batches commit in order.
/// </summary>
public sealed class ImportRunner(IOptions<CrmOptions> options, RequestChecks checks)
{
    public async Task<TResponse> RunAsync<TRequest, TProto, TEntity, TResponse>(
        IAsyncStreamReader<TRequest> requests,
        ImportDefinition<TProto, TEntity> definition,
        TResponse summary,
        CancellationToken cancellationToken)
        where TRequest : IImportRequest<TProto>
        where TResponse : IImportResponse
    {
        var tally = new Tally(options.Value.MaxReportedErrors);
        long position = 0;
        PendingWrite<TProto>? pending = null;

        while (await requests.MoveNext(cancellationToken))
        {
            var rows = requests.Current.Rows;
            var context = checks.Context();
            var batch = new PendingWrite<TProto>(rows.Count);
            var good = new List<TEntity>(rows.Count);
            var early = new List<EarlyRejection>();
            foreach (var row in rows)
            {
                var entity = definition.ToDomain(row);
                var violations = definition.Validate(entity, context);
                if (violations.Count == 0)
                {
                    good.Add(entity);
                    batch.Accept(row, position);
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

            if (pending is not null)
            {
                tally.Apply(await pending.Results!, pending, definition.IdOf);
            }

            batch.Results = definition.Store(good, early, cancellationToken);
            pending = batch;
        }

        if (pending is not null)
        {
            tally.Apply(await pending.Results!, pending, definition.IdOf);
        }

        tally.CopyTo(summary);
        return summary;
    }

    /// <summary>All of a row's violations in one import error: the first one's field and code, every reason.</summary>
    private static FieldViolation Combine(IReadOnlyList<FieldViolation> violations) =>
        violations.Count == 1
            ? violations[0]
            : violations[0] with { Description = string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")) };

    /// <summary>The good rows of one batch, with their stream positions, and the write under way.</summary>
    private sealed class PendingWrite<TProto>(int capacity)
    {
        public List<TProto> Rows { get; } = new(capacity);

        public List<long> Positions { get; } = new(capacity);

        public Task<RowResult[]>? Results { get; set; }

        public void Accept(TProto row, long position)
        {
            Rows.Add(row);
            Positions.Add(position);
        }
    }

    private sealed class Tally(int maxErrors)
    {
        private readonly List<ImportError> _errors = [];
        private long _accepted;
        private long _duplicates;
        private long _rejected;

        public void Reject(string id, long position, FieldViolation violation)
        {
            _rejected++;
            if (_errors.Count < maxErrors)
            {
                _errors.Add(new ImportError
                {
                    Id = id,
                    Position = position,
                    Code = EntityMapper.ToProto(violation.Reason),
                    Field = violation.Field,
                    Reason = violation.Description,
                });
            }
        }

        public void Apply<TProto>(RowResult[] results, PendingWrite<TProto> batch, Func<TProto, string> idOf)
        {
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
        }

        public void CopyTo(IImportResponse summary)
        {
            summary.Accepted = _accepted;
            summary.Duplicates = _duplicates;
            summary.Rejected = _rejected;
            summary.Errors.AddRange(_errors.OrderBy(e => e.Position));
            summary.ErrorsOmitted = _rejected - _errors.Count;
        }
    }
}

using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Import;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Import;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Services;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Tests.Import;

public sealed class ImportRunnerTests
{
    [Fact]
    public async Task A_stream_that_fails_reports_it_only_after_the_write_under_way_has_finished()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new CrmOptions());
        var runner = new ImportRunner(options, new RequestChecks(options, TimeProvider.System));
        var write = new TaskCompletionSource<RowResult[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new ImportDefinition<Transaction, Domain.Entities.Transaction>(
            t => t.Id, EntityMapper.ToDomain, EntityRules.Check, (_, _, _) => write.Task);
        // One message (its empty row is rejected by validation, and the rejection is written), then a broken stream.
        var requests = new FailingAfterFirst(new ImportTransactionsRequest { Transactions = { new Transaction() } });

        var run = runner.RunAsync(requests, definition, new ImportTransactionsResponse(), CancellationToken.None);
        await Task.Delay(200);

        Assert.True(requests.Failed);
        Assert.False(run.IsCompleted);
        write.SetResult([]);
        await Assert.ThrowsAsync<IOException>(() => run);
    }

    private sealed class FailingAfterFirst(ImportTransactionsRequest first) : IAsyncStreamReader<ImportTransactionsRequest>
    {
        private bool _read;

        public bool Failed { get; private set; }

        public ImportTransactionsRequest Current => first;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!_read)
            {
                _read = true;
                return Task.FromResult(true);
            }

            Failed = true;
            return Task.FromException<bool>(new IOException("the client went away"));
        }
    }
}

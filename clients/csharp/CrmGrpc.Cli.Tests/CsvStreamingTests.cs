using System.Globalization;
using System.Text;
using CrmGrpc.Cli.Csv;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Tests;

/// <summary>A large generated file through the whole client path (Sep, mapper, runner): rows, lines and read-ahead, never time.</summary>
public sealed class CsvStreamingTests : IDisposable
{
    private const int Rows = 200_000;
    private const int BatchSize = 1_000;

    /// <summary>Every this many rows the product is quoted over two lines.</summary>
    private const int MultiLineEvery = 10_000;

    private readonly string path = Path.Combine(Path.GetTempPath(), $"crm-stream-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(path);

    /// <summary>Writes the file; returns the line of the last row.</summary>
    private long WriteFile()
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        writer.NewLine = "\r\n";
        writer.WriteLine("id,customer_id,occurred_at,amount,currency,kind,sale_type,cost,product,category");
        long line = 2;
        long lastRowLine = 0;
        for (var i = 0; i < Rows; i++)
        {
            lastRowLine = line;
            var product = i % MultiLineEvery == 0 ? "\"Pro\r\nplan\"" : "Pro plan";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"t{i},c{i % 5_000},2024-03-{1 + (i % 28):00}T10:15:30Z,{i % 1000}.25,USD,purchase,repeat,1.5,{product},software"));
            line += i % MultiLineEvery == 0 ? 2 : 1;
        }

        return lastRowLine;
    }

    [Fact]
    public async Task A_large_file_streams_every_row_with_the_reader_a_few_batches_ahead_at_most()
    {
        var lastRowLine = WriteFile();
        long pulled = 0;
        var sink = new ImportRunnerTests.SlowCountingSink(() => Interlocked.Read(ref pulled));

        ImportOutcome outcome;
        using (var reader = new CsvRecordReader(File.OpenRead(path)))
        {
            var header = CsvHeader.Read(reader);
            var rows = CsvRowSource.Read(reader, header, new TransactionRowMapper(header)).Select(row =>
            {
                Interlocked.Increment(ref pulled);
                return row;
            });
            outcome = await new ImportRunner(BatchSize).RunAsync(rows, sink, CancellationToken.None);
        }

        Assert.Equal(Rows, outcome.RowsRead);
        Assert.Equal(Rows, outcome.RowsSent);
        Assert.Equal(0, outcome.LocalRejected);
        Assert.Equal(Rows, sink.Rows);
        Assert.Equal(Rows / BatchSize, sink.Batches);
        // The batch being sent, those queued, and the one the reader holds while it waits for room.
        Assert.InRange(sink.MostRowsAhead, BatchSize, (ImportRunner.QueuedBatches + 2) * BatchSize);
        Assert.Equal(2, outcome.LineOf(0));
        Assert.Equal(4, outcome.LineOf(1));
        Assert.Equal(lastRowLine, outcome.LineOf(Rows - 1));
    }
}

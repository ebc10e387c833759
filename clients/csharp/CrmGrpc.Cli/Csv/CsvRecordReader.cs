using nietras.SeparatedValues;

namespace CrmGrpc.Cli.Csv;

/// <summary>
/// Reads a comma-separated file record by record with Sep (RFC 4180 quoting, LF / CRLF / CR line ends, a
/// UTF-8 byte order mark skipped), keeping Sep's buffer and one record in memory, never the file. Blank
/// lines are skipped; field counts are checked by the caller, against the header, so that a short row
/// is one rejected row rather than the end of the import.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private static readonly SepReaderOptions Options = Sep.New(',').Reader(options => options with
    {
        HasHeader = false,
        DisableColCountCheck = true,
    });

    private readonly SepReader reader;
    private readonly CsvRecord record = new();

    /// <summary>Reads a stream (UTF-8, or the encoding its byte order mark names); disposing the reader closes it.</summary>
    public CsvRecordReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        reader = Options.From(stream);
    }

    public CsvRecordReader(TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        reader = Options.From(text);
    }

    /// <summary>
    /// The next non-blank record, or null at the end of the input. The same instance is refilled by the
    /// next call.
    /// </summary>
    public CsvRecord? ReadRecord()
    {
        while (reader.MoveNext())
        {
            var row = reader.Current;
            if (row.ColCount == 1 && row.Span.IsEmpty)
            {
                continue;
            }

            // Sep 0.18 gives the first row its LineNumberToExcl as LineNumberFrom; the first row starts on line 1.
            var line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
            record.Load(line, row.LineNumberToExcl, row);
            return record;
        }

        return null;
    }

    /// <summary>Every remaining record, lazily (one instance, refilled: see <see cref="ReadRecord"/>).</summary>
    public IEnumerable<CsvRecord> ReadAll()
    {
        while (ReadRecord() is { } next)
        {
            yield return next;
        }
    }

    public void Dispose() => reader.Dispose();
}

using System.Text;

namespace CrmGrpc.Cli.Csv;

/// <summary>
/// A small streaming RFC 4180 reader: comma separated, double-quoted fields with "" as an escaped quote,
/// embedded commas and line breaks inside quotes, LF / CRLF / CR line ends. It keeps one buffer and the
/// current record in memory, never the file. Blank lines are skipped. A malformed record (text after a
/// closing quote, a quote left open at the end of the input) is returned with <see cref="CsvRecord.Error"/>
/// set, and reading goes on with the next record.
/// </summary>
internal sealed class CsvReader : IDisposable
{
    private const char Quote = '"';

    private readonly TextReader reader;
    private readonly char delimiter;
    private readonly char[] buffer;
    private readonly StringBuilder field = new();
    private readonly List<string> fields = [];
    private int position;
    private int length;
    private long line = 1;

    public CsvReader(TextReader reader, char delimiter = ',', int bufferSize = 64 * 1024)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        this.reader = reader;
        this.delimiter = delimiter;
        buffer = new char[bufferSize];
    }

    /// <summary>Reads every remaining record, lazily.</summary>
    public IEnumerable<CsvRecord> ReadAll()
    {
        while (ReadRecord() is { } record)
        {
            yield return record;
        }
    }

    /// <summary>The next record, or null at the end of the input.</summary>
    public CsvRecord? ReadRecord()
    {
        while (true)
        {
            if (!TryPeek(out var first))
            {
                return null;
            }

            if (first is '\r' or '\n')
            {
                // A blank line: skip it.
                ConsumeLineEnd();
                continue;
            }

            return ReadNonBlankRecord();
        }
    }

    public void Dispose() => reader.Dispose();

    private CsvRecord ReadNonBlankRecord()
    {
        var startLine = line;
        string? error = null;
        fields.Clear();
        field.Clear();

        while (true)
        {
            // At the start of a field.
            if (TryPeek(out var c) && c == Quote)
            {
                position++;
                error ??= ReadQuotedField(startLine);
            }
            else
            {
                ReadUnquotedField();
            }

            fields.Add(field.ToString());
            field.Clear();

            if (!TryPeek(out c))
            {
                break;
            }

            if (c == delimiter)
            {
                position++;
                continue;
            }

            // A line end (ReadQuotedField / ReadUnquotedField stop only at a delimiter or a line end).
            ConsumeLineEnd();
            break;
        }

        return new CsvRecord(startLine, [.. fields], error);
    }

    private void ReadUnquotedField()
    {
        while (TryPeek(out var c))
        {
            if (c == delimiter || c == '\r' || c == '\n')
            {
                return;
            }

            // Scan the run of ordinary characters in the buffer at once.
            var start = position;
            while (position < length)
            {
                c = buffer[position];
                if (c == delimiter || c == '\r' || c == '\n')
                {
                    break;
                }

                position++;
            }

            field.Append(buffer, start, position - start);
        }
    }

    /// <summary>Reads a quoted field after its opening quote; returns an error text or null.</summary>
    private string? ReadQuotedField(long startLine)
    {
        while (true)
        {
            if (!TryPeek(out var c))
            {
                return $"quoted field opened on line {startLine} is not closed before the end of the file";
            }

            position++;
            if (c == Quote)
            {
                if (TryPeek(out var next) && next == Quote)
                {
                    field.Append(Quote);
                    position++;
                    continue;
                }

                // The closing quote: what follows must end the field.
                if (!TryPeek(out next) || next == delimiter || next == '\r' || next == '\n')
                {
                    return null;
                }

                ReadUnquotedField();
                return "text after a closing quote";
            }

            if (c == '\r')
            {
                if (TryPeek(out var lf) && lf == '\n')
                {
                    position++;
                    field.Append('\r');
                    c = '\n';
                }

                line++;
            }
            else if (c == '\n')
            {
                line++;
            }

            field.Append(c);
        }
    }

    private void ConsumeLineEnd()
    {
        if (TryPeek(out var c) && c == '\r')
        {
            position++;
            if (TryPeek(out c) && c == '\n')
            {
                position++;
            }
        }
        else if (c == '\n')
        {
            position++;
        }

        line++;
    }

    private bool TryPeek(out char c)
    {
        if (position >= length)
        {
            length = reader.Read(buffer, 0, buffer.Length);
            position = 0;
            if (length <= 0)
            {
                length = 0;
                c = '\0';
                return false;
            }
        }

        c = buffer[position];
        return true;
    }
}

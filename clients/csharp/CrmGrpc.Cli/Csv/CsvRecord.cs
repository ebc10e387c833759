using nietras.SeparatedValues;

namespace CrmGrpc.Cli.Csv;

/// <summary>
/// One record of a CSV file: its unquoted fields and the 1-based lines it spans (a quoted field may span
/// lines). <see cref="Error"/> is set when the record breaks RFC 4180 (the fields are then best effort).
/// The reader refills one instance for every record, so that reading allocates nothing per row: map a
/// record before reading the next one.
/// </summary>
internal sealed class CsvRecord
{
    private const char Quote = '"';

    private char[] characters = new char[256];
    private int[] starts = new int[16];
    private int[] lengths = new int[16];

    /// <summary>The line on which the record starts.</summary>
    public long Line { get; private set; }

    /// <summary>The line after the record's last one (Line + 1 unless a quoted field holds line breaks).</summary>
    public long LineAfter { get; private set; }

    public int FieldCount { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The field at <paramref name="index"/>, or empty when the column is absent (-1) or the row is short.</summary>
    public ReadOnlySpan<char> this[int index] =>
        index >= 0 && index < FieldCount ? characters.AsSpan(starts[index], lengths[index]) : default;

    /// <summary>A record of given fields (tests, and callers that have no file).</summary>
    public static CsvRecord Of(long line, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var record = new CsvRecord();
        record.Reset(line, line + 1, fields.Length, fields.Sum(f => f.Length));
        var used = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            used = record.Store(i, used, fields[i]);
        }

        return record;
    }

    /// <summary>Loads Sep's current row: quoted fields are unquoted here, so that a malformed one is reported, not guessed.</summary>
    internal void Load(long line, long lineAfter, SepReader.Row row)
    {
        // Unquoting only shortens a field, so the row's raw length bounds the characters needed.
        Reset(line, lineAfter, row.ColCount, row.Span.Length);
        var used = 0;
        for (var i = 0; i < row.ColCount; i++)
        {
            var raw = row[i].Span;
            used = raw.Length > 0 && raw[0] == Quote ? StoreQuoted(i, used, raw) : Store(i, used, raw);
        }
    }

    private void Reset(long line, long lineAfter, int fieldCount, int characterCount)
    {
        Line = line;
        LineAfter = lineAfter;
        FieldCount = fieldCount;
        Error = null;
        if (starts.Length < fieldCount)
        {
            starts = new int[Math.Max(fieldCount, starts.Length * 2)];
            lengths = new int[starts.Length];
        }

        if (characters.Length < characterCount)
        {
            characters = new char[Math.Max(characterCount, characters.Length * 2)];
        }
    }

    private int Store(int index, int used, ReadOnlySpan<char> text)
    {
        starts[index] = used;
        lengths[index] = text.Length;
        return Append(used, text);
    }

    /// <summary>Stores a field that starts with a quote: "" is one quote, and the closing quote must end the field.</summary>
    private int StoreQuoted(int index, int used, ReadOnlySpan<char> raw)
    {
        starts[index] = used;
        var start = used;
        var position = 1;
        while (true)
        {
            var quote = raw[position..].IndexOf(Quote);
            if (quote < 0)
            {
                // Sep gives an unbalanced quote the rest of the file: report it where it opened.
                used = Append(used, raw[position..]);
                Error ??= $"quoted field opened on line {Line} is not closed before the end of the file";
                break;
            }

            used = Append(used, raw.Slice(position, quote));
            position += quote + 1;
            if (position < raw.Length && raw[position] == Quote)
            {
                characters[used++] = Quote;
                position++;
                continue;
            }

            if (position < raw.Length)
            {
                used = Append(used, raw[position..]);
                Error ??= "text after a closing quote";
            }

            break;
        }

        lengths[index] = used - start;
        return used;
    }

    private int Append(int used, ReadOnlySpan<char> text)
    {
        text.CopyTo(characters.AsSpan(used));
        return used + text.Length;
    }
}

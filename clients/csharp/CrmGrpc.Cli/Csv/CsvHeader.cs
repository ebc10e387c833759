namespace CrmGrpc.Cli.Csv;

/// <summary>
/// The header row of a CSV file: column names (trimmed, case-insensitive) to their positions.
/// Unknown extra columns are simply never asked for.
/// </summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> indexes = new(StringComparer.OrdinalIgnoreCase);

    public CsvHeader(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = names;
        for (var i = 0; i < names.Count; i++)
        {
            // The first of two equally named columns wins.
            indexes.TryAdd(names[i].Trim(), i);
        }
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    /// <summary>Reads the header row; a file with no rows at all has no header and is an error.</summary>
    public static CsvHeader Read(CsvRecordReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var record = reader.ReadRecord() ?? throw new CsvSchemaException("the file is empty: a header row is required");
        if (record.Error is not null)
        {
            throw new CsvSchemaException($"the header row is malformed: {record.Error}");
        }

        var names = new string[record.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = record[i].ToString();
        }

        return new CsvHeader(names);
    }

    public bool Has(string name) => indexes.ContainsKey(name);

    /// <summary>The column's position, or -1 when the file has no such column.</summary>
    public int IndexOf(string name) => indexes.TryGetValue(name, out var index) ? index : -1;

    /// <summary>Throws <see cref="CsvSchemaException"/> naming every required column that is missing.</summary>
    public void Require(params ReadOnlySpan<string> names)
    {
        List<string>? missing = null;
        foreach (var name in names)
        {
            if (!Has(name))
            {
                (missing ??= []).Add(name);
            }
        }

        if (missing is not null)
        {
            throw new CsvSchemaException(
                $"missing required column(s): {string.Join(", ", missing)} (header: {string.Join(",", Names)})");
        }
    }

    /// <summary>Throws unless at least one of the alternative columns is present.</summary>
    public void RequireOneOf(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (Has(name))
            {
                return;
            }
        }

        throw new CsvSchemaException(
            $"missing required column: one of {string.Join(" or ", names.ToArray())} (header: {string.Join(",", Names)})");
    }
}

/// <summary>The file's columns do not fit the import: reported before anything is sent.</summary>
internal sealed class CsvSchemaException : Exception
{
    public CsvSchemaException()
    {
    }

    public CsvSchemaException(string message)
        : base(message)
    {
    }

    public CsvSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

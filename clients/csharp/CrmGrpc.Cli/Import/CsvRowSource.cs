using CrmGrpc.Cli.Csv;

namespace CrmGrpc.Cli.Import;

/// <summary>The rows of a CSV file after its header, mapped one by one, lazily.</summary>
internal static class CsvRowSource
{
    public static IEnumerable<RowResult<T>> Read<T>(CsvReader reader, CsvHeader header, IRowMapper<T> mapper)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(mapper);
        var idColumn = header.IndexOf("id");
        foreach (var record in reader.ReadAll())
        {
            if (record.Error is not null)
            {
                yield return RowResult<T>.Rejected(new LocalRejection(record.Line, record[idColumn].Trim(), string.Empty, record.Error));
            }
            else if (record.Fields.Count != header.Count)
            {
                yield return RowResult<T>.Rejected(new LocalRejection(record.Line, record[idColumn].Trim(), string.Empty,
                    $"expected {header.Count} fields as in the header, found {record.Fields.Count}"));
            }
            else
            {
                yield return mapper.Map(record);
            }
        }
    }
}

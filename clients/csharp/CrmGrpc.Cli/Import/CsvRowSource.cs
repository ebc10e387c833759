using CrmGrpc.Cli.Csv;

namespace CrmGrpc.Cli.Import;

/// <summary>The rows of a CSV file after its header, mapped one by one, lazily, each with the line it starts on.</summary>
internal static class CsvRowSource
{
    public static IEnumerable<RowResult<T>> Read<T>(CsvRecordReader reader, CsvHeader header, IRowMapper<T> mapper)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(mapper);
        var idColumn = header.IndexOf("id");
        while (reader.ReadRecord() is { } record)
        {
            if (record.Error is not null)
            {
                yield return Reject(record, record.Error);
            }
            else if (record.FieldCount != header.Count)
            {
                var spans = record.LineAfter - record.Line > 1
                    ? $" (the record runs from line {record.Line} to line {record.LineAfter - 1}: is a quote unbalanced?)"
                    : string.Empty;
                yield return Reject(record, $"expected {header.Count} fields as in the header, found {record.FieldCount}{spans}");
            }
            else
            {
                yield return mapper.Map(record);
            }
        }

        RowResult<T> Reject(CsvRecord record, string reason) =>
            RowResult<T>.Rejected(new LocalRejection(record.Line, record[idColumn].Trim().ToString(), string.Empty, reason));
    }
}

namespace CrmGrpc.Cli.Csv;

/// <summary>
/// One record of a CSV file: its fields and the 1-based line on which it starts (a quoted field may span
/// lines). <see cref="Error"/> is set when the record breaks RFC 4180 (the fields are then best effort).
/// </summary>
internal sealed record CsvRecord(long Line, IReadOnlyList<string> Fields, string? Error = null)
{
    /// <summary>The field at <paramref name="index"/>, or "" when the column is absent (-1) or the row is short.</summary>
    public string this[int index] => index >= 0 && index < Fields.Count ? Fields[index] : string.Empty;
}

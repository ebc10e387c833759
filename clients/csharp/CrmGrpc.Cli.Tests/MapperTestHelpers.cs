using CrmGrpc.Cli.Csv;
using CrmGrpc.Cli.Import;

namespace CrmGrpc.Cli.Tests;

internal static class MapperTestHelpers
{
    /// <summary>Maps every row of a CSV text (header first) with the mapper built from its header.</summary>
    public static List<RowResult<T>> MapAll<T>(string csv, Func<CsvHeader, IRowMapper<T>> create)
        where T : class
    {
        using var reader = new CsvRecordReader(new StringReader(csv));
        var header = CsvHeader.Read(reader);
        return [.. CsvRowSource.Read(reader, header, create(header))];
    }

    public static T Single<T>(string csv, Func<CsvHeader, IRowMapper<T>> create)
        where T : class
    {
        var row = Assert.Single(MapAll(csv, create));
        Assert.Null(row.Rejection);
        return row.Item!;
    }

    public static LocalRejection Rejected<T>(string csv, Func<CsvHeader, IRowMapper<T>> create)
        where T : class
    {
        var row = Assert.Single(MapAll(csv, create));
        Assert.Null(row.Item);
        return row.Rejection!;
    }
}

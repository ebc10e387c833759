using CrmGrpc.Cli.Csv;

namespace CrmGrpc.Cli.Import;

/// <summary>Turns one CSV record into the message of an import (built for one header).</summary>
internal interface IRowMapper<T>
    where T : class
{
    RowResult<T> Map(CsvRecord record);
}

using System.Globalization;
using CrmGrpc.Server.Tests.Infrastructure;

namespace CrmGrpc.Server.Tests.Fuzzing;

/// <summary>
/// The stored book, summed up: per table its row count and an order-independent hash of every row's values, read
/// through a read-only connection to the server's database. The rejection log (<c>ingest_rejection*</c>) is left
/// out: recording a rejected row there is what rejection does (the data-quality report counts them).
/// </summary>
public sealed record BookDigest(IReadOnlyDictionary<string, (long Rows, ulong Hash)> Tables)
{
    public static async Task<BookDigest> ReadAsync(string databasePath)
    {
        await using var connection = await StoreUnderTest.OpenAsync(databasePath);
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = StoreUnderTest.IsPostgres
                ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'ingest_rejection%' AND tablename <> 'crm_schema_version' ORDER BY tablename"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'ingest_rejection%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        var tables = new SortedDictionary<string, (long, ulong)>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var scan = connection.CreateCommand();
            scan.CommandText = $"SELECT * FROM \"{name}\""; // names come from the catalogue, not from a request
            await using var reader = await scan.ExecuteReaderAsync();
            long rows = 0;
            ulong sum = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                sum += RowHash(reader); // a sum: the order rows come back in does not matter
            }

            tables[name] = (rows, sum);
        }

        return new BookDigest(tables);
    }

    /// <summary>FNV-1a over the row's values, each with its type, separated.</summary>
    private static ulong RowHash(System.Data.Common.DbDataReader reader)
    {
        var hash = 14_695_981_039_346_656_037UL;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var value = reader.IsDBNull(i) ? "\u0001null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) + "\u0002" + reader.GetFieldType(i).Name;
            foreach (var c in value + "\u0000")
            {
                hash = (hash ^ c) * 1_099_511_628_211UL;
            }
        }

        return hash;
    }

    public long Rows(string table) => Tables.TryGetValue(table, out var entry) ? entry.Rows : 0;

    /// <summary>The tables whose rows differ from <paramref name="other"/>'s, with their counts before and after.</summary>
    public IReadOnlyList<string> Differences(BookDigest other) =>
        Tables.Keys.Union(other.Tables.Keys)
            .Where(t => !Tables.TryGetValue(t, out var a) || !other.Tables.TryGetValue(t, out var b) || a != b)
            .Select(t => $"{t}: {Rows(t)} rows -> {other.Rows(t)} rows")
            .ToList();
}

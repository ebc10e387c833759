using System.Text.Json;
using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Domain.Entities;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Rows;

/// <summary>A <c>customers</c> row as Dapper reads it.</summary>
public sealed class CustomerRow
{
    public long Key { get; set; }
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string Segment { get; set; } = "";
    public string Channel { get; set; } = "";
    public long AcquiredAt { get; set; }
    public long? ChurnedAt { get; set; }
    public string Attributes { get; set; } = "{}";
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
}

/// <summary>Customers are upserted: a changed row replaces the stored one (the API's bulk upsert).</summary>
public sealed class CustomerMapping : RowMapping<Customer, CustomerRow>
{
    public const string Columns = "key, id, name, email, segment, channel, acquired_at, churned_at, attributes, create_time, update_time";

    public static readonly CustomerMapping Instance = new();

    public override string Entity => "customer";

    public override string InsertSql => """
        INSERT INTO customers (id, name, email, segment, channel, acquired_at, churned_at, attributes, create_time, update_time)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p8)
        ON CONFLICT (id) DO NOTHING
        """;

    public override string SelectByIdSql => $"SELECT {Columns} FROM customers WHERE id = $id";

    public override string UpdateSql => """
        UPDATE customers
        SET name = $p1, email = $p2, segment = $p3, channel = $p4, acquired_at = $p5, churned_at = $p6,
            attributes = $p7, update_time = $p8
        WHERE id = $p0
        """;

    public override int ParameterCount => 9;

    public override string IdOf(Customer entity) => entity.Id;

    public override void Bind(RowStatement statement, Customer entity, long customerKey, long nowMs)
    {
        statement.Set(0, entity.Id);
        statement.Set(1, entity.Name);
        statement.Set(2, entity.Email);
        statement.Set(3, entity.Segment);
        statement.Set(4, entity.Channel);
        statement.Set(5, UnixTime.ToMs(entity.AcquiredAt));
        statement.Set(6, UnixTime.ToMs(entity.ChurnedAt));
        statement.Set(7, SerializeAttributes(entity.Attributes));
        statement.Set(8, nowMs);
    }

    public override Customer ToEntity(CustomerRow row) =>
        new(row.Id, row.Name, row.Email, row.Segment, row.Channel, UnixTime.FromMs(row.AcquiredAt), UnixTime.FromMs(row.ChurnedAt),
            JsonSerializer.Deserialize<Dictionary<string, string>>(row.Attributes) ?? [])
        {
            CreateTime = UnixTime.FromMs(row.CreateTime),
            UpdateTime = UnixTime.FromMs(row.UpdateTime),
        };

    public override bool SameContent(Customer stored, Customer incoming) =>
        stored.SameContentAs(incoming with { AcquiredAt = Stored(incoming.AcquiredAt), ChurnedAt = Stored(incoming.ChurnedAt) });

    /// <summary>Keys sorted, so equal maps store equal text.</summary>
    public static string SerializeAttributes(IReadOnlyDictionary<string, string> attributes) =>
        attributes.Count == 0 ? "{}" : JsonSerializer.Serialize(new SortedDictionary<string, string>(attributes.ToDictionary(), StringComparer.Ordinal));
}

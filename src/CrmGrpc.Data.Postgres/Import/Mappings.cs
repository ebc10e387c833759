using System.Text.Json;
using CrmGrpc.Domain.Entities;
using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Import;

/// <summary>Customers are upserted: a changed row replaces the stored one (the API's bulk upsert), keeping its create time.</summary>
public sealed class CustomerMapping : RowMapping<Customer>
{
    public const string Columns = "key, id, name, email, segment, channel, acquired_at, churned_at, attributes, create_time, update_time";

    public static readonly CustomerMapping Instance = new();

    private const string UpdateSql = """
        UPDATE customers c
        SET name = u.name, email = u.email, segment = u.segment, channel = u.channel, acquired_at = u.acquired_at,
            churned_at = u.churned_at, attributes = u.attributes, update_time = @now
        FROM unnest(@ids, @names, @emails, @segments, @channels, @acquired, @churned, @attributes)
             AS u(id, name, email, segment, channel, acquired_at, churned_at, attributes)
        WHERE c.id = u.id
        """;

    public override string Entity => "customer";

    public override string SelectByIdsSql => $"SELECT {Columns} FROM customers WHERE id = ANY(@ids)";

    public override string CopySql => """
        COPY customers (id, name, email, segment, channel, acquired_at, churned_at, attributes, create_time, update_time)
        FROM STDIN (FORMAT BINARY)
        """;

    public override bool Upserts => true;

    public override string IdOf(Customer entity) => entity.Id;

    /// <summary>Reads the columns of <see cref="Columns"/>.</summary>
    public override Customer Read(NpgsqlDataReader reader) =>
        new(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            UnixMs.From(reader.GetInt64(6)), UnixMs.From(NullableInt64(reader, 7)),
            JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(8)) ?? [])
        {
            CreateTime = UnixMs.From(reader.GetInt64(9)),
            UpdateTime = UnixMs.From(reader.GetInt64(10)),
        };

    public override async Task WriteRowAsync(NpgsqlBinaryImporter importer, Customer entity, long customerKey, long nowMs, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await WriteAsync(importer, entity.Id, cancellationToken);
        await WriteAsync(importer, entity.Name, cancellationToken);
        await WriteAsync(importer, entity.Email, cancellationToken);
        await WriteAsync(importer, entity.Segment, cancellationToken);
        await WriteAsync(importer, entity.Channel, cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.AcquiredAt), cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.ChurnedAt), cancellationToken);
        await WriteAsync(importer, SerializeAttributes(entity.Attributes), cancellationToken);
        await WriteAsync(importer, nowMs, cancellationToken);
        await WriteAsync(importer, nowMs, cancellationToken);
    }

    public override async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Customer> rows, long nowMs, CancellationToken cancellationToken)
    {
        await using var command = WriteCommand.Create(UpdateSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("emails", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Email).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("segments", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Segment).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("channels", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Channel).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("acquired", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => UnixMs.Of(r.AcquiredAt)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("churned", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => UnixMs.Of(r.ChurnedAt)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("attributes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => SerializeAttributes(r.Attributes)).ToArray() });
        command.Parameters.AddWithValue("now", nowMs);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override bool SameContent(Customer stored, Customer incoming) =>
        stored.SameContentAs(incoming with { AcquiredAt = Stored(incoming.AcquiredAt), ChurnedAt = Stored(incoming.ChurnedAt) });

    /// <summary>Keys sorted, so equal maps store equal text (as the SQLite store writes them).</summary>
    public static string SerializeAttributes(IReadOnlyDictionary<string, string> attributes) =>
        attributes.Count == 0 ? "{}" : JsonSerializer.Serialize(new SortedDictionary<string, string>(attributes.ToDictionary(), StringComparer.Ordinal));
}

public sealed class TransactionMapping : RowMapping<Transaction>
{
    public const string Select = """
        SELECT t.seq, t.id, c.id AS customer_id, t.occurred_at, t.amount_minor, t.currency, t.kind, t.sale_type,
               t.cost_minor, t.product, t.category
        FROM transactions t JOIN customers c ON c.key = t.customer_key
        """;

    public static readonly TransactionMapping Instance = new();

    public override string Entity => "transaction";

    public override string SelectByIdsSql => Select + " WHERE t.id = ANY(@ids)";

    public override string CopySql => """
        COPY transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category)
        FROM STDIN (FORMAT BINARY)
        """;

    public override bool KeepsTotals => true;

    public override string IdOf(Transaction entity) => entity.Id;

    public override string? CustomerIdOf(Transaction entity) => entity.CustomerId;

    /// <summary>Reads the columns of <see cref="Select"/>.</summary>
    public override Transaction Read(NpgsqlDataReader reader) =>
        new(reader.GetString(1), reader.GetString(2), UnixMs.From(reader.GetInt64(3)), reader.GetInt64(4), reader.GetString(5),
            (TransactionKind)reader.GetInt16(6), (SaleType)reader.GetInt16(7), NullableInt64(reader, 8), reader.GetString(9), reader.GetString(10));

    public override async Task WriteRowAsync(NpgsqlBinaryImporter importer, Transaction entity, long customerKey, long nowMs, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await WriteAsync(importer, entity.Id, cancellationToken);
        await WriteAsync(importer, customerKey, cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.OccurredAt), cancellationToken);
        await WriteAsync(importer, entity.AmountMinor, cancellationToken);
        await WriteAsync(importer, entity.Currency, cancellationToken);
        await importer.WriteAsync((short)entity.Kind, NpgsqlDbType.Smallint, cancellationToken);
        await importer.WriteAsync((short)entity.SaleType, NpgsqlDbType.Smallint, cancellationToken);
        await WriteAsync(importer, entity.CostMinor, cancellationToken);
        await WriteAsync(importer, entity.Product, cancellationToken);
        await WriteAsync(importer, entity.Category, cancellationToken);
    }

    public override bool SameContent(Transaction stored, Transaction incoming) =>
        stored == incoming with { OccurredAt = Stored(incoming.OccurredAt) };
}

public sealed class MarketingSpendMapping : RowMapping<MarketingSpend>
{
    public static readonly MarketingSpendMapping Instance = new();

    public override string Entity => "marketing_spend";

    public override string SelectByIdsSql =>
        "SELECT id, channel, period_start, period_end, amount_minor, currency FROM marketing_spend WHERE id = ANY(@ids)";

    public override string CopySql =>
        "COPY marketing_spend (id, channel, period_start, period_end, amount_minor, currency) FROM STDIN (FORMAT BINARY)";

    public override string IdOf(MarketingSpend entity) => entity.Id;

    public override MarketingSpend Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), UnixMs.From(reader.GetInt64(2)), UnixMs.From(reader.GetInt64(3)), reader.GetInt64(4), reader.GetString(5));

    public override async Task WriteRowAsync(NpgsqlBinaryImporter importer, MarketingSpend entity, long customerKey, long nowMs, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await WriteAsync(importer, entity.Id, cancellationToken);
        await WriteAsync(importer, entity.Channel, cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.PeriodStart), cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.PeriodEnd), cancellationToken);
        await WriteAsync(importer, entity.AmountMinor, cancellationToken);
        await WriteAsync(importer, entity.Currency, cancellationToken);
    }

    public override bool SameContent(MarketingSpend stored, MarketingSpend incoming) =>
        stored == incoming with { PeriodStart = Stored(incoming.PeriodStart), PeriodEnd = Stored(incoming.PeriodEnd) };
}

public sealed class SurveyResponseMapping : RowMapping<SurveyResponse>
{
    public static readonly SurveyResponseMapping Instance = new();

    public override string Entity => "survey_response";

    public override string SelectByIdsSql => """
        SELECT s.id, c.id AS customer_id, s.kind, s.score, s.responded_at
        FROM survey_responses s JOIN customers c ON c.key = s.customer_key WHERE s.id = ANY(@ids)
        """;

    public override string CopySql => "COPY survey_responses (id, customer_key, kind, score, responded_at) FROM STDIN (FORMAT BINARY)";

    public override string IdOf(SurveyResponse entity) => entity.Id;

    public override string? CustomerIdOf(SurveyResponse entity) => entity.CustomerId;

    public override SurveyResponse Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), (SurveyKind)reader.GetInt16(2), reader.GetInt32(3), UnixMs.From(reader.GetInt64(4)));

    public override async Task WriteRowAsync(NpgsqlBinaryImporter importer, SurveyResponse entity, long customerKey, long nowMs, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await WriteAsync(importer, entity.Id, cancellationToken);
        await WriteAsync(importer, customerKey, cancellationToken);
        await importer.WriteAsync((short)entity.Kind, NpgsqlDbType.Smallint, cancellationToken);
        await importer.WriteAsync(entity.Score, NpgsqlDbType.Integer, cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.RespondedAt), cancellationToken);
    }

    public override bool SameContent(SurveyResponse stored, SurveyResponse incoming) =>
        stored == incoming with { RespondedAt = Stored(incoming.RespondedAt) };
}

public sealed class SupportInteractionMapping : RowMapping<SupportInteraction>
{
    public static readonly SupportInteractionMapping Instance = new();

    public override string Entity => "support_interaction";

    public override string SelectByIdsSql => """
        SELECT s.id, c.id AS customer_id, s.opened_at, s.first_response_at, s.resolved_at, s.handle_seconds
        FROM support_interactions s JOIN customers c ON c.key = s.customer_key WHERE s.id = ANY(@ids)
        """;

    public override string CopySql =>
        "COPY support_interactions (id, customer_key, opened_at, first_response_at, resolved_at, handle_seconds) FROM STDIN (FORMAT BINARY)";

    public override string IdOf(SupportInteraction entity) => entity.Id;

    public override string? CustomerIdOf(SupportInteraction entity) => entity.CustomerId;

    public override SupportInteraction Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), UnixMs.From(reader.GetInt64(2)), UnixMs.From(NullableInt64(reader, 3)),
            UnixMs.From(NullableInt64(reader, 4)), reader.GetDouble(5));

    public override async Task WriteRowAsync(NpgsqlBinaryImporter importer, SupportInteraction entity, long customerKey, long nowMs, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await WriteAsync(importer, entity.Id, cancellationToken);
        await WriteAsync(importer, customerKey, cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.OpenedAt), cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.FirstResponseAt), cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.ResolvedAt), cancellationToken);
        await importer.WriteAsync(entity.HandleSeconds, NpgsqlDbType.Double, cancellationToken);
    }

    public override bool SameContent(SupportInteraction stored, SupportInteraction incoming) =>
        stored == incoming with
        {
            OpenedAt = Stored(incoming.OpenedAt),
            FirstResponseAt = Stored(incoming.FirstResponseAt),
            ResolvedAt = Stored(incoming.ResolvedAt),
        };
}

public sealed class ActivityEventMapping : RowMapping<ActivityEvent>
{
    public static readonly ActivityEventMapping Instance = new();

    public override string Entity => "activity_event";

    public override string SelectByIdsSql => """
        SELECT a.id, c.id AS customer_id, a.occurred_at, a.kind, a.count
        FROM activity_events a JOIN customers c ON c.key = a.customer_key WHERE a.id = ANY(@ids)
        """;

    public override string CopySql => "COPY activity_events (id, customer_key, occurred_at, kind, count) FROM STDIN (FORMAT BINARY)";

    public override string IdOf(ActivityEvent entity) => entity.Id;

    public override string? CustomerIdOf(ActivityEvent entity) => entity.CustomerId;

    public override ActivityEvent Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), UnixMs.From(reader.GetInt64(2)), reader.GetString(3), reader.GetInt64(4));

    public override async Task WriteRowAsync(NpgsqlBinaryImporter importer, ActivityEvent entity, long customerKey, long nowMs, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await WriteAsync(importer, entity.Id, cancellationToken);
        await WriteAsync(importer, customerKey, cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.OccurredAt), cancellationToken);
        await WriteAsync(importer, entity.Kind, cancellationToken);
        await WriteAsync(importer, entity.Count, cancellationToken);
    }

    public override bool SameContent(ActivityEvent stored, ActivityEvent incoming) =>
        stored == incoming with { OccurredAt = Stored(incoming.OccurredAt) };
}

public sealed class CrmChangeMapping : RowMapping<CrmChange>
{
    public const string Columns = "id, name, effective_at, description, treated_segment, treated_customer_ids";

    public static readonly CrmChangeMapping Instance = new();

    public override string Entity => "crm_change";

    public override string SelectByIdsSql => $"SELECT {Columns} FROM crm_changes WHERE id = ANY(@ids)";

    public override string CopySql => $"COPY crm_changes ({Columns}) FROM STDIN (FORMAT BINARY)";

    public override string IdOf(CrmChange entity) => entity.Id;

    /// <summary>Reads the columns of <see cref="Columns"/>.</summary>
    public override CrmChange Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), UnixMs.From(reader.GetInt64(2)), reader.GetString(3), reader.GetString(4),
            JsonSerializer.Deserialize<List<string>>(reader.GetString(5)) ?? []);

    public override async Task WriteRowAsync(NpgsqlBinaryImporter importer, CrmChange entity, long customerKey, long nowMs, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await WriteAsync(importer, entity.Id, cancellationToken);
        await WriteAsync(importer, entity.Name, cancellationToken);
        await WriteAsync(importer, UnixMs.Of(entity.EffectiveAt), cancellationToken);
        await WriteAsync(importer, entity.Description, cancellationToken);
        await WriteAsync(importer, entity.TreatedSegment, cancellationToken);
        await WriteAsync(importer, JsonSerializer.Serialize(entity.TreatedCustomerIds), cancellationToken);
    }

    public override bool SameContent(CrmChange stored, CrmChange incoming) =>
        stored.SameContentAs(incoming with { EffectiveAt = Stored(incoming.EffectiveAt) });
}

using System.Text.Json;
using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Domain.Entities;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Rows;

public sealed class MarketingSpendRow
{
    public string Id { get; set; } = "";
    public string Channel { get; set; } = "";
    public long PeriodStart { get; set; }
    public long PeriodEnd { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
}

public sealed class MarketingSpendMapping : RowMapping<MarketingSpend, MarketingSpendRow>
{
    public static readonly MarketingSpendMapping Instance = new();

    public override string Entity => "marketing_spend";

    public override string InsertSql => """
        INSERT INTO marketing_spend (id, channel, period_start, period_end, amount_minor, currency)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5)
        ON CONFLICT (id) DO NOTHING
        """;

    public override string SelectByIdSql =>
        "SELECT id, channel, period_start, period_end, amount_minor, currency FROM marketing_spend WHERE id = $id";

    public override int ParameterCount => 6;

    public override string IdOf(MarketingSpend entity) => entity.Id;

    public override void Bind(RowStatement statement, MarketingSpend entity, long customerKey, long nowMs)
    {
        statement.Set(0, entity.Id);
        statement.Set(1, entity.Channel);
        statement.Set(2, UnixTime.ToMs(entity.PeriodStart));
        statement.Set(3, UnixTime.ToMs(entity.PeriodEnd));
        statement.Set(4, entity.AmountMinor);
        statement.Set(5, entity.Currency);
    }

    public override MarketingSpend ToEntity(MarketingSpendRow row) =>
        new(row.Id, row.Channel, UnixTime.FromMs(row.PeriodStart), UnixTime.FromMs(row.PeriodEnd), row.AmountMinor, row.Currency);

    public override bool SameContent(MarketingSpend stored, MarketingSpend incoming) =>
        stored == incoming with { PeriodStart = Stored(incoming.PeriodStart), PeriodEnd = Stored(incoming.PeriodEnd) };
}

public sealed class SurveyResponseRow
{
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public long Kind { get; set; }
    public long Score { get; set; }
    public long RespondedAt { get; set; }
}

public sealed class SurveyResponseMapping : RowMapping<SurveyResponse, SurveyResponseRow>
{
    public static readonly SurveyResponseMapping Instance = new();

    public override string Entity => "survey_response";

    public override string InsertSql => """
        INSERT INTO survey_responses (id, customer_key, kind, score, responded_at)
        VALUES ($p0, $p1, $p2, $p3, $p4)
        ON CONFLICT (id) DO NOTHING
        """;

    public override string SelectByIdSql => """
        SELECT s.id, c.id AS customer_id, s.kind, s.score, s.responded_at
        FROM survey_responses s JOIN customers c ON c.key = s.customer_key WHERE s.id = $id
        """;

    public override int ParameterCount => 5;

    public override string IdOf(SurveyResponse entity) => entity.Id;

    public override string? CustomerIdOf(SurveyResponse entity) => entity.CustomerId;

    public override void Bind(RowStatement statement, SurveyResponse entity, long customerKey, long nowMs)
    {
        statement.Set(0, entity.Id);
        statement.Set(1, customerKey);
        statement.Set(2, (int)entity.Kind);
        statement.Set(3, entity.Score);
        statement.Set(4, UnixTime.ToMs(entity.RespondedAt));
    }

    public override SurveyResponse ToEntity(SurveyResponseRow row) =>
        new(row.Id, row.CustomerId, (SurveyKind)row.Kind, checked((int)row.Score), UnixTime.FromMs(row.RespondedAt));

    public override bool SameContent(SurveyResponse stored, SurveyResponse incoming) =>
        stored == incoming with { RespondedAt = Stored(incoming.RespondedAt) };
}

public sealed class SupportInteractionRow
{
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public long OpenedAt { get; set; }
    public long? FirstResponseAt { get; set; }
    public long? ResolvedAt { get; set; }
    public double HandleSeconds { get; set; }
}

public sealed class SupportInteractionMapping : RowMapping<SupportInteraction, SupportInteractionRow>
{
    public static readonly SupportInteractionMapping Instance = new();

    public override string Entity => "support_interaction";

    public override string InsertSql => """
        INSERT INTO support_interactions (id, customer_key, opened_at, first_response_at, resolved_at, handle_seconds)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5)
        ON CONFLICT (id) DO NOTHING
        """;

    public override string SelectByIdSql => """
        SELECT s.id, c.id AS customer_id, s.opened_at, s.first_response_at, s.resolved_at, s.handle_seconds
        FROM support_interactions s JOIN customers c ON c.key = s.customer_key WHERE s.id = $id
        """;

    public override int ParameterCount => 6;

    public override string IdOf(SupportInteraction entity) => entity.Id;

    public override string? CustomerIdOf(SupportInteraction entity) => entity.CustomerId;

    public override void Bind(RowStatement statement, SupportInteraction entity, long customerKey, long nowMs)
    {
        statement.Set(0, entity.Id);
        statement.Set(1, customerKey);
        statement.Set(2, UnixTime.ToMs(entity.OpenedAt));
        statement.Set(3, UnixTime.ToMs(entity.FirstResponseAt));
        statement.Set(4, UnixTime.ToMs(entity.ResolvedAt));
        statement.Set(5, entity.HandleSeconds);
    }

    public override SupportInteraction ToEntity(SupportInteractionRow row) =>
        new(row.Id, row.CustomerId, UnixTime.FromMs(row.OpenedAt), UnixTime.FromMs(row.FirstResponseAt),
            UnixTime.FromMs(row.ResolvedAt), row.HandleSeconds);

    public override bool SameContent(SupportInteraction stored, SupportInteraction incoming) =>
        stored == incoming with
        {
            OpenedAt = Stored(incoming.OpenedAt),
            FirstResponseAt = Stored(incoming.FirstResponseAt),
            ResolvedAt = Stored(incoming.ResolvedAt),
        };
}

public sealed class ActivityEventRow
{
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public long OccurredAt { get; set; }
    public string Kind { get; set; } = "";
    public long Count { get; set; }
}

public sealed class ActivityEventMapping : RowMapping<ActivityEvent, ActivityEventRow>
{
    public static readonly ActivityEventMapping Instance = new();

    public override string Entity => "activity_event";

    public override string InsertSql => """
        INSERT INTO activity_events (id, customer_key, occurred_at, kind, count)
        VALUES ($p0, $p1, $p2, $p3, $p4)
        ON CONFLICT (id) DO NOTHING
        """;

    public override string SelectByIdSql => """
        SELECT a.id, c.id AS customer_id, a.occurred_at, a.kind, a.count
        FROM activity_events a JOIN customers c ON c.key = a.customer_key WHERE a.id = $id
        """;

    public override int ParameterCount => 5;

    public override string IdOf(ActivityEvent entity) => entity.Id;

    public override string? CustomerIdOf(ActivityEvent entity) => entity.CustomerId;

    public override void Bind(RowStatement statement, ActivityEvent entity, long customerKey, long nowMs)
    {
        statement.Set(0, entity.Id);
        statement.Set(1, customerKey);
        statement.Set(2, UnixTime.ToMs(entity.OccurredAt));
        statement.Set(3, entity.Kind);
        statement.Set(4, entity.Count);
    }

    public override ActivityEvent ToEntity(ActivityEventRow row) =>
        new(row.Id, row.CustomerId, UnixTime.FromMs(row.OccurredAt), row.Kind, row.Count);

    public override bool SameContent(ActivityEvent stored, ActivityEvent incoming) =>
        stored == incoming with { OccurredAt = Stored(incoming.OccurredAt) };
}

public sealed class CrmChangeRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public long EffectiveAt { get; set; }
    public string Description { get; set; } = "";
    public string TreatedSegment { get; set; } = "";
    public string TreatedCustomerIds { get; set; } = "[]";
}

public sealed class CrmChangeMapping : RowMapping<CrmChange, CrmChangeRow>
{
    public const string Columns = "id, name, effective_at, description, treated_segment, treated_customer_ids";

    public static readonly CrmChangeMapping Instance = new();

    public override string Entity => "crm_change";

    public override string InsertSql => """
        INSERT INTO crm_changes (id, name, effective_at, description, treated_segment, treated_customer_ids)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5)
        ON CONFLICT (id) DO NOTHING
        """;

    public override string SelectByIdSql => $"SELECT {Columns} FROM crm_changes WHERE id = $id";

    public override int ParameterCount => 6;

    public override string IdOf(CrmChange entity) => entity.Id;

    public override void Bind(RowStatement statement, CrmChange entity, long customerKey, long nowMs)
    {
        statement.Set(0, entity.Id);
        statement.Set(1, entity.Name);
        statement.Set(2, UnixTime.ToMs(entity.EffectiveAt));
        statement.Set(3, entity.Description);
        statement.Set(4, entity.TreatedSegment);
        statement.Set(5, JsonSerializer.Serialize(entity.TreatedCustomerIds));
    }

    public override CrmChange ToEntity(CrmChangeRow row) =>
        new(row.Id, row.Name, UnixTime.FromMs(row.EffectiveAt), row.Description, row.TreatedSegment,
            JsonSerializer.Deserialize<List<string>>(row.TreatedCustomerIds) ?? []);

    public override bool SameContent(CrmChange stored, CrmChange incoming) =>
        stored.SameContentAs(incoming with { EffectiveAt = Stored(incoming.EffectiveAt) });
}

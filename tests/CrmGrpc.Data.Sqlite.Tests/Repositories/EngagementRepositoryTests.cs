using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Rows;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

public sealed class EngagementRepositoryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private TestStore _store = null!;

    private EngagementRepository Engagement => _store.Engagement;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        await _store.Customers.ImportAsync([Samples.Customer("c-1"), Samples.Customer("c-2")], [], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Insert, replay, replay with other content: the stored row is the first one throughout.</summary>
    private async Task AssertRoundTripAsync<TEntity, TRow>(
        Func<IReadOnlyList<TEntity>, IReadOnlyList<EarlyRejection>, CancellationToken, Task<RowResult[]>> import,
        RowMapping<TEntity, TRow> mapping,
        string table,
        TEntity row,
        TEntity changed)
        where TEntity : class
        where TRow : class
    {
        var id = mapping.IdOf(row);

        Assert.Equal([RowResult.Inserted], await import([row], [], None));
        Assert.Equal(row, await _store.ReadBackAsync(mapping, id));

        Assert.Equal([RowResult.Duplicate], await import([row], [], None));

        var conflict = Assert.Single(await import([changed], [], None));
        Assert.Equal(RowOutcome.Rejected, conflict.Outcome);
        Assert.Equal(("id", RejectionReason.Conflict), (conflict.Violation!.Field, conflict.Violation.Reason));

        Assert.Equal(row, await _store.ReadBackAsync(mapping, id));
        Assert.Equal(1, await _store.CountAsync(table));
        var rejection = Assert.Single(await _store.RejectionsAsync());
        Assert.Equal((mapping.Entity, id, 3L), (rejection.Entity, rejection.RowId, rejection.Code));
    }

    [Fact]
    public async Task ImportMarketingSpendAsync_inserts_then_reports_duplicate_and_conflict()
    {
        var spend = new MarketingSpend("s-1", "web", Samples.T0, Samples.T0.AddDays(31).AddMilliseconds(1), 9_876_543_210, "USD");

        await AssertRoundTripAsync(Engagement.ImportMarketingSpendAsync, MarketingSpendMapping.Instance, "marketing_spend",
            spend, spend with { AmountMinor = 1 });
    }

    [Fact]
    public async Task ImportMarketingSpendAsync_needs_no_customer()
    {
        Assert.Equal([RowResult.Inserted, RowResult.Inserted],
            await Engagement.ImportMarketingSpendAsync([Samples.Spend("s-1"), Samples.Spend("s-2") with { AmountMinor = 0 }], [], None));
    }

    [Fact]
    public async Task ImportSurveyResponsesAsync_inserts_then_reports_duplicate_and_conflict()
    {
        var response = new SurveyResponse("r-1", "c-2", SurveyKind.Ces, 7, Samples.T0.AddMilliseconds(999));

        await AssertRoundTripAsync(Engagement.ImportSurveyResponsesAsync, SurveyResponseMapping.Instance, "survey_responses",
            response, response with { Score = 6 });
    }

    [Fact]
    public async Task ImportSupportInteractionsAsync_inserts_then_reports_duplicate_and_conflict()
    {
        var opened = Samples.T0;
        var interaction = new SupportInteraction("i-1", "c-1", opened, opened.AddMinutes(3).AddMilliseconds(42), opened.AddHours(2), 1234.25);

        await AssertRoundTripAsync(Engagement.ImportSupportInteractionsAsync, SupportInteractionMapping.Instance, "support_interactions",
            interaction, interaction with { ResolvedAt = null });
    }

    [Fact]
    public async Task ImportSupportInteractionsAsync_keeps_a_pending_ticket_pending()
    {
        var pending = Samples.Support() with { FirstResponseAt = null, ResolvedAt = null, HandleSeconds = 0 };

        await Engagement.ImportSupportInteractionsAsync([pending], [], None);

        Assert.Equal(pending, await _store.ReadBackAsync(SupportInteractionMapping.Instance, pending.Id));
    }

    [Fact]
    public async Task ImportActivityEventsAsync_inserts_then_reports_duplicate_and_conflict()
    {
        var activity = new ActivityEvent("a-1", "c-2", Samples.T0, "feature_use", 12);

        await AssertRoundTripAsync(Engagement.ImportActivityEventsAsync, ActivityEventMapping.Instance, "activity_events",
            activity, activity with { Kind = "email_open" });
    }

    [Fact]
    public async Task Imports_of_customer_rows_reject_an_unknown_customer()
    {
        var survey = Assert.Single(await Engagement.ImportSurveyResponsesAsync([Samples.Survey("r-1", "nobody")], [], None));
        var support = Assert.Single(await Engagement.ImportSupportInteractionsAsync([Samples.Support("i-1", "nobody")], [], None));
        var activity = Assert.Single(await Engagement.ImportActivityEventsAsync([Samples.Activity("a-1", "nobody")], [], None));

        Assert.All([survey, support, activity], r =>
        {
            Assert.Equal(RowOutcome.Rejected, r.Outcome);
            Assert.Equal(RejectionReason.UnknownCustomer, r.Violation!.Reason);
        });
        Assert.Equal(0, await _store.CountAsync("survey_responses") + await _store.CountAsync("support_interactions") + await _store.CountAsync("activity_events"));
        Assert.Equal(["survey_response", "support_interaction", "activity_event"], (await _store.RejectionsAsync()).Select(r => r.Entity));
    }

    [Fact]
    public async Task RecordChangeAsync_is_idempotent_and_rejects_other_content()
    {
        var change = Samples.Change();

        Assert.Equal(RowResult.Inserted, await Engagement.RecordChangeAsync(change, None));
        Assert.Equal(RowResult.Duplicate, await Engagement.RecordChangeAsync(change with { TreatedCustomerIds = ["c-1", "c-2"] }, None));
        var conflict = await Engagement.RecordChangeAsync(change with { Description = "double points" }, None);

        Assert.Equal(RowOutcome.Rejected, conflict.Outcome);
        Assert.Equal(RejectionReason.Conflict, conflict.Violation!.Reason);
        var stored = await Engagement.GetChangeAsync(change.Id, None);
        Assert.NotNull(stored);
        Assert.True(stored.SameContentAs(change));
        Assert.Equal(1, await _store.CountAsync("crm_changes"));
    }

    [Fact]
    public async Task GetChangeAsync_round_trips_every_field_and_is_null_when_missing()
    {
        var change = new CrmChange("ch-9", "win-back", Samples.T0.AddMilliseconds(1), "", "", ["c-\"quoted\"", "c-ü", "c-1"]);
        await Engagement.RecordChangeAsync(change, None);

        var stored = await Engagement.GetChangeAsync("ch-9", None);

        Assert.NotNull(stored);
        Assert.Equal(change.EffectiveAt, stored.EffectiveAt);
        Assert.Equal(change.TreatedCustomerIds, stored.TreatedCustomerIds);
        Assert.True(stored.SameContentAs(change));
        Assert.Null(await Engagement.GetChangeAsync("ch-missing", None));
    }

    [Fact]
    public async Task ListChangesAsync_pages_in_effective_at_then_id_order()
    {
        var t = Samples.T0;
        foreach (var change in new[]
        {
            Samples.Change("ch-c", t.AddDays(1)),
            Samples.Change("ch-z", t),
            Samples.Change("ch-b", t.AddDays(1)),
            Samples.Change("ch-a", t.AddDays(2)),
            Samples.Change("ch-y", t),
        })
        {
            await Engagement.RecordChangeAsync(change, None);
        }

        var pages = new List<List<string>>();
        DateTimeOffset? afterTime = null;
        var afterId = "";
        while (true)
        {
            var page = await Engagement.ListChangesAsync(afterTime, afterId, 2, None);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(page.Select(c => c.Id).ToList());
            (afterTime, afterId) = (page[^1].EffectiveAt, page[^1].Id);
        }

        Assert.Equal([["ch-y", "ch-z"], ["ch-b", "ch-c"], ["ch-a"]], pages);
    }

    [Fact]
    public async Task ListChangesAsync_returns_full_changes()
    {
        await Engagement.RecordChangeAsync(Samples.Change(), None);

        var listed = Assert.Single(await Engagement.ListChangesAsync(null, "", 10, None));

        Assert.True(listed.SameContentAs(Samples.Change()));
    }
}

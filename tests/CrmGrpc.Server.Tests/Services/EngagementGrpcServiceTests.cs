using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services;

public sealed class EngagementGrpcServiceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private EngagementService.EngagementServiceClient Client => fixture.Server.Engagement;

    private async Task<string> NewCustomerAsync()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        await fixture.Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });
        return customer.Id;
    }

    [Fact]
    public async Task Marketing_spend_import_validates_periods_amounts_and_currency()
    {
        var p = Rows.Unique("s");
        MarketingSpend Spend(string id, int start, int end, long amount = 10_000, string currency = "USD") => new()
        {
            Id = id, Channel = "search", PeriodStart = Rows.At(start), PeriodEnd = Rows.At(end), AmountMinor = amount, Currency = currency,
        };
        var good = Spend($"{p}-1", 0, 30);
        var batch = new ImportMarketingSpendRequest
        {
            Spends = { good, Spend($"{p}-2", 30, 30), Spend($"{p}-3", 0, 30, amount: -5), Spend($"{p}-4", 0, 30, currency: "usd"), good },
        };

        var summary = await ImportAsync(Client.ImportMarketingSpend(), [batch]);

        Assert.Equal((1L, 1L, 3L), (summary.Accepted, summary.Duplicates, summary.Rejected));
        Assert.Equal(["period_end", "amount_minor", "currency"], summary.Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task Survey_import_checks_each_kind_against_its_scale()
    {
        var customerId = await NewCustomerAsync();
        var p = Rows.Unique("r");
        SurveyResponse Response(string id, SurveyKind kind, int score) => new()
        {
            Id = id, CustomerId = customerId, Kind = kind, Score = score, RespondedAt = Rows.At(2),
        };
        var batch = new ImportSurveyResponsesRequest
        {
            Responses =
            {
                Response($"{p}-nps10", SurveyKind.Nps, 10), Response($"{p}-nps0", SurveyKind.Nps, 0),
                Response($"{p}-nps11", SurveyKind.Nps, 11), Response($"{p}-csat0", SurveyKind.Csat, 0),
                Response($"{p}-csat5", SurveyKind.Csat, 5), Response($"{p}-ces8", SurveyKind.Ces, 8),
                Response($"{p}-ces1", SurveyKind.Ces, 1), Response($"{p}-none", SurveyKind.Unspecified, 3),
            },
        };

        var summary = await ImportAsync(Client.ImportSurveyResponses(), [batch]);

        Assert.Equal(4, summary.Accepted);
        Assert.Equal([$"{p}-nps11", $"{p}-csat0", $"{p}-ces8", $"{p}-none"], summary.Errors.Select(e => e.Id));
    }

    [Fact]
    public async Task Support_import_rejects_a_first_response_before_opening_and_unknown_customers()
    {
        var customerId = await NewCustomerAsync();
        var p = Rows.Unique("i");
        var good = new SupportInteraction { Id = $"{p}-1", CustomerId = customerId, OpenedAt = Rows.At(1), FirstResponseAt = Rows.At(2), HandleSeconds = 300 };
        var early = good.Clone();
        early.Id = $"{p}-2";
        early.FirstResponseAt = Rows.At(0);
        var stranger = good.Clone();
        stranger.Id = $"{p}-3";
        stranger.CustomerId = "nobody";
        var negative = good.Clone();
        negative.Id = $"{p}-4";
        negative.HandleSeconds = double.NaN;

        var summary = await ImportAsync(Client.ImportSupportInteractions(),
            [new ImportSupportInteractionsRequest { Interactions = { good, early, stranger, negative } }]);

        Assert.Equal(1, summary.Accepted);
        Assert.Equal(
            [("first_response_at", RejectionCode.BadTimestamp), ("customer_id", RejectionCode.UnknownCustomer), ("handle_seconds", RejectionCode.InvalidField)],
            summary.Errors.Select(e => (e.Field, e.Code)));
    }

    [Fact]
    public async Task Activity_import_reads_a_zero_count_as_one_and_rejects_negative_counts()
    {
        var customerId = await NewCustomerAsync();
        var p = Rows.Unique("a");
        var batch = new ImportActivityEventsRequest
        {
            Events =
            {
                new ActivityEvent { Id = $"{p}-1", CustomerId = customerId, OccurredAt = Rows.At(1), Kind = "login" },
                new ActivityEvent { Id = $"{p}-2", CustomerId = customerId, OccurredAt = Rows.At(1), Kind = "login", Count = -2 },
                new ActivityEvent { Id = $"{p}-3", CustomerId = customerId, OccurredAt = Rows.At(1), Kind = "" },
            },
        };

        var summary = await ImportAsync(Client.ImportActivityEvents(), [batch]);

        Assert.Equal(1, summary.Accepted);
        Assert.Equal(["count", "kind"], summary.Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task Crm_changes_are_recorded_idempotently_and_listed_by_effective_date()
    {
        var p = Rows.Unique("chg");
        var later = new CrmChange { Id = $"{p}-b", Name = "Loyalty programme", EffectiveAt = Rows.At(20), TreatedSegment = "smb" };
        var earlier = new CrmChange { Id = $"{p}-a", Name = "New onboarding", EffectiveAt = Rows.At(10), TreatedCustomerIds = { "x", "y" } };

        await Client.RecordCrmChangeAsync(new RecordCrmChangeRequest { Change = later });
        await Client.RecordCrmChangeAsync(new RecordCrmChangeRequest { Change = earlier });
        var again = await Client.RecordCrmChangeAsync(new RecordCrmChangeRequest { Change = earlier });
        var changed = later.Clone();
        changed.Description = "different";

        Assert.Equal(earlier, again.Change);
        await FailsWith(StatusCode.AlreadyExists, () => Client.RecordCrmChangeAsync(new RecordCrmChangeRequest { Change = changed }).ResponseAsync);
        var error = await FailsWith(StatusCode.InvalidArgument, () => Client.RecordCrmChangeAsync(new RecordCrmChangeRequest
        {
            Change = new CrmChange { Id = $"{p}-c" },
        }).ResponseAsync);
        Assert.Equal(["change.name", "change.effective_at"], FieldViolations(error).Select(v => v.Field));

        var listed = new List<CrmChange>();
        var token = "";
        do
        {
            var page = await Client.ListCrmChangesAsync(new ListCrmChangesRequest { PageSize = 1, PageToken = token });
            listed.AddRange(page.Changes);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        var mine = listed.Where(c => c.Id.StartsWith(p, StringComparison.Ordinal)).ToList();
        Assert.Equal([earlier, later], mine);
    }
}

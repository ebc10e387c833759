using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Data.Sqlite.Tests.TestSupport;

/// <summary>Valid rows with millisecond timestamps (what the store keeps).</summary>
internal static class Samples
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 5, 10, 20, 30, 123, TimeSpan.Zero);

    public static Customer Customer(string id = "c-1", string segment = "smb", string channel = "web") =>
        new(id, "Ada Lovelace", id + "@example.com", segment, channel, T0, null,
            new Dictionary<string, string> { ["country"] = "UK", ["age_band"] = "30-39" });

    public static Transaction Transaction(string id = "t-1", string customerId = "c-1", DateTimeOffset? at = null, long amount = 12_345) =>
        new(id, customerId, at ?? T0.AddDays(1), amount, "USD", TransactionKind.Purchase, SaleType.New, 5_000, "widget", "hardware");

    public static MarketingSpend Spend(string id = "s-1") =>
        new(id, "web", T0, T0.AddDays(30), 100_000, "USD");

    public static SurveyResponse Survey(string id = "r-1", string customerId = "c-1") =>
        new(id, customerId, SurveyKind.Nps, 9, T0.AddDays(2));

    public static SupportInteraction Support(string id = "i-1", string customerId = "c-1") =>
        new(id, customerId, T0.AddDays(3), T0.AddDays(3).AddMinutes(5), null, 612.5);

    public static ActivityEvent Activity(string id = "a-1", string customerId = "c-1") =>
        new(id, customerId, T0.AddDays(4), "login", 3);

    public static CrmChange Change(string id = "ch-1", DateTimeOffset? effectiveAt = null) =>
        new(id, "loyalty programme", effectiveAt ?? T0.AddDays(10), "points on every purchase", "smb", ["c-1", "c-2"]);
}

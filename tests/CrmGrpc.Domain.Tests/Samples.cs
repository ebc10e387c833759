using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Validation;

namespace CrmGrpc.Domain.Tests;

/// <summary>One valid row of every entity, against a USD book at a fixed "now"; tests change one field at a time.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly ValidationContext Context = new("USD", Now);

    public static Customer Customer() =>
        new("c-1", "Ada Lovelace", "ada@example.com", "smb", "web", Now.AddDays(-100), null,
            new Dictionary<string, string> { ["country"] = "UK", ["age_band"] = "30-39" });

    public static Transaction Transaction() =>
        new("t-1", "c-1", Now.AddDays(-1), 12_345, "USD", TransactionKind.Purchase, SaleType.New, 5_000, "widget", "hardware");

    public static MarketingSpend Spend() =>
        new("s-1", "web", Now.AddDays(-30), Now.AddDays(-1), 100_000, "USD");

    public static SurveyResponse Survey(SurveyKind kind = SurveyKind.Nps, int score = 9) =>
        new("r-1", "c-1", kind, score, Now.AddDays(-2));

    public static SupportInteraction Support() =>
        new("i-1", "c-1", Now.AddHours(-5), Now.AddHours(-4), Now.AddHours(-1), 600);

    public static ActivityEvent Activity() =>
        new("a-1", "c-1", Now.AddMinutes(-10), "login", 1);

    public static CrmChange Change() =>
        new("ch-1", "loyalty programme", Now.AddDays(-60), "points on every purchase", "smb", ["c-1", "c-2"]);
}

namespace CrmGrpc.Domain.Customers;

/// <summary>Weights of the health sub-scores; they need not sum to 1.</summary>
public readonly record struct HealthWeights(double Usage, double Engagement, double Satisfaction, double Support)
{
    public static readonly HealthWeights Equal = new(1, 1, 1, 1);

    public bool AllZero => Usage == 0 && Engagement == 0 && Satisfaction == 0 && Support == 0;

    public bool IsValid =>
        new[] { Usage, Engagement, Satisfaction, Support }.All(w => double.IsFinite(w) && w >= 0) && !AllZero;
}

/// <summary>A health score 0–100, its available sub-scores, and the weights used (normalised over the available ones).</summary>
public sealed record HealthScore(double Score, double? Usage, double? Engagement, double? Satisfaction, double? Support, HealthWeights Weights);

/// <summary>
/// The customer health score: a weighted mean of the sub-scores that have data, each 0–100.
/// <list type="bullet">
/// <item>usage (needs activity): mean of recency, max(0, 1 − days since the last event / 90), and frequency,
/// min(1, events in the last 30 days / 20);</item>
/// <item>engagement: 0.75 × purchase recency, max(0, 1 − days since the last purchase / 365), plus 0.25 ×
/// survey participation, min(1, responses in the last year / 2);</item>
/// <item>satisfaction (needs a survey): mean of the latest NPS / 10 and the latest (CSAT − 1) / 4;</item>
/// <item>support (needs a ticket in the last year or an open one): mean of 1 / (1 + open tickets) and
/// 1 / (1 + mean first response hours / 24), the latter 1 when nothing was answered.</item>
/// </list>
/// </summary>
public static class HealthScoring
{
    public static HealthScore Score(CustomerFacts facts, DateTimeOffset asOf, HealthWeights weights)
    {
        double? usage = facts.LastActivityAt is { } last
            ? 100 * (Decay((asOf - last).TotalDays, 90) + Math.Min(1, facts.ActivityLast30Days / 20.0)) / 2
            : null;
        var daysSincePurchase = facts.HasPurchases
            ? (asOf - DateTimeOffset.UnixEpoch.AddDays(facts.LastPurchaseDay)).TotalDays
            : double.PositiveInfinity;
        double engagement = 100 * ((0.75 * Decay(daysSincePurchase, 365)) + (0.25 * Math.Min(1, facts.SurveyResponsesLastYear / 2.0)));
        // The mean of the parts there are (NPS, CSAT), summed in that order.
        var (satisfactionSum, satisfactionParts) = (0.0, 0);
        if (facts.LatestNps is { } nps)
        {
            (satisfactionSum, satisfactionParts) = (satisfactionSum + (nps / 10.0), satisfactionParts + 1);
        }

        if (facts.LatestCsat is { } csat)
        {
            (satisfactionSum, satisfactionParts) = (satisfactionSum + ((csat - 1) / 4.0), satisfactionParts + 1);
        }

        double? satisfaction = satisfactionParts > 0 ? 100 * (satisfactionSum / satisfactionParts) : null;
        double? support = facts.TicketsLastYear > 0 || facts.OpenTickets > 0
            ? 100 * ((1.0 / (1 + facts.OpenTickets)) + (facts.MeanFirstResponseSeconds is { } frt ? 1 / (1 + (frt / 3600 / 24)) : 1)) / 2
            : null;

        var used = new HealthWeights(
            usage is null ? 0 : weights.Usage,
            weights.Engagement,
            satisfaction is null ? 0 : weights.Satisfaction,
            support is null ? 0 : weights.Support);
        var largest = Math.Max(Math.Max(used.Usage, used.Engagement), Math.Max(used.Satisfaction, used.Support));
        if (largest == 0)
        {
            // Only sub-scores without data carry weight: fall back to engagement, which always has a value.
            used = new HealthWeights(0, 1, 0, 0);
            largest = 1;
        }

        // Scaled by the largest first, so the sum is between 1 and 4: finite weights near double.MaxValue sum to ∞.
        used = new HealthWeights(used.Usage / largest, used.Engagement / largest, used.Satisfaction / largest, used.Support / largest);
        var total = used.Usage + used.Engagement + used.Satisfaction + used.Support;

        var normalised = new HealthWeights(used.Usage / total, used.Engagement / total, used.Satisfaction / total, used.Support / total);
        var score = (normalised.Usage * (usage ?? 0)) + (normalised.Engagement * engagement)
            + (normalised.Satisfaction * (satisfaction ?? 0)) + (normalised.Support * (support ?? 0));
        return new HealthScore(score, usage, engagement, satisfaction, support, normalised);
    }

    private static double Decay(double days, double horizon) => double.IsFinite(days) ? Math.Clamp(1 - (days / horizon), 0, 1) : 0;
}

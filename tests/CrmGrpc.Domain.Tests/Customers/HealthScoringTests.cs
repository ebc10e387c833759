using CrmGrpc.Domain.Customers;

namespace CrmGrpc.Domain.Tests.Customers;

public class HealthScoringTests
{
    private static readonly DateTimeOffset AsOf = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(8, null, 80.0)]
    [InlineData(null, 5, 100.0)]
    [InlineData(8, 3, 65.0)] // (0.8 + 0.5) / 2
    [InlineData(7, 2, 47.5)] // (0.7 + 0.25) / 2
    [InlineData(null, null, null)]
    public void Satisfaction_is_the_mean_of_the_survey_parts_there_are(int? nps, int? csat, double? expected)
    {
        var facts = new CustomerFacts { Id = "c", AcquiredAt = AsOf.AddDays(-100), LatestNps = nps, LatestCsat = csat };

        var health = HealthScoring.Score(facts, AsOf, HealthWeights.Equal);

        Assert.Equal(expected, health.Satisfaction);
        Assert.Equal(expected is null ? 0 : health.Weights.Engagement, health.Weights.Satisfaction);
    }
}

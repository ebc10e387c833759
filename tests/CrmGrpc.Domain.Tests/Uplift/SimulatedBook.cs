using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Domain.Tests.Uplift;

/// <summary>
/// Simulated groups with a known truth. Customer i buys at its own rate λᵢ = mean × U(0.2, 1.8) per window
/// (heterogeneous, as real books are); purchases are Poisson: λᵢ/2 in the first baseline half, λᵢ/2 × (1 + trend)
/// in the second, λᵢ × (1 + effect) in the post window. Each purchase is 10.00–59.99 (uniform cents), unaffected by
/// the change. So the population uplift of purchases and of revenue is exactly <c>effect</c>, and the pre-trend
/// exactly <c>trend</c>.
/// </summary>
internal static class SimulatedBook
{
    public static readonly DateTimeOffset EffectiveAt = new(2024, 7, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset AcquiredAt = EffectiveAt.AddYears(-2);

    public static UpliftWindows Windows { get; } = UpliftWindows.Create(EffectiveAt, 90, null, null);

    public static List<CustomerWindowSums> Group(
        string prefix, int customers, double effect, ulong seed, double meanPurchases = 2, double trend = 0,
        string segment = "smb", string channel = "web")
    {
        var random = new BootstrapRandom(seed);
        var rows = new List<CustomerWindowSums>(customers);
        for (var i = 0; i < customers; i++)
        {
            var rate = meanPurchases * (0.2 + (1.6 * random.NextDouble()));
            rows.Add(new CustomerWindowSums(
                $"{prefix}-{i:D6}", segment, channel, AcquiredAt,
                Purchases(ref random, rate * 3),
                Purchases(ref random, rate / 2),
                Purchases(ref random, rate / 2 * (1 + trend)),
                Purchases(ref random, rate * (1 + effect))));
        }

        return rows;
    }

    public static UpliftObservations Observations(List<CustomerWindowSums> treated, List<CustomerWindowSums>? control = null) =>
        new(treated, control, EffectiveAt.AddYears(-3), Windows.PostEnd.AddDays(-0.5), []);

    public static UpliftInput Input(
        List<CustomerWindowSums> treated, List<CustomerWindowSums>? control = null, UpliftMetric metric = UpliftMetric.PurchaseFrequency,
        int samples = 1000, long seed = 7, bool breakdown = false) =>
        new(metric, Windows, GroupSelection.OfSegment("smb"), control is null ? null : GroupSelection.OfSegment("other"),
            Observations(treated, control), samples, seed, breakdown, 100, Now);

    private static WindowSums Purchases(ref BootstrapRandom random, double rate)
    {
        var count = Poisson(ref random, rate);
        long net = 0;
        for (var k = 0; k < count; k++)
        {
            net += 10_00 + random.NextIndex(50_00);
        }

        return new WindowSums(count, count, net);
    }

    /// <summary>Knuth's multiplication method; fine for the small rates used here.</summary>
    private static int Poisson(ref BootstrapRandom random, double rate)
    {
        var limit = Math.Exp(-rate);
        var count = -1;
        var product = 1.0;
        do
        {
            count++;
            product *= random.NextDouble();
        }
        while (product > limit);
        return count;
    }
}

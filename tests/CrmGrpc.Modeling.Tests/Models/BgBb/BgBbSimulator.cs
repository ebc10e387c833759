using CrmGrpc.Modeling.Models.BgBb;

namespace CrmGrpc.Modeling.Tests.Models.BgBb;

/// <summary>
/// Simulates BG/BB customers (Fader, Hardie &amp; Shang 2010, §2): p ~ Beta(α, β) and θ ~ Beta(γ, δ) per customer;
/// before each opportunity 1…n an alive customer drops out with probability θ, and at each opportunity it is alive at it
/// buys with probability p. Beta draws are ratios of Marsaglia–Tsang gamma draws from a seeded <see cref="Random"/>.
/// </summary>
internal static class BgBbSimulator
{
    public static CustomerSummary[] Simulate(BgBbParameters parameters, int customers, int maxPeriods, int seed)
    {
        var random = new Random(seed);
        var result = new CustomerSummary[customers];
        for (int c = 0; c < customers; c++)
        {
            double p = NextBeta(random, parameters.Alpha, parameters.Beta);
            double theta = NextBeta(random, parameters.Gamma, parameters.Delta);
            int n = random.Next(1, maxPeriods + 1);
            int x = 0, recency = 0;
            for (int t = 1; t <= n; t++)
            {
                if (random.NextDouble() < theta) break;
                if (random.NextDouble() < p)
                {
                    x++;
                    recency = t;
                }
            }
            result[c] = new CustomerSummary(x, recency, n);
        }
        return result;
    }

    public static double NextBeta(Random random, double a, double b)
    {
        double x = NextGamma(random, a), y = NextGamma(random, b);
        return x / (x + y);
    }

    /// <summary>Marsaglia &amp; Tsang (2000), with the shape &lt; 1 boost U^{1/shape}.</summary>
    private static double NextGamma(Random random, double shape)
    {
        if (shape < 1) return NextGamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = NextNormal(random);
                v = 1 + c * z;
            }
            while (v <= 0);
            v = v * v * v;
            double u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    private static double NextNormal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgCnbdK;

namespace CrmGrpc.Modeling.Tests.Models.BgCnbdK;

/// <summary>
/// Books simulated from BG/CNBD-k (the model's own story, independent of its likelihood): λ ~ Gamma(r, α), p ~ Beta(a, b),
/// Erlang-k gaps (a sum of k exponentials), and after each repeat purchase a dropout with probability p.
/// </summary>
internal static class BgCnbdKSimulator
{
    /// <param name="ages">T of each customer (first purchase at 0); purchases are recorded at full precision, or on whole days when <paramref name="daysPerUnit"/> is given.</param>
    public static TimedHistory[] Simulate(BgCnbdKParameters parameters, double[] ages, int seed, double? daysPerUnit = null)
    {
        var random = new Random(seed);
        var histories = new TimedHistory[ages.Length];
        for (int c = 0; c < ages.Length; c++)
        {
            double age = ages[c];
            double rate = Gamma(random, parameters.R) / parameters.Alpha;
            double dropout = Beta(random, parameters.A, parameters.B);
            var times = new List<double> { 0 };
            double now = 0;
            while (true)
            {
                double gap = 0;
                for (int phase = 0; phase < parameters.K; phase++) gap -= Math.Log(1 - random.NextDouble()) / rate;
                now += gap;
                if (now > age) break;
                times.Add(now);
                if (random.NextDouble() < dropout) break;
            }
            if (daysPerUnit is { } days)
            {
                // Whole days, same-day purchases merged, as a transaction log would give them.
                int[] dayNumbers = [.. times.Select(t => (int)Math.Floor(t * days)).Distinct()];
                histories[c] = TimedHistoryBuilder.Build(dayNumbers, (int)Math.Floor(age * days), days == 7 ? TimeUnit.Weeks : TimeUnit.Days)!.Value;
            }
            else
            {
                double litt = 0;
                for (int i = 1; i < times.Count; i++) litt += Math.Log(times[i] - times[i - 1]);
                histories[c] = new TimedHistory(times.Count - 1, times[^1], age, litt);
            }
        }
        return histories;
    }

    /// <summary>Marsaglia–Tsang gamma variate with unit scale (with the u^(1/shape) boost below shape 1).</summary>
    public static double Gamma(Random random, double shape)
    {
        if (shape < 1) return Gamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Normal(random);
                v = 1 + c * z;
            }
            while (v <= 0);
            v = v * v * v;
            double u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    public static double Beta(Random random, double a, double b)
    {
        double x = Gamma(random, a), y = Gamma(random, b);
        return x / (x + y);
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Tests.Models.ParetoNbd;

/// <summary>
/// Customers drawn from the Pareto/NBD story: λ ~ Gamma(r, α), μ ~ Gamma(s, β), an exponential lifetime of rate μ,
/// Poisson purchases at rate λ while alive; ages uniform over (0, max age]. Times rounded up to a grid (days in weeks:
/// 1/7) when one is given, so histories collapse as the service's do.
/// </summary>
internal static class ParetoNbdSimulator
{
    public static CustomerSummary[] Simulate(int customers, double r, double alpha, double s, double beta, double maxAge,
        ulong seed, double grid = 0)
    {
        var random = new RandomSource(seed);
        var summaries = new CustomerSummary[customers];
        for (int i = 0; i < customers; i++)
        {
            double age = Round(maxAge * random.NextUniform(), grid);
            double rate = random.NextGamma(r, alpha);
            double lifetime = random.NextExponential() / random.NextGamma(s, beta);
            double end = Math.Min(lifetime, age);
            int x = 0;
            double last = 0;
            for (double time = random.NextExponential() / rate; time <= end; time += random.NextExponential() / rate)
            {
                double rounded = Round(time, grid);
                if (rounded > age || (grid > 0 && rounded == last)) continue; // same day: one purchase day
                x++;
                last = rounded;
            }
            summaries[i] = new CustomerSummary(x, x == 0 ? 0 : last, age);
        }
        return summaries;
    }

    private static double Round(double time, double grid) => grid > 0 ? Math.Max(grid, Math.Ceiling(time / grid) * grid) : time;
}

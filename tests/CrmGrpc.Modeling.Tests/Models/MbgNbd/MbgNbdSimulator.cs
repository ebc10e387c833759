using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Tests.Models.MbgNbd;

/// <summary>
/// Customers drawn from the MBG/NBD story: λ ~ Gamma(r, α), p ~ Beta(a, b); at the first purchase and after every
/// repeat purchase the customer drops out with probability p; Poisson purchases at rate λ while alive; ages uniform over
/// (0, max age].
/// </summary>
internal static class MbgNbdSimulator
{
    public static CustomerSummary[] Simulate(int customers, double r, double alpha, double a, double b, double maxAge, ulong seed)
    {
        var random = new RandomSource(seed);
        var summaries = new CustomerSummary[customers];
        for (int i = 0; i < customers; i++)
        {
            double age = maxAge * random.NextUniform();
            double rate = random.NextGamma(r, alpha);
            double dropout = random.NextBeta(a, b);
            int x = 0;
            double last = 0;
            if (random.NextUniform() >= dropout)
            {
                for (double time = random.NextExponential() / rate; time <= age; time += random.NextExponential() / rate)
                {
                    x++;
                    last = time;
                    if (random.NextUniform() < dropout) break;
                }
            }
            summaries[i] = new CustomerSummary(x, last, age);
        }
        return summaries;
    }
}

using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Domain.Tests.Uplift;

public sealed class CustomerBootstrapTests
{
    private static CustomerValues[] Values(int n, ulong seed = 3)
    {
        var random = new BootstrapRandom(seed);
        var values = new CustomerValues[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = new CustomerValues(random.NextIndex(5), random.NextIndex(7), random.NextIndex(3), random.NextIndex(3));
        }

        return values;
    }

    [Fact]
    public void The_same_seed_gives_the_same_resamples_whatever_the_number_of_threads()
    {
        var values = Values(2_000);

        var parallel = CustomerBootstrap.Run(values, 500, seed: 42, stream: 1);
        var again = CustomerBootstrap.Run(values, 500, seed: 42, stream: 1);
        var oneThread = CustomerBootstrap.Run(values, 500, seed: 42, stream: 1, maxDegreeOfParallelism: 1);

        Assert.Equal(parallel, again);
        Assert.Equal(parallel, oneThread);
    }

    [Fact]
    public void Another_seed_or_stream_gives_other_resamples()
    {
        var values = Values(2_000);
        var reference = CustomerBootstrap.Run(values, 100, seed: 42, stream: 1);

        Assert.NotEqual(reference, CustomerBootstrap.Run(values, 100, seed: 43, stream: 1));
        Assert.NotEqual(reference, CustomerBootstrap.Run(values, 100, seed: 42, stream: 2));
    }

    [Fact]
    public void A_resample_draws_n_customers_with_replacement_and_keeps_each_customers_values_together()
    {
        // Customer i has values (1, i, 0, 0): the baseline sum counts the draws, the post sum which were drawn.
        var values = Enumerable.Range(0, 1_000).Select(i => new CustomerValues(1, i, 2 * i, 0)).ToArray();
        var counts = new int[values.Length];

        var sums = CustomerBootstrap.Resample(values, seed: 99, counts);

        Assert.Equal(values.Length, sums.Baseline);
        Assert.Equal(values.Length, counts.Sum());
        Assert.Equal(Enumerable.Range(0, values.Length).Sum(i => (double)counts[i] * i), sums.Post);
        Assert.Equal(2 * sums.Post, sums.Early);                              // the pairing: same draws for every value
        Assert.InRange(counts.Count(c => c == 0), 330, 405);                  // ≈ n/e never drawn (367.9)
    }

    [Fact]
    public void Indices_are_uniform()
    {
        var random = new BootstrapRandom(5);
        var counts = new int[7];
        const int draws = 700_000;
        for (var i = 0; i < draws; i++)
        {
            counts[random.NextIndex(7)]++;
        }

        var chiSquare = counts.Sum(c => Math.Pow(c - (draws / 7.0), 2) / (draws / 7.0));
        Assert.True(chiSquare < 22.46, $"χ² = {chiSquare} over 6 degrees of freedom (p = 0.001 critical value 22.46)");
    }

    [Fact]
    public void Percentile_interval_interpolates_like_numpy_and_handles_zero_denominators()
    {
        var values = Enumerable.Range(1, 101).Select(i => (double)i).ToArray();   // 1 … 101
        var interval = PercentileInterval.Of(values).Interval!.Value;               // h = 100 × 0.025 = 2.5: halfway between 3 and 4
        Assert.Equal((3.5, 98.5), (Math.Round(interval.Lower, 12), Math.Round(interval.Upper, 12)));

        var withInfinity = Enumerable.Range(1, 100).Select(i => (double)i).Append(double.PositiveInfinity).Append(double.NaN).ToArray();
        var tolerated = PercentileInterval.Of(withInfinity);
        Assert.Equal((1, 1), (tolerated.Undefined, tolerated.Unbounded));
        Assert.Equal(3.5, tolerated.Interval!.Value.Lower, 12);                  // 101 defined values, one of them +∞ at the top

        var unbounded = Enumerable.Repeat(1.0, 90).Concat(Enumerable.Repeat(double.PositiveInfinity, 10)).ToArray();
        var none = PercentileInterval.Of(unbounded);
        Assert.Null(none.Interval);
        Assert.Contains("no bound", none.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Resample_ratios_with_zero_denominators_are_infinite_or_undefined()
    {
        Assert.Equal(0.25, UpliftAnalysis.ResampleRatio(5, 4));
        Assert.Equal(double.PositiveInfinity, UpliftAnalysis.ResampleRatio(1, 0));
        Assert.Equal(double.NegativeInfinity, UpliftAnalysis.ResampleRatio(-1, 0));
        Assert.True(double.IsNaN(UpliftAnalysis.ResampleRatio(0, 0)));
        Assert.True(double.IsNaN(UpliftAnalysis.ResampleRatio(3, -2)));
    }
}

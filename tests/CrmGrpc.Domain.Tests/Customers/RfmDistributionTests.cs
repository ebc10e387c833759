using CrmGrpc.Domain.Customers;

namespace CrmGrpc.Domain.Tests.Customers;

public class RfmDistributionTests
{
    [Fact]
    public void Scores_come_from_the_mid_rank_percentile()
    {
        // Frequencies 1 1 1 1 2 2 3 4 5 10: a frequency of 2 has 4 below and 2 equal, p = 5 / 10, score ⌊2.5⌋ + 1 = 3.
        var distribution = new RfmDistribution(new long[10], [1, 1, 1, 1, 2, 2, 3, 4, 5, 10], new long[10]);

        Assert.Equal(3, distribution.Score(0, 2, 0)!.Value.Frequency);
        Assert.Equal(2, distribution.Score(0, 1, 0)!.Value.Frequency); // p = 2 / 10
        Assert.Equal(5, distribution.Score(0, 10, 0)!.Value.Frequency); // p = 9.5 / 10
        Assert.Equal(1, distribution.Score(0, 0, 0)!.Value.Frequency); // below everyone
        Assert.Equal(5, distribution.Score(0, 11, 0)!.Value.Frequency); // above everyone, capped at 5
    }

    [Fact]
    public void Recency_is_reversed_fewer_days_score_higher()
    {
        var distribution = new RfmDistribution([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], new long[10], new long[10]);

        Assert.Equal(5, distribution.Score(1, 0, 0)!.Value.Recency);
        Assert.Equal(1, distribution.Score(10, 0, 0)!.Value.Recency);
    }

    [Fact]
    public void Extreme_values_do_not_overflow()
    {
        var distribution = new RfmDistribution([0, 0], [1, long.MaxValue], [long.MinValue, long.MaxValue]);

        var score = distribution.Score(0, long.MaxValue, long.MaxValue)!.Value;

        Assert.Equal(4, score.Frequency); // p = 1.5 / 2
        Assert.Equal(4, score.Monetary);
        Assert.Equal(2, distribution.Score(0, 0, long.MinValue)!.Value.Monetary); // p = 0.5 / 2
    }

    [Fact]
    public void An_empty_book_scores_nobody()
    {
        Assert.Null(new RfmDistribution([], [], []).Score(1, 1, 1));
    }

    [Fact]
    public void Distributions_of_different_sizes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new RfmDistribution([1], [1, 2], [1]));
    }

    [Fact]
    public void Scores_match_counting_on_a_book_of_long_ties()
    {
        // Most customers share a few values, as in real books (one purchase, a handful of spend levels).
        var random = new Random(7);
        long Draw() => random.Next(100) < 60 ? 1 : random.Next(1, 8);
        var values = Enumerable.Range(0, 20_000).Select(_ => Draw()).ToArray();
        var distribution = new RfmDistribution(new long[values.Length], [.. values], new long[values.Length]);

        for (long value = 0; value <= 9; value++)
        {
            var below = values.Count(v => v < value);
            var equal = values.Count(v => v == value);
            var expected = Math.Min(5, (int)Math.Floor((below + (equal / 2.0)) / values.Length * 5) + 1);

            Assert.Equal(expected, distribution.Score(0, value, 0)!.Value.Frequency);
        }
    }

    [Fact]
    public void Scores_of_any_value_match_counting_on_a_wide_distribution()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 5_000).Select(_ => random.NextInt64(-1_000, 1_000_000)).ToArray();
        var distribution = new RfmDistribution(new long[values.Length], new long[values.Length], [.. values]);

        // Stored values, their neighbours, and arbitrary probes.
        var probes = values.Take(500).SelectMany(v => new[] { v - 1, v, v + 1 })
            .Concat(Enumerable.Range(0, 500).Select(_ => random.NextInt64(-2_000, 1_100_000)))
            .Append(long.MinValue).Append(long.MaxValue);
        foreach (var probe in probes)
        {
            var below = values.Count(v => v < probe);
            var equal = values.Count(v => v == probe);
            var expected = Math.Min(5, (int)Math.Floor((below + (equal / 2.0)) / values.Length * 5) + 1);

            Assert.Equal(expected, distribution.Score(0, 0, probe)!.Value.Monetary);
        }
    }

    [Fact]
    public void The_code_is_the_three_scores_in_order_for_every_score_and_outside_one_to_five()
    {
        for (var r = 0; r <= 6; r++)
        {
            for (var f = 0; f <= 6; f++)
            {
                for (var m = 0; m <= 6; m++)
                {
                    Assert.Equal(string.Concat(r, f, m), new RfmScore(r, f, m).Code);
                }
            }
        }

        Assert.Equal("545", new RfmScore(5, 4, 5).Code);
        Assert.Equal("-112", new RfmScore(-1, 1, 2).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(5_000)]
    [InlineData(20_000)]
    public void A_built_distribution_scores_as_one_made_from_arrays_whatever_the_expected_size(int expected)
    {
        var random = new Random(23);
        var rows = Enumerable.Range(0, 5_000).Select(_ => (R: random.NextInt64(0, 700), F: random.NextInt64(1, 30), M: random.NextInt64(100, 90_000))).ToList();
        var builder = new RfmDistribution.Builder(expected);
        foreach (var (r, f, m) in rows)
        {
            builder.Add(r, f, m);
        }

        var built = builder.Build();
        var fromArrays = new RfmDistribution([.. rows.Select(x => x.R)], [.. rows.Select(x => x.F)], [.. rows.Select(x => x.M)]);

        Assert.Equal(rows.Count, built.Customers);
        foreach (var (r, f, m) in rows.Take(1_000).Concat([(0L, 0L, 0L), (10_000L, 100L, 1_000_000L)]))
        {
            Assert.Equal(fromArrays.Score(r, f, m), built.Score(r, f, m));
        }
    }

    [Fact]
    public void An_empty_builder_gives_a_distribution_without_customers()
    {
        var distribution = new RfmDistribution.Builder(1_000).Build();

        Assert.Equal(0, distribution.Customers);
        Assert.Null(distribution.Score(3, 2, 1_000));
    }
}

using CrmGrpc.Domain.Quality;

namespace CrmGrpc.Domain.Tests.Quality;

public class QuantileTests
{
    [Fact]
    public void Linear_interpolation_between_closest_ranks_as_numpy()
    {
        double[] values = [1, 2, 3, 4];

        // numpy.quantile([1, 2, 3, 4], [0, .25, .5, .75, 1]) = [1, 1.75, 2.5, 3.25, 4]
        Assert.Equal([1, 1.75, 2.5, 3.25, 4], new[] { 0, .25, .5, .75, 1 }.Select(p => Quantile.Of(values, p)));
    }

    [Fact]
    public void Ranks_are_zero_based_with_the_upper_ones_weight()
    {
        Assert.Equal((1L, 2L, 0.0), Quantile.Ranks(5, 0.25));   // h = 4 × .25 = 1
        Assert.Equal((2L, 3L, 0.25), Quantile.Ranks(4, 0.75));  // h = 3 × .75 = 2.25
        Assert.Equal((0L, 0L, 0.0), Quantile.Ranks(1, 0.75));   // one value is every quantile
        Assert.Equal((9L, 9L, 0.0), Quantile.Ranks(10, 1));
    }

    [Fact]
    public void Interpolate_weighs_the_upper_value_by_the_fraction()
    {
        Assert.Equal(12.5, Quantile.Interpolate(10, 20, 0.25));
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantile.Ranks(0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantile.Ranks(3, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantile.Ranks(3, double.NaN));
    }
}

using CrmGrpc.Cli.Import;

namespace CrmGrpc.Cli.Tests;

public class CurrenciesTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 0)]
    [InlineData("krw", 0)]
    [InlineData("BHD", 3)]
    [InlineData("", 2)]
    public void Exponents(string currency, int exponent) => Assert.Equal(exponent, Currencies.Exponent(currency));

    [Fact]
    public void Rounding_is_half_away_from_zero_only_when_asked()
    {
        Assert.True(Currencies.TryToMinor(12.345m, "USD", round: true, out var rounded));
        Assert.Equal(1235, rounded);
        Assert.False(Currencies.TryToMinor(12.345m, "USD", round: false, out _));
        Assert.True(Currencies.TryToMinor(12.3400m, "USD", round: false, out var exact));
        Assert.Equal(1234, exact);
    }

    [Fact]
    public void Overflow_fails() => Assert.False(Currencies.TryToMinor(decimal.MaxValue / 10, "USD", round: true, out _));

    [Theory]
    [InlineData(1999, "USD", "19.99")]
    [InlineData(1500, "JPY", "1500")]
    [InlineData(5, "KWD", "0.005")]
    [InlineData(-250, "EUR", "-2.50")]
    public void Formats_major_units(long minor, string currency, string text) =>
        Assert.Equal(text, Currencies.FormatMajor(minor, currency));
}

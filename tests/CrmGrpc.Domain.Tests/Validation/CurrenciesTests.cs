using CrmGrpc.Domain.Validation;

namespace CrmGrpc.Domain.Tests.Validation;

public class CurrenciesTests
{
    [Theory]
    [InlineData("USD")]
    [InlineData("EUR")]
    [InlineData("JPY")]
    [InlineData("KWD")]
    [InlineData("CHF")]
    public void IsIsoCode_accepts_active_codes(string code)
    {
        Assert.True(Currencies.IsIsoCode(code));
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("Usd")]
    [InlineData("XYZ")]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData(" USD")]
    [InlineData("")]
    [InlineData(null)]
    public void IsIsoCode_rejects_anything_else(string? code)
    {
        Assert.False(Currencies.IsIsoCode(code));
    }

    [Theory]
    [InlineData("USD", 100)]
    [InlineData("EUR", 100)]
    [InlineData("GBP", 100)]
    [InlineData("JPY", 1)]
    [InlineData("KRW", 1)]
    [InlineData("CLP", 1)]
    [InlineData("KWD", 1000)]
    [InlineData("BHD", 1000)]
    [InlineData("TND", 1000)]
    public void MinorUnitsPerMajor_follows_iso_4217(string code, int expected)
    {
        Assert.Equal(expected, Currencies.MinorUnitsPerMajor(code));
    }
}

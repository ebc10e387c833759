using System.Globalization;
using CrmGrpc.Cli.Import;
using CsCheck;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Cli.Tests;

/// <summary>The digit-by-digit timestamp and amount readers give exactly what the general parsers give, or step aside.</summary>
public class ParsingFastPathTests
{
    private static readonly Gen<string> TimestampLike =
        Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 13], Gen.Int[0, 32], Gen.Int[0, 25], Gen.Int[0, 61], Gen.Int[0, 61],
            Gen.OneOf("T", " ", "t"), Gen.OneOf("Z", "z", "+02:00", "", ".5Z"), Gen.Bool,
            (year, month, day, hour, minute, second, separator, zone, dateOnly) =>
            {
                var date = string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}-{day:00}");
                return dateOnly ? date : string.Create(CultureInfo.InvariantCulture, $"{date}{separator}{hour:00}:{minute:00}:{second:00}{zone}");
            });

    [Fact]
    public void Timestamps_parse_as_the_general_parser_does()
    {
        TimestampLike.Sample(text =>
        {
            var expected = DateTimeOffset.TryParseExact(text, Timestamps.Formats, CultureInfo.InvariantCulture, Timestamps.Styles, out var value);

            Assert.Equal(expected, Timestamps.TryParse(text, out var timestamp));
            Assert.Equal(expected ? Timestamp.FromDateTimeOffset(value) : new Timestamp(), timestamp);
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2023-02-29", false)]
    [InlineData("2024-03-01T23:59:59Z", true)]
    [InlineData("2024-03-01T24:00:00Z", false)]
    [InlineData("0000-01-01", false)]
    [InlineData(" 2024-03-01T10:15:30Z ", true)]
    [InlineData("2024-03-01T10:15:30+02:00", true)]
    public void Timestamp_edge_cases(string text, bool valid) => Assert.Equal(valid, Timestamps.TryParse(text, out _));

    [Fact]
    public void Plain_amounts_convert_as_the_decimal_path_does()
    {
        Gen.Select(Gen.String[Gen.Char["0123456789.-+"], 0, 9], Gen.OneOf("USD", "JPY", "KWD", "CLF")).Sample((text, currency) =>
        {
            if (Currencies.TryPlainToMinor(text, Currencies.Exponent(currency), out var minor))
            {
                Assert.True(decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major), text);
                Assert.True(Currencies.TryToMinor(major, currency, round: false, out var expected), text);
                Assert.Equal(expected, minor);
            }
        }, iter: 50_000);
    }

    [Theory]
    [InlineData("19.99", "USD", 1999L)]
    [InlineData("-0.5", "USD", -50L)]
    [InlineData("+7", "USD", 700L)]
    [InlineData(".25", "USD", 25L)]
    [InlineData("3.", "USD", 300L)]
    [InlineData("1.50000", "USD", 150L)]
    [InlineData("1500", "JPY", 1500L)]
    [InlineData("12.345", "KWD", 12345L)]
    public void Common_amounts_take_the_plain_path(string text, string currency, long minor)
    {
        Assert.True(Currencies.TryPlainToMinor(text, Currencies.Exponent(currency), out var value));
        Assert.Equal(minor, value);
    }

    [Theory]
    [InlineData("1.234", "USD")]
    [InlineData("1.5", "JPY")]
    [InlineData("1e3", "USD")]
    [InlineData(".", "USD")]
    [InlineData("-", "USD")]
    [InlineData("123456789012345", "USD")]
    public void Other_amounts_are_left_to_the_decimal_path(string text, string currency) =>
        Assert.False(Currencies.TryPlainToMinor(text, Currencies.Exponent(currency), out _));
}

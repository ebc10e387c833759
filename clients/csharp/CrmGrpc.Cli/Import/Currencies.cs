using System.Collections.Frozen;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// ISO 4217 minor-unit exponents: 2 unless listed (a small table of the common exceptions).
/// </summary>
internal static class Currencies
{
    private static readonly FrozenDictionary<string, int> Exceptions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        // No minor unit.
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["XPF"] = 0,
        // Thousandths.
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        // Ten-thousandths.
        ["CLF"] = 4, ["UYW"] = 4,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Digits after the decimal point in the currency's major unit.</summary>
    public static int Exponent(string currency) =>
        Exceptions.TryGetValue(currency.Trim(), out var exponent) ? exponent : 2;

    /// <summary>
    /// Converts a major-unit amount to minor units. With <paramref name="round"/> false, an amount more
    /// precise than the currency allows fails rather than being rounded; overflow always fails.
    /// </summary>
    public static bool TryToMinor(decimal major, string currency, bool round, out long minor)
    {
        minor = 0;
        var exponent = Exponent(currency);
        decimal scaled;
        try
        {
            scaled = major * Pow10(exponent);
        }
        catch (OverflowException)
        {
            return false;
        }

        var whole = decimal.Round(scaled, 0, MidpointRounding.AwayFromZero);
        if (!round && whole != scaled)
        {
            return false;
        }

        if (whole < long.MinValue || whole > long.MaxValue)
        {
            return false;
        }

        minor = (long)whole;
        return true;
    }

    /// <summary>
    /// Reads a plain decimal text ("-12.5", "19.99", "7") straight into minor units: what <see cref="TryToMinor"/>
    /// gives for the same text, without a decimal. Returns false for anything else (exponents of ten are
    /// not plain, nor are more than 14 whole digits or a fraction finer than the currency), so that the
    /// caller takes the general path, which decides.
    /// </summary>
    public static bool TryPlainToMinor(ReadOnlySpan<char> text, int exponent, out long minor)
    {
        minor = 0;
        var negative = false;
        if (!text.IsEmpty && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? [] : text[(point + 1)..].TrimEnd('0');
        if (whole.Length > 14 || fraction.Length > exponent || (whole.IsEmpty && (point < 0 || point == text.Length - 1)))
        {
            return false;
        }

        long value = 0;
        foreach (var c in whole)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        for (var i = 0; i < exponent; i++)
        {
            var c = i < fraction.Length ? fraction[i] : '0';
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        minor = negative ? -value : value;
        return true;
    }

    /// <summary>Formats minor units as a major-unit amount, e.g. 1999 USD as "19.99".</summary>
    public static string FormatMajor(long minor, string currency)
    {
        var exponent = Exponent(currency);
        var major = minor / Pow10(exponent);
        return major.ToString(exponent == 0 ? "0" : "0." + new string('0', exponent), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}

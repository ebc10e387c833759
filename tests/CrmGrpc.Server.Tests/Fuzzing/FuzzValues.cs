using System.Text;
using CsCheck;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Tests.Fuzzing;

/// <summary>
/// How wild the generated requests are: <see cref="Chaos"/> draws adversarial values often (every field is attacked);
/// <see cref="Calm"/> rarely and sets almost every field (most requests pass validation, so the code behind it is
/// reached with one odd value); <see cref="Sparse"/> is as calm but leaves about half the fields unset (defaults,
/// and the either-or fields that validation wants one of).
/// </summary>
public enum FuzzMode
{
    Chaos,
    Calm,
    Sparse,
}

/// <summary>
/// The scalar values the request generator draws from: valid-looking ones (so that calls get past the first check
/// and reach the deeper code) mixed with adversarial ones (empty and 10 KB strings, control characters, lone
/// surrogates, integer extremes, NaN and ±infinity, timestamps at and beyond the edges of their range).
/// Which valid-looking values a field gets is guessed from its name, so a new field is fuzzed without a change here.
/// </summary>
public static class FuzzValues
{
    /// <summary>The size of the "10 KB" strings.</summary>
    public const int LongStringChars = 10 * 1024;

    /// <summary>Elements in a huge repeated field.</summary>
    public const int HugeRepeatedCount = 100_000;

    /// <summary>Seconds of the first instant of year 1 and the last of year 9999 (google.protobuf.Timestamp's range).</summary>
    public const long Year1Seconds = -62_135_596_800;

    public const long Year9999Seconds = 253_402_300_799;

    /// <summary>Sane instants: the seeded book lives in 2023–2024.</summary>
    private static readonly long SaneFromSeconds = new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static readonly long SaneToSeconds = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    public static readonly string[] AdversarialStrings =
    [
        "",
        " ",
        new('x', LongStringChars),
        string.Concat(Enumerable.Repeat("é漢😀", LongStringChars / 4)),
        "\0",
        "a\0b",
        "\u0001\u0002\u001f\u007f\u0085",
        "\r\n\t\v\f",
        "\uD800",                 // a lone high surrogate
        "x\uDC00y",               // a lone low surrogate
        "\uDBFF\uDBFF",           // two high surrogates
        "\uFFFE\uFFFF",
        "\uFEFF",
        "\u202Eevil",
        "😀",
        "' OR 1=1 --",
        "\"; DROP TABLE customers; --",
        "%s%n%x",
        "{}",
        "[]",
        "null",
        "../../etc/passwd",
        "99999999999999999999999999",
        "-1",
        "NaN",
        "USD ",
        " fz-c-1",
    ];

    public static readonly long[] AdversarialLongs =
        [long.MinValue, long.MinValue + 1, long.MaxValue, long.MaxValue - 1, -1, 0, 1, int.MaxValue + 1L, int.MinValue - 1L, 9_007_199_254_740_993];

    public static readonly int[] AdversarialInts = [int.MinValue, int.MinValue + 1, int.MaxValue, int.MaxValue - 1, -1, 0, 1, short.MaxValue + 1];

    public static readonly double[] AdversarialDoubles =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, -double.Epsilon,
        double.MaxValue, double.MinValue, 1e308, -1e308, 1e-308, -1, 1e15, 1.0000000000000002,
    ];

    public static readonly Timestamp[] AdversarialTimestamps =
    [
        new() { Seconds = Year1Seconds },                              // 0001-01-01T00:00:00Z
        new() { Seconds = Year1Seconds, Nanos = 1 },
        new() { Seconds = Year9999Seconds, Nanos = 999_999_999 },      // 9999-12-31T23:59:59.999999999Z
        new() { Seconds = Year9999Seconds },
        new() { Seconds = Year1Seconds - 1 },                          // out of range
        new() { Seconds = Year9999Seconds + 1 },
        new() { Seconds = long.MinValue },
        new() { Seconds = long.MaxValue },
        new() { Seconds = 0, Nanos = -1 },
        new() { Seconds = 0, Nanos = 1_000_000_000 },
        new() { Seconds = 0, Nanos = int.MinValue },
        new() { Seconds = 0 },                                         // 1970-01-01
        new() { Seconds = -2_208_988_800 },                            // 1900-01-01
        new() { Seconds = 32_503_680_000 },                            // 3000-01-01
    ];

    public static Gen<string> Strings(string fieldName, IReadOnlyList<string> ids, IReadOnlyList<string> fieldNames, bool compact, FuzzMode mode)
    {
        var name = fieldName.ToLowerInvariant();
        var adversarial = compact
            ? Gen.OneOf(AdversarialStrings.Where(s => s.Length <= 64).ToArray())
            : Gen.OneOf(AdversarialStrings);
        var random = compact ? Gen.String[0, 32] : Gen.String[0, 200];
        Gen<string> sane;
        if (name.Contains("currency", StringComparison.Ordinal))
        {
            sane = Gen.OneOf("USD", "USD", "USD", "EUR", "GBP", "JPY", "usd", "XXX", "US");
        }
        else if (name == "id" || name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("ids", StringComparison.Ordinal))
        {
            var entity = FuzzBook.IdsFor(name, ids);
            sane = ids.Count == 0 ? Gen.String.AlphaNumeric
                : entity.Count == 0 ? Gen.OneOf(ids.ToArray())
                : Gen.Frequency((4, Gen.OneOf(entity.ToArray())), (1, Gen.OneOf(ids.ToArray())));
        }
        else if (name.Contains("segment", StringComparison.Ordinal) || name.Contains("channel", StringComparison.Ordinal))
        {
            sane = Gen.OneOf(FuzzBook.Segments.Concat(FuzzBook.Channels).ToArray());
        }
        else if (name == "paths")
        {
            // FieldMask paths: the names of real fields, some nested.
            sane = Gen.OneOf(fieldNames.Concat(["customer.name", "attributes.tier", "*"]).ToArray());
        }
        else if (name.Contains("email", StringComparison.Ordinal))
        {
            sane = Gen.OneOf("a@example.com", "not-an-email", "@", "a@b");
        }
        else if (name.Contains("token", StringComparison.Ordinal))
        {
            // Page tokens: only the server makes valid ones; calm requests start at the first page.
            sane = mode == FuzzMode.Chaos ? Gen.String.AlphaNumeric : Gen.Const("");
        }
        else if (name.Contains("key", StringComparison.Ordinal))
        {
            sane = Gen.OneOf(FuzzBook.AttributeKeys);
        }
        else if (name.Contains("kind", StringComparison.Ordinal))
        {
            sane = Gen.OneOf("login", "page_view", "purchase");
        }
        else
        {
            sane = Gen.String.AlphaNumeric;
        }

        return mode != FuzzMode.Chaos
            ? Gen.Frequency((40, sane), (1, adversarial), (1, random))
            : Gen.Frequency((6, sane), (3, adversarial), (1, random));
    }

    public static Gen<int> Ints(string fieldName, FuzzMode mode)
    {
        var name = fieldName.ToLowerInvariant();
        var sane = name switch
        {
            _ when name.EndsWith("size", StringComparison.Ordinal) => Gen.Int[0, 50],
            _ when name.EndsWith("days", StringComparison.Ordinal) => Gen.Int[0, 400],
            _ when name.Contains("samples", StringComparison.Ordinal) => Gen.Int[0, 300],
            _ when name.Contains("score", StringComparison.Ordinal) => Gen.Int[-1, 11],
            _ => Gen.Int[0, 100],
        };
        return Gen.Frequency((mode == FuzzMode.Chaos ? 7 : 60, sane), (3, Gen.OneOf(AdversarialInts)), (1, Gen.Int));
    }

    public static Gen<long> Longs(string fieldName, FuzzMode mode)
    {
        var name = fieldName.ToLowerInvariant();
        var sane = name.Contains("minor", StringComparison.Ordinal) ? Gen.Long[-1000, 200_000] : Gen.Long[0, 1000];
        return Gen.Frequency((mode == FuzzMode.Chaos ? 7 : 60, sane), (3, Gen.OneOf(AdversarialLongs)), (1, Gen.Long));
    }

    public static Gen<double> Doubles(string fieldName, FuzzMode mode)
    {
        var name = fieldName.ToLowerInvariant();
        var sane = name switch
        {
            _ when name.Contains("rate", StringComparison.Ordinal) || name.Contains("margin", StringComparison.Ordinal)
                || name.Contains("quantile", StringComparison.Ordinal) || name.Contains("probability", StringComparison.Ordinal)
                || name.Contains("coef", StringComparison.Ordinal) => Gen.Double[0, 1],
            _ when name.Contains("seconds", StringComparison.Ordinal) => Gen.Double[0, 7200],
            _ => Gen.Double[0, 1000],
        };
        return Gen.Frequency((mode == FuzzMode.Chaos ? 7 : 60, sane), (3, Gen.OneOf(AdversarialDoubles)), (1, Gen.Double));
    }

    public static Gen<float> Floats(string fieldName, FuzzMode mode) => Doubles(fieldName, mode).Select(d => (float)d);

    public static Gen<Timestamp> Timestamps(FuzzMode mode) => Gen.Frequency(
        (mode == FuzzMode.Chaos ? 7 : 80, Gen.Long[SaneFromSeconds, SaneToSeconds].Select(seconds => new Timestamp { Seconds = seconds })),
        (1, Gen.Long[SaneFromSeconds, SaneToSeconds].Select(Gen.Int[0, 999_999_999], (seconds, nanos) => new Timestamp { Seconds = seconds, Nanos = nanos })),
        (3, Gen.OneOf(AdversarialTimestamps).Select(t => t.Clone())));

    public static Gen<uint> UnsignedInts { get; } = Gen.Frequency((7, Gen.UInt[0, 100]), (2, Gen.OneOf(0u, 1u, uint.MaxValue)), (1, Gen.UInt));

    public static Gen<ulong> UnsignedLongs { get; } = Gen.Frequency((7, Gen.ULong[0, 1000]), (2, Gen.OneOf(0ul, 1ul, ulong.MaxValue)), (1, Gen.ULong));

    public static Gen<byte[]> Bytes(bool compact) => Gen.Byte.Array[0, compact ? 16 : 256];

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, or for lone surrogates their WTF-8 form, which no UTF-8 encoder writes.</summary>
    public static byte[] Wtf8(string text)
    {
        var bytes = new List<byte>();
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
            {
                bytes.Add((byte)(0xE0 | (c >> 12)));
                bytes.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (c & 0x3F)));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return [.. bytes];
    }
}

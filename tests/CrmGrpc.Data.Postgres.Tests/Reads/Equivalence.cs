using System.Collections;
using System.Reflection;
using Xunit.Sdk;

namespace CrmGrpc.Data.Postgres.Tests.Reads;

/// <summary>
/// Deep comparison of what the two stores return: the same values member by member (public properties), dictionaries
/// by key, sequences in order, doubles within 1e-9 relative. A mismatch names its path.
/// </summary>
internal static class Equivalence
{
    public const double Tolerance = 1e-9;

    public static void AssertSame(object? expected, object? actual, string path)
    {
        if (Differs(expected, actual, path, depth: 0) is { } difference)
        {
            throw new XunitException(difference);
        }
    }

    private static string? Differs(object? expected, object? actual, string path, int depth)
    {
        if (depth > 12)
        {
            throw new InvalidOperationException($"{path}: too deep to compare");
        }

        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }

        if (expected.GetType() != actual.GetType())
        {
            return $"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}";
        }

        switch (expected)
        {
            case double e:
                var a = (double)actual;
                return e == a || Math.Abs(e - a) <= Tolerance * Math.Max(Math.Abs(e), Math.Abs(a)) ? null : $"{path}: expected {e:R}, got {a:R}";
            case string or DateTimeOffset or DateTime or Enum or TimeSpan:
            case var _ when expected.GetType().IsPrimitive || expected is decimal:
                return expected.Equals(actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
            case System.Runtime.CompilerServices.ITuple expectedTuple:
                var actualTuple = (System.Runtime.CompilerServices.ITuple)actual;
                for (var i = 0; i < expectedTuple.Length; i++)
                {
                    if (Differs(expectedTuple[i], actualTuple[i], $"{path}.Item{i + 1}", depth + 1) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case IDictionary expectedMap:
                var actualMap = (IDictionary)actual;
                var expectedKeys = expectedMap.Keys.Cast<object>().Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();
                var actualKeys = actualMap.Keys.Cast<object>().Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();
                if (!expectedKeys.SequenceEqual(actualKeys))
                {
                    return $"{path}: expected keys [{string.Join(", ", expectedKeys)}], got [{string.Join(", ", actualKeys)}]";
                }

                foreach (var key in expectedMap.Keys)
                {
                    if (Differs(expectedMap[key], actualMap[key], $"{path}[{key}]", depth + 1) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case IEnumerable expectedItems:
                var e1 = expectedItems.Cast<object?>().ToList();
                var a1 = ((IEnumerable)actual).Cast<object?>().ToList();
                if (e1.Count != a1.Count)
                {
                    return $"{path}: expected {e1.Count} items, got {a1.Count}";
                }

                for (var i = 0; i < e1.Count; i++)
                {
                    if (Differs(e1[i], a1[i], $"{path}[{i}]", depth + 1) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
        }

        var properties = expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        if (properties.Count == 0)
        {
            return expected.Equals(actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }

        foreach (var property in properties)
        {
            if (Differs(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}", depth + 1) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => value.ToString() ?? "",
    };
}

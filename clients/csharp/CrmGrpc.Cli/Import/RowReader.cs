using System.Globalization;
using CrmGrpc.Cli.Csv;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// Reads the typed fields of one CSV record for a row mapper. A field that cannot be converted records
/// the row's first problem and yields a default; <see cref="Finish{T}"/> then rejects the row. Empty
/// string fields pass through (the server validates content); what cannot be represented in the message
/// (a malformed number, date or enum word, a missing required timestamp) is rejected here.
/// </summary>
internal sealed class RowReader(CsvRecord record, CsvHeader header)
{
    private string? failedField;
    private string? failure;

    public bool Failed => failure is not null;

    /// <summary>The field, trimmed, as a string ("" for an absent column).</summary>
    public string Text(int column)
    {
        var text = Field(column);
        return text.IsEmpty ? string.Empty : text.ToString();
    }

    public Timestamp? Timestamp(int column, bool required = true)
    {
        var text = Field(column);
        if (text.IsEmpty)
        {
            if (required)
            {
                Fail(column, "is required");
            }

            return null;
        }

        if (!Timestamps.TryParse(text, out var timestamp))
        {
            Fail(column, $"'{text}' is not an ISO-8601 timestamp or yyyy-MM-dd date");
            return null;
        }

        return timestamp;
    }

    public int Int32(int column, bool required = true)
    {
        var text = Field(column);
        if (text.IsEmpty)
        {
            if (required)
            {
                Fail(column, "is required");
            }

            return 0;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Fail(column, $"'{text}' is not a whole number");
        }

        return value;
    }

    public long Int64(int column, bool required = true)
    {
        var text = Field(column);
        if (text.IsEmpty)
        {
            if (required)
            {
                Fail(column, "is required");
            }

            return 0;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Fail(column, $"'{text}' is not a whole number");
        }

        return value;
    }

    public double Double(int column)
    {
        var text = Field(column);
        if (text.IsEmpty)
        {
            return 0;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Fail(column, $"'{text}' is not a number");
        }

        return value;
    }

    public TEnum Choice<TEnum>(int column, EnumVocabulary<TEnum> vocabulary, bool required = true)
        where TEnum : struct, System.Enum
    {
        var text = Field(column);
        if (text.IsEmpty)
        {
            if (required)
            {
                Fail(column, $"is required ({string.Join("|", vocabulary.Words)})");
            }

            return default;
        }

        if (!vocabulary.TryParse(text, out var value))
        {
            Fail(column, $"'{text}' is not one of {string.Join("|", vocabulary.Words)}");
        }

        return value;
    }

    /// <summary>
    /// An amount in minor units, from the minor-unit column when the file has one, else from the
    /// major-unit column converted with the currency's exponent. Null when both are empty.
    /// </summary>
    public long? Money(int majorColumn, int minorColumn, string currency, bool required = true)
    {
        if (minorColumn >= 0 && !Field(minorColumn).IsEmpty)
        {
            return Int64(minorColumn);
        }

        var text = Field(majorColumn);
        if (text.IsEmpty)
        {
            if (required)
            {
                Fail(majorColumn >= 0 ? majorColumn : minorColumn, "is required");
            }

            return null;
        }

        if (Currencies.TryPlainToMinor(text, Currencies.Exponent(currency), out var plain))
        {
            return plain;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major))
        {
            Fail(majorColumn, $"'{text}' is not a decimal amount");
            return null;
        }

        if (!Currencies.TryToMinor(major, currency, round: false, out var minor))
        {
            Fail(majorColumn, $"'{text}' does not fit {Currencies.Exponent(currency)} decimal places of {(currency.Length > 0 ? currency : "the currency")}");
            return null;
        }

        return minor;
    }

    /// <summary>
    /// A code in upper case (a currency). <paramref name="last"/> is the previous row's: files rarely change
    /// currency from row to row, so the string is reused rather than made twice per row.
    /// </summary>
    public string UpperCode(int column, ref string last)
    {
        var text = Field(column);
        if (!text.SequenceEqual(last))
        {
            last = text.IsEmpty ? string.Empty : text.ToString().ToUpperInvariant();
        }

        return last;
    }

    /// <summary>Fills a map from "k=v;k=v" (keys trimmed; an empty field is no attributes).</summary>
    public void Attributes(int column, MapField<string, string> target)
    {
        var text = Text(column);
        if (text.Length == 0)
        {
            return;
        }

        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? pair[..equals].Trim() : string.Empty;
            if (key.Length == 0)
            {
                Fail(column, $"'{pair}' is not key=value");
                return;
            }

            if (target.ContainsKey(key))
            {
                Fail(column, $"key '{key}' appears twice");
                return;
            }

            target[key] = pair[(equals + 1)..].Trim();
        }
    }

    /// <summary>The field, trimmed: numbers, dates and words are parsed from it without a string.</summary>
    private ReadOnlySpan<char> Field(int column) => record[column].Trim();

    public void Fail(int column, string reason)
    {
        if (failure is null)
        {
            failedField = column >= 0 && column < header.Count ? header.Names[column].Trim() : string.Empty;
            failure = reason;
        }
    }

    /// <summary>The row's result: the item, or its rejection when a field failed.</summary>
    public RowResult<T> Finish<T>(T item, string id)
        where T : class =>
        failure is null
            ? RowResult<T>.Ok(record.Line, item)
            : RowResult<T>.Rejected(new LocalRejection(record.Line, id, failedField ?? string.Empty,
                string.IsNullOrEmpty(failedField) ? failure : $"{failedField} {failure}"));
}

using System.Runtime.CompilerServices;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Validation;

/// <summary>
/// Collects the violations of one row. Each check names the field as the contract does, so the caller
/// can point at it (BadRequest field violations, import errors).
/// </summary>
public sealed class FieldChecks(ValidationContext context)
{
    /// <summary>Client-supplied ids: the idempotency keys. Bounded and printable so they index and print well.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Free-text fields (names, segments, descriptions) are bounded to keep rows small.</summary>
    public const int MaxTextLength = 1024;

    /// <summary>Why a text holding U+0000 is refused: PostgreSQL's text cannot keep it, so no store does.</summary>
    public const string NulDescription = "contains the NUL character (U+0000)";

    // Made on the first violation: most rows of an import have none, and each list was one more allocation a row.
    private List<FieldViolation>? _violations;

    public ValidationContext Context => context;

    public IReadOnlyList<FieldViolation> Violations => (IReadOnlyList<FieldViolation>?)_violations ?? [];

    public bool IsValid => _violations is null;

    public FieldChecks Add(string field, string description, RejectionReason reason = RejectionReason.InvalidField)
    {
        (_violations ??= []).Add(new FieldViolation(field, description, reason));
        return this;
    }

    /// <summary>Adds the violation unless <paramref name="holds"/>.</summary>
    public FieldChecks Ensure(bool holds, string field, string description, RejectionReason reason = RejectionReason.InvalidField) =>
        holds ? this : Add(field, description, reason);

    /// <summary>Adds the violation unless <paramref name="holds"/>; the description is only formatted when it is added.</summary>
    public FieldChecks Ensure(
        bool holds, string field, [InterpolatedStringHandlerArgument(nameof(holds))] ref FailureDescription description,
        RejectionReason reason = RejectionReason.InvalidField) =>
        holds ? this : Add(field, description.ToStringAndClear(), reason);

    public FieldChecks Id(string field, string? value, string what = "id")
    {
        if (string.IsNullOrEmpty(value))
        {
            return Add(field, $"{what} is required");
        }

        if (value.Length > MaxIdLength)
        {
            return Add(field, $"{what} is longer than {MaxIdLength} characters");
        }

        // char.IsControl's two ranges, searched vectorised: ids are checked on every imported row.
        return value.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || value.AsSpan().ContainsAnyInRange('\u007F', '\u009F')
            ? Add(field, $"{what} contains control characters")
            : this;
    }

    public FieldChecks Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required");
        }

        return Text(field, value);
    }

    public FieldChecks Text(string field, string? value) => value switch
    {
        { Length: > MaxTextLength } => Add(field, $"is longer than {MaxTextLength} characters"),
        // Refused on every store, so a book moves between them unchanged.
        _ when value.AsSpan().Contains('\0') => Add(field, NulDescription),
        _ => this,
    };

    /// <summary>A required timestamp: set, not before 1900, not more than a day in the future.</summary>
    public FieldChecks Timestamp(string field, DateTimeOffset value)
    {
        if (value == default)
        {
            return Add(field, "is required", RejectionReason.BadTimestamp);
        }

        if (value < ValidationContext.EarliestPlausible)
        {
            return Add(field, $"{Format(value)} is before 1900", RejectionReason.BadTimestamp);
        }

        return value > context.LatestPlausible
            ? Add(field, $"{Format(value)} is more than a day in the future", RejectionReason.BadTimestamp)
            : this;
    }

    private static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public FieldChecks OptionalTimestamp(string field, DateTimeOffset? value) =>
        value is { } set ? Timestamp(field, set) : this;

    /// <summary><paramref name="later"/>, when set, is not before <paramref name="earlier"/>.</summary>
    public FieldChecks NotBefore(string field, DateTimeOffset? later, string earlierField, DateTimeOffset earlier) =>
        later is { } value && value != default && earlier != default && value < earlier
            ? Add(field, $"is before {earlierField}", RejectionReason.BadTimestamp)
            : this;

    /// <summary>An ISO-4217 code equal to the book's reporting currency: amounts are never summed across currencies.</summary>
    public FieldChecks Currency(string field, string? value)
    {
        if (!Currencies.IsIsoCode(value))
        {
            return Add(field, $"{Echo.Quote(value)} is not a 3-letter ISO-4217 currency code", RejectionReason.BadCurrency);
        }

        return value != context.BookCurrency
            ? Add(field, $"{Echo.Quote(value)} is not the book's currency {context.BookCurrency}", RejectionReason.BadCurrency)
            : this;
    }

    public FieldChecks NotNegative(string field, long? value) =>
        value is < 0 ? Add(field, $"must not be negative, was {value}", RejectionReason.BadAmount) : this;

    public FieldChecks FiniteNotNegative(string field, double value) =>
        double.IsFinite(value) && value >= 0 ? this : Add(field, $"must be a finite number ≥ 0, was {value}");

    public FieldChecks InRange(string field, int value, int min, int max) =>
        value >= min && value <= max ? this : Add(field, $"must be between {min} and {max}, was {value}");
}

/// <summary>An interpolated violation description that is formatted only when the check fails.</summary>
[InterpolatedStringHandler]
public ref struct FailureDescription
{
    private DefaultInterpolatedStringHandler _handler;

    public FailureDescription(int literalLength, int formattedCount, bool holds, out bool formats)
    {
        formats = !holds;
        _handler = formats ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _handler.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _handler.AppendFormatted(value);

    internal string ToStringAndClear() => _handler.ToStringAndClear();
}

using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;

namespace CrmGrpc.Domain.Tests.Validation;

public class FieldChecksTests
{
    private static FieldChecks Checks() => new(Samples.Context);

    private static FieldViolation Single(FieldChecks checks, string field, RejectionReason reason)
    {
        var violation = Assert.Single(checks.Violations);
        Assert.Equal(field, violation.Field);
        Assert.Equal(reason, violation.Reason);
        Assert.False(checks.IsValid);
        return violation;
    }

    private static void Valid(FieldChecks checks)
    {
        Assert.Empty(checks.Violations);
        Assert.True(checks.IsValid);
    }

    [Fact]
    public void New_checks_are_valid_and_carry_the_context()
    {
        var checks = Checks();

        Valid(checks);
        Assert.Same(Samples.Context, checks.Context);
    }

    [Fact]
    public void Add_keeps_violations_in_order_with_their_reasons()
    {
        var checks = Checks().Add("a", "first").Add("b", "second", RejectionReason.BadAmount);

        Assert.Equal(
            [new FieldViolation("a", "first", RejectionReason.InvalidField), new FieldViolation("b", "second", RejectionReason.BadAmount)],
            checks.Violations);
    }

    [Fact]
    public void Ensure_adds_only_when_the_condition_fails()
    {
        Valid(Checks().Ensure(true, "f", "broken"));

        var violation = Single(Checks().Ensure(false, "f", "broken", RejectionReason.BadTimestamp), "f", RejectionReason.BadTimestamp);
        Assert.Equal("broken", violation.Description);
    }

    [Fact]
    public void Ensure_formats_an_interpolated_description_only_when_the_condition_fails()
    {
        var formatted = new CountsFormatting();

        Valid(Checks().Ensure(true, "f", $"was {formatted}"));
        Assert.Equal(0, formatted.Count);

        var violation = Single(Checks().Ensure(false, "f", $"was {formatted}", RejectionReason.BadAmount), "f", RejectionReason.BadAmount);
        Assert.Equal("was formatted 1", violation.Description);
    }

    private sealed class CountsFormatting
    {
        public int Count { get; private set; }

        public override string ToString() => $"formatted {++Count}";
    }

    [Theory]
    [InlineData("a\u001fb")]
    [InlineData("\u009f")]
    [InlineData("\u0080x")]
    public void Id_with_control_characters_at_the_ends_of_their_ranges_is_rejected(string escaped)
    {
        var value = System.Text.RegularExpressions.Regex.Unescape(escaped);

        Single(Checks().Id("id", value), "id", RejectionReason.InvalidField);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("\u00a0é~")]
    [InlineData("t00000001-0003")]
    public void Id_of_printable_characters_is_valid(string escaped)
    {
        Valid(Checks().Id("id", System.Text.RegularExpressions.Regex.Unescape(escaped)));
    }

    // ---- Id ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Id_missing_is_required(string? value)
    {
        var violation = Single(Checks().Id("id", value), "id", RejectionReason.InvalidField);

        Assert.Equal("id is required", violation.Description);
    }

    [Fact]
    public void Id_names_what_it_checks_in_the_message()
    {
        var violation = Single(Checks().Id("customer_id", "", "customer_id"), "customer_id", RejectionReason.InvalidField);

        Assert.Equal("customer_id is required", violation.Description);
    }

    [Fact]
    public void Id_at_the_maximum_length_is_valid()
    {
        Valid(Checks().Id("id", new string('x', FieldChecks.MaxIdLength)));
    }

    [Fact]
    public void Id_one_over_the_maximum_length_is_rejected()
    {
        var violation = Single(Checks().Id("id", new string('x', FieldChecks.MaxIdLength + 1)), "id", RejectionReason.InvalidField);

        Assert.Contains("longer than 128", violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\tb")]
    [InlineData("\0")]
    [InlineData("a\u007f")]
    [InlineData("a\u0085")]
    public void Id_with_control_characters_is_rejected(string value)
    {
        var violation = Single(Checks().Id("id", value), "id", RejectionReason.InvalidField);

        Assert.Contains("control characters", violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c-1")]
    [InlineData("ÄÖÜ-日本-😀")]
    [InlineData("with space")]
    public void Id_printable_text_is_valid(string value)
    {
        Valid(Checks().Id("id", value));
    }

    // ---- Required / Text ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Required_blank_is_rejected(string? value)
    {
        var violation = Single(Checks().Required("name", value), "name", RejectionReason.InvalidField);

        Assert.Equal("is required", violation.Description);
    }

    [Fact]
    public void Required_too_long_is_rejected()
    {
        Single(Checks().Required("name", new string('x', FieldChecks.MaxTextLength + 1)), "name", RejectionReason.InvalidField);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Text_may_be_empty(string? value)
    {
        Valid(Checks().Text("segment", value));
    }

    [Fact]
    public void Text_at_the_maximum_length_is_valid_and_one_over_is_not()
    {
        Valid(Checks().Text("segment", new string('x', FieldChecks.MaxTextLength)));

        var violation = Single(Checks().Text("segment", new string('x', FieldChecks.MaxTextLength + 1)), "segment", RejectionReason.InvalidField);
        Assert.Contains("longer than 1024", violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("smb\u0000")]
    [InlineData("a\u0000b")]
    public void Text_with_a_NUL_character_is_rejected(string value)
    {
        var violation = Single(Checks().Text("segment", value), "segment", RejectionReason.InvalidField);
        Assert.Equal("contains the NUL character (U+0000)", violation.Description);
        Single(Checks().Required("name", "x" + value), "name", RejectionReason.InvalidField);
    }

    [Fact]
    public void Text_keeps_other_control_characters_and_any_other_character()
    {
        Valid(Checks().Text("segment", "tab\tnew line\n\u0001 é 🙂"));
    }

    // ---- Timestamp ----

    [Fact]
    public void Timestamp_default_is_required_with_BadTimestamp()
    {
        var violation = Single(Checks().Timestamp("occurred_at", default), "occurred_at", RejectionReason.BadTimestamp);

        Assert.Equal("is required", violation.Description);
    }

    [Fact]
    public void Timestamp_exactly_1900_is_valid()
    {
        Valid(Checks().Timestamp("occurred_at", ValidationContext.EarliestPlausible));
    }

    [Fact]
    public void Timestamp_one_millisecond_before_1900_is_rejected()
    {
        var value = ValidationContext.EarliestPlausible.AddMilliseconds(-1);

        var violation = Single(Checks().Timestamp("occurred_at", value), "occurred_at", RejectionReason.BadTimestamp);
        Assert.Equal("1899-12-31T23:59:59.999Z is before 1900", violation.Description);
    }

    [Fact]
    public void Timestamp_before_1900_in_utc_though_not_on_the_local_clock_is_rejected()
    {
        // 1900-01-01T00:30+01:00 is 1899-12-31T23:30Z.
        var value = new DateTimeOffset(1900, 1, 1, 0, 30, 0, TimeSpan.FromHours(1));

        Single(Checks().Timestamp("occurred_at", value), "occurred_at", RejectionReason.BadTimestamp);
    }

    [Fact]
    public void Timestamp_exactly_one_day_ahead_is_valid()
    {
        Valid(Checks().Timestamp("occurred_at", Samples.Now.AddDays(1)));
    }

    [Fact]
    public void Timestamp_more_than_one_day_ahead_is_rejected()
    {
        var value = Samples.Now.AddDays(1).AddMilliseconds(1);

        var violation = Single(Checks().Timestamp("occurred_at", value), "occurred_at", RejectionReason.BadTimestamp);
        Assert.Equal("2025-06-02T12:00:00.001Z is more than a day in the future", violation.Description);
    }

    [Fact]
    public void Timestamp_now_and_the_past_are_valid()
    {
        Valid(Checks().Timestamp("a", Samples.Now).Timestamp("b", new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void OptionalTimestamp_unset_is_valid_and_set_is_checked()
    {
        Valid(Checks().OptionalTimestamp("churned_at", null));

        Single(Checks().OptionalTimestamp("churned_at", default(DateTimeOffset)), "churned_at", RejectionReason.BadTimestamp);
        Single(Checks().OptionalTimestamp("churned_at", Samples.Now.AddDays(2)), "churned_at", RejectionReason.BadTimestamp);
    }

    // ---- NotBefore ----

    [Fact]
    public void NotBefore_later_before_earlier_is_rejected_naming_both()
    {
        var earlier = Samples.Now;

        var violation = Single(
            Checks().NotBefore("churned_at", earlier.AddMilliseconds(-1), "acquired_at", earlier), "churned_at", RejectionReason.BadTimestamp);
        Assert.Equal("is before acquired_at", violation.Description);
    }

    [Fact]
    public void NotBefore_equal_unset_or_default_is_valid()
    {
        var earlier = Samples.Now;

        Valid(Checks()
            .NotBefore("a", earlier, "e", earlier)
            .NotBefore("b", earlier.AddTicks(1), "e", earlier)
            .NotBefore("c", null, "e", earlier)
            .NotBefore("d", default(DateTimeOffset), "e", earlier)
            .NotBefore("f", earlier, "e", default));
    }

    // ---- Currency ----

    [Fact]
    public void Currency_of_the_book_is_valid()
    {
        Valid(Checks().Currency("currency", "USD"));
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("Usd")]
    [InlineData("XYZ")]
    [InlineData("US")]
    [InlineData("USDD")]
    [InlineData("")]
    [InlineData(null)]
    public void Currency_not_an_iso_code_is_BadCurrency(string? value)
    {
        var violation = Single(Checks().Currency("currency", value), "currency", RejectionReason.BadCurrency);

        Assert.Contains("is not a 3-letter ISO-4217 currency code", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Currency_iso_but_not_the_books_is_BadCurrency()
    {
        var violation = Single(Checks().Currency("currency", "EUR"), "currency", RejectionReason.BadCurrency);

        Assert.Equal("'EUR' is not the book's currency USD", violation.Description);
    }

    [Theory]
    [InlineData(3_000)]
    [InlineData(100_000)]
    public void Currency_echoes_a_long_value_cut_with_its_length(int length)
    {
        var violation = Single(Checks().Currency("currency", new string('X', length)), "currency", RejectionReason.BadCurrency);

        Assert.Contains($"({length} characters)", violation.Description, StringComparison.Ordinal);
        Assert.True(violation.Description.Length < 150, violation.Description);
    }

    // ---- amounts ----

    [Fact]
    public void NotNegative_unset_zero_or_positive_is_valid()
    {
        Valid(Checks().NotNegative("a", null).NotNegative("b", 0).NotNegative("c", 1));
    }

    [Fact]
    public void NotNegative_negative_is_BadAmount()
    {
        var violation = Single(Checks().NotNegative("cost_minor", -1), "cost_minor", RejectionReason.BadAmount);

        Assert.Equal("must not be negative, was -1", violation.Description);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-0.001)]
    public void FiniteNotNegative_rejects_nan_infinity_and_negative(double value)
    {
        Single(Checks().FiniteNotNegative("handle_seconds", value), "handle_seconds", RejectionReason.InvalidField);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.MaxValue)]
    public void FiniteNotNegative_accepts_finite_non_negative(double value)
    {
        Valid(Checks().FiniteNotNegative("handle_seconds", value));
    }

    [Fact]
    public void FiniteNotNegative_accepts_negative_zero()
    {
        Valid(Checks().FiniteNotNegative("handle_seconds", -0.0));
    }

    // ---- InRange ----

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(10)]
    public void InRange_inclusive_bounds_are_valid(int value)
    {
        Valid(Checks().InRange("score", value, 0, 10));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void InRange_outside_is_rejected(int value)
    {
        var violation = Single(Checks().InRange("score", value, 0, 10), "score", RejectionReason.InvalidField);

        Assert.Equal($"must be between 0 and 10, was {value}", violation.Description);
    }
}

using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;

namespace CrmGrpc.Domain.Tests.Validation;

public class EntityRulesTests
{
    private static readonly ValidationContext Context = Samples.Context;

    private static void AssertSingle(IReadOnlyList<FieldViolation> violations, string field, RejectionReason reason)
    {
        var violation = Assert.Single(violations);
        Assert.Equal(field, violation.Field);
        Assert.Equal(reason, violation.Reason);
    }

    private static IEnumerable<(string Field, RejectionReason Reason)> Summary(IReadOnlyList<FieldViolation> violations) =>
        violations.Select(v => (v.Field, v.Reason));

    // ---- Customer ----

    [Fact]
    public void Customer_valid_passes()
    {
        Assert.Empty(EntityRules.Check(Samples.Customer(), Context));
    }

    [Fact]
    public void Customer_churned_at_after_acquired_at_passes()
    {
        var customer = Samples.Customer() with { ChurnedAt = Samples.Now.AddDays(-1) };

        Assert.Empty(EntityRules.Check(customer, Context));
    }

    [Fact]
    public void Customer_with_only_an_id_and_acquired_at_passes()
    {
        var customer = new Customer("c-9", "", "", "", "", Samples.Now, null, new Dictionary<string, string>());

        Assert.Empty(EntityRules.Check(customer, Context));
    }

    [Fact]
    public void Customer_churned_at_before_acquired_at_is_BadTimestamp()
    {
        var customer = Samples.Customer() with { ChurnedAt = Samples.Customer().AcquiredAt.AddMilliseconds(-1) };

        AssertSingle(EntityRules.Check(customer, Context), "churned_at", RejectionReason.BadTimestamp);
    }

    [Fact]
    public void Customer_without_acquired_at_is_BadTimestamp()
    {
        AssertSingle(EntityRules.Check(Samples.Customer() with { AcquiredAt = default }, Context), "acquired_at", RejectionReason.BadTimestamp);
    }

    [Fact]
    public void Customer_churned_in_the_far_future_is_BadTimestamp()
    {
        var customer = Samples.Customer() with { ChurnedAt = Samples.Now.AddDays(3) };

        AssertSingle(EntityRules.Check(customer, Context), "churned_at", RejectionReason.BadTimestamp);
    }

    [Fact]
    public void Customer_without_id_is_rejected()
    {
        AssertSingle(EntityRules.Check(Samples.Customer() with { Id = "" }, Context), "id", RejectionReason.InvalidField);
    }

    [Fact]
    public void Customer_email_without_at_sign_is_rejected()
    {
        AssertSingle(EntityRules.Check(Samples.Customer() with { Email = "ada.example.com" }, Context), "email", RejectionReason.InvalidField);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("segment")]
    [InlineData("channel")]
    public void Customer_text_longer_than_the_limit_is_rejected(string field)
    {
        var text = new string('x', FieldChecks.MaxTextLength + 1);
        var customer = field switch
        {
            "name" => Samples.Customer() with { Name = text },
            "segment" => Samples.Customer() with { Segment = text },
            _ => Samples.Customer() with { Channel = text },
        };

        AssertSingle(EntityRules.Check(customer, Context), field, RejectionReason.InvalidField);
    }

    [Fact]
    public void Customer_blank_attribute_key_is_rejected()
    {
        var customer = Samples.Customer() with { Attributes = new Dictionary<string, string> { [" "] = "x" } };

        AssertSingle(EntityRules.Check(customer, Context), "attributes", RejectionReason.InvalidField);
    }

    [Fact]
    public void Customer_attribute_key_or_value_with_a_NUL_is_rejected()
    {
        var key = Samples.Customer() with { Attributes = new Dictionary<string, string> { ["a\0b"] = "x" } };
        var value = Samples.Customer() with { Attributes = new Dictionary<string, string> { ["bio"] = "x\0" } };

        AssertSingle(EntityRules.Check(key, Context), "attributes", RejectionReason.InvalidField);
        AssertSingle(EntityRules.Check(value, Context), "attributes[bio]", RejectionReason.InvalidField);
    }

    [Fact]
    public void Customer_attribute_value_too_long_names_its_key()
    {
        var customer = Samples.Customer() with
        {
            Attributes = new Dictionary<string, string> { ["bio"] = new string('x', FieldChecks.MaxTextLength + 1) },
        };

        AssertSingle(EntityRules.Check(customer, Context), "attributes[bio]", RejectionReason.InvalidField);
    }

    [Fact]
    public void Customer_attribute_with_a_long_key_names_the_start_of_it()
    {
        var key = new string('k', 3_000);
        var customer = Samples.Customer() with
        {
            Attributes = new Dictionary<string, string> { [key] = new string('x', FieldChecks.MaxTextLength + 1) },
        };

        AssertSingle(EntityRules.Check(customer, Context), $"attributes[{new string('k', Echo.MaxValueChars - 1)}…]", RejectionReason.InvalidField);
    }

    [Fact]
    public void Customer_reports_every_violation()
    {
        var customer = new Customer("", "", "no-at-sign", "", "", default, Samples.Now.AddDays(5), new Dictionary<string, string>());

        Assert.Equal(
            [("id", RejectionReason.InvalidField), ("acquired_at", RejectionReason.BadTimestamp),
             ("churned_at", RejectionReason.BadTimestamp), ("email", RejectionReason.InvalidField)],
            Summary(EntityRules.Check(customer, Context)));
    }

    // ---- Transaction ----

    [Fact]
    public void Transaction_valid_purchase_and_refund_pass()
    {
        Assert.Empty(EntityRules.Check(Samples.Transaction(), Context));
        Assert.Empty(EntityRules.Check(Samples.Transaction() with { Kind = TransactionKind.Refund, CostMinor = null }, Context));
    }

    [Fact]
    public void Transaction_unspecified_sale_type_passes()
    {
        Assert.Empty(EntityRules.Check(Samples.Transaction() with { SaleType = SaleType.Unspecified }, Context));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Transaction_amount_not_positive_is_BadAmount(long amount)
    {
        AssertSingle(EntityRules.Check(Samples.Transaction() with { AmountMinor = amount }, Context), "amount_minor", RejectionReason.BadAmount);
    }

    [Theory]
    [InlineData(MoneyLimits.MaxAmountMinor + 1)]
    [InlineData(long.MaxValue)]
    public void Transaction_amount_or_cost_above_the_maximum_is_BadAmount(long amount)
    {
        AssertSingle(EntityRules.Check(Samples.Transaction() with { AmountMinor = amount }, Context), "amount_minor", RejectionReason.BadAmount);
        AssertSingle(EntityRules.Check(Samples.Transaction() with { CostMinor = amount }, Context), "cost_minor", RejectionReason.BadAmount);
        AssertSingle(EntityRules.Check(Samples.Spend() with { AmountMinor = amount }, Context), "amount_minor", RejectionReason.BadAmount);
    }

    [Fact]
    public void Transaction_amount_and_cost_at_the_maximum_are_valid()
    {
        Assert.Empty(EntityRules.Check(Samples.Transaction() with { AmountMinor = MoneyLimits.MaxAmountMinor, CostMinor = MoneyLimits.MaxAmountMinor }, Context));
    }

    [Fact]
    public void Transaction_negative_cost_is_BadAmount()
    {
        AssertSingle(EntityRules.Check(Samples.Transaction() with { CostMinor = -1 }, Context), "cost_minor", RejectionReason.BadAmount);
    }

    [Fact]
    public void Transaction_in_another_currency_than_the_book_is_BadCurrency()
    {
        AssertSingle(EntityRules.Check(Samples.Transaction() with { Currency = "EUR" }, Context), "currency", RejectionReason.BadCurrency);
    }

    [Fact]
    public void Transaction_lower_case_currency_is_BadCurrency()
    {
        AssertSingle(EntityRules.Check(Samples.Transaction() with { Currency = "usd" }, Context), "currency", RejectionReason.BadCurrency);
    }

    [Fact]
    public void Transaction_without_customer_id_is_rejected()
    {
        var violations = EntityRules.Check(Samples.Transaction() with { CustomerId = "" }, Context);

        AssertSingle(violations, "customer_id", RejectionReason.InvalidField);
        Assert.Equal("customer_id is required", violations[0].Description);
    }

    [Fact]
    public void Transaction_without_occurred_at_is_BadTimestamp()
    {
        AssertSingle(EntityRules.Check(Samples.Transaction() with { OccurredAt = default }, Context), "occurred_at", RejectionReason.BadTimestamp);
    }

    [Fact]
    public void Transaction_dated_in_the_future_is_BadTimestamp()
    {
        AssertSingle(EntityRules.Check(Samples.Transaction() with { OccurredAt = Samples.Now.AddDays(2) }, Context), "occurred_at", RejectionReason.BadTimestamp);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Transaction_undefined_kind_is_rejected(int kind)
    {
        AssertSingle(EntityRules.Check(Samples.Transaction() with { Kind = (TransactionKind)kind }, Context), "kind", RejectionReason.InvalidField);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Transaction_undefined_sale_type_is_rejected(int saleType)
    {
        AssertSingle(EntityRules.Check(Samples.Transaction() with { SaleType = (SaleType)saleType }, Context), "sale_type", RejectionReason.InvalidField);
    }

    [Fact]
    public void Transaction_reports_every_violation()
    {
        var transaction = new Transaction("", "", default, 0, "EUR", (TransactionKind)9, (SaleType)9, -5,
            new string('p', FieldChecks.MaxTextLength + 1), "");

        Assert.Equal(
            [("id", RejectionReason.InvalidField), ("customer_id", RejectionReason.InvalidField),
             ("occurred_at", RejectionReason.BadTimestamp), ("amount_minor", RejectionReason.BadAmount),
             ("currency", RejectionReason.BadCurrency), ("cost_minor", RejectionReason.BadAmount),
             ("product", RejectionReason.InvalidField), ("kind", RejectionReason.InvalidField),
             ("sale_type", RejectionReason.InvalidField)],
            Summary(EntityRules.Check(transaction, Context)));
    }

    // ---- MarketingSpend ----

    [Fact]
    public void Spend_valid_passes_and_zero_spend_is_allowed()
    {
        Assert.Empty(EntityRules.Check(Samples.Spend(), Context));
        Assert.Empty(EntityRules.Check(Samples.Spend() with { AmountMinor = 0 }, Context));
    }

    [Fact]
    public void Spend_period_end_equal_to_start_is_BadTimestamp()
    {
        var spend = Samples.Spend() with { PeriodEnd = Samples.Spend().PeriodStart };

        AssertSingle(EntityRules.Check(spend, Context), "period_end", RejectionReason.BadTimestamp);
    }

    [Fact]
    public void Spend_period_end_before_start_is_BadTimestamp()
    {
        var spend = Samples.Spend() with { PeriodEnd = Samples.Spend().PeriodStart.AddDays(-1) };

        AssertSingle(EntityRules.Check(spend, Context), "period_end", RejectionReason.BadTimestamp);
    }

    [Fact]
    public void Spend_missing_period_end_is_reported_once_as_required()
    {
        var violations = EntityRules.Check(Samples.Spend() with { PeriodEnd = default }, Context);

        AssertSingle(violations, "period_end", RejectionReason.BadTimestamp);
        Assert.Equal("is required", violations[0].Description);
    }

    [Fact]
    public void Spend_negative_amount_is_BadAmount()
    {
        AssertSingle(EntityRules.Check(Samples.Spend() with { AmountMinor = -1 }, Context), "amount_minor", RejectionReason.BadAmount);
    }

    [Fact]
    public void Spend_without_channel_is_rejected()
    {
        AssertSingle(EntityRules.Check(Samples.Spend() with { Channel = " " }, Context), "channel", RejectionReason.InvalidField);
    }

    [Fact]
    public void Spend_in_another_currency_is_BadCurrency()
    {
        AssertSingle(EntityRules.Check(Samples.Spend() with { Currency = "GBP" }, Context), "currency", RejectionReason.BadCurrency);
    }

    [Fact]
    public void Spend_reports_every_violation()
    {
        var spend = new MarketingSpend("", "", Samples.Now, Samples.Now.AddDays(-1), -1, "eur");

        Assert.Equal(
            [("id", RejectionReason.InvalidField), ("channel", RejectionReason.InvalidField),
             ("period_end", RejectionReason.BadTimestamp), ("amount_minor", RejectionReason.BadAmount),
             ("currency", RejectionReason.BadCurrency)],
            Summary(EntityRules.Check(spend, Context)));
    }

    // ---- SurveyResponse ----

    [Theory]
    [InlineData(SurveyKind.Nps, 0)]
    [InlineData(SurveyKind.Nps, 10)]
    [InlineData(SurveyKind.Csat, 1)]
    [InlineData(SurveyKind.Csat, 5)]
    [InlineData(SurveyKind.Ces, 1)]
    [InlineData(SurveyKind.Ces, 7)]
    public void Survey_scores_at_the_ends_of_their_scale_pass(SurveyKind kind, int score)
    {
        Assert.Empty(EntityRules.Check(Samples.Survey(kind, score), Context));
    }

    [Theory]
    [InlineData(SurveyKind.Nps, -1)]
    [InlineData(SurveyKind.Nps, 11)]
    [InlineData(SurveyKind.Csat, 0)]
    [InlineData(SurveyKind.Csat, 6)]
    [InlineData(SurveyKind.Ces, 0)]
    [InlineData(SurveyKind.Ces, 8)]
    public void Survey_score_outside_its_scale_is_rejected(SurveyKind kind, int score)
    {
        AssertSingle(EntityRules.Check(Samples.Survey(kind, score), Context), "score", RejectionReason.InvalidField);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Survey_undefined_kind_is_rejected_without_checking_the_score(int kind)
    {
        AssertSingle(EntityRules.Check(Samples.Survey((SurveyKind)kind, 99), Context), "kind", RejectionReason.InvalidField);
    }

    [Fact]
    public void Survey_reports_every_violation()
    {
        var response = new SurveyResponse("", "", SurveyKind.Csat, 0, default);

        Assert.Equal(
            [("id", RejectionReason.InvalidField), ("customer_id", RejectionReason.InvalidField),
             ("responded_at", RejectionReason.BadTimestamp), ("score", RejectionReason.InvalidField)],
            Summary(EntityRules.Check(response, Context)));
    }

    // ---- SupportInteraction ----

    [Fact]
    public void Support_valid_and_pending_pass()
    {
        Assert.Empty(EntityRules.Check(Samples.Support(), Context));
        Assert.Empty(EntityRules.Check(Samples.Support() with { FirstResponseAt = null, ResolvedAt = null, HandleSeconds = 0 }, Context));
    }

    [Fact]
    public void Support_first_response_at_opening_passes()
    {
        Assert.Empty(EntityRules.Check(Samples.Support() with { FirstResponseAt = Samples.Support().OpenedAt }, Context));
    }

    [Fact]
    public void Support_first_response_before_opened_is_BadTimestamp()
    {
        var interaction = Samples.Support() with { FirstResponseAt = Samples.Support().OpenedAt.AddSeconds(-1) };

        AssertSingle(EntityRules.Check(interaction, Context), "first_response_at", RejectionReason.BadTimestamp);
    }

    [Fact]
    public void Support_resolved_before_opened_is_BadTimestamp()
    {
        var interaction = Samples.Support() with { FirstResponseAt = null, ResolvedAt = Samples.Support().OpenedAt.AddSeconds(-1) };

        AssertSingle(EntityRules.Check(interaction, Context), "resolved_at", RejectionReason.BadTimestamp);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1.0)]
    public void Support_bad_handle_seconds_is_rejected(double seconds)
    {
        AssertSingle(EntityRules.Check(Samples.Support() with { HandleSeconds = seconds }, Context), "handle_seconds", RejectionReason.InvalidField);
    }

    [Fact]
    public void Support_reports_every_violation()
    {
        var opened = Samples.Now.AddHours(-1);
        var interaction = new SupportInteraction("i-1", "", opened, opened.AddMinutes(-1), opened.AddMinutes(-2), double.NaN);

        Assert.Equal(
            [("customer_id", RejectionReason.InvalidField), ("first_response_at", RejectionReason.BadTimestamp),
             ("resolved_at", RejectionReason.BadTimestamp), ("handle_seconds", RejectionReason.InvalidField)],
            Summary(EntityRules.Check(interaction, Context)));
    }

    // ---- ActivityEvent ----

    [Fact]
    public void Activity_valid_passes()
    {
        Assert.Empty(EntityRules.Check(Samples.Activity(), Context));
        Assert.Empty(EntityRules.Check(Samples.Activity() with { Count = 1_000 }, Context));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Activity_count_below_one_is_rejected(long count)
    {
        AssertSingle(EntityRules.Check(Samples.Activity() with { Count = count }, Context), "count", RejectionReason.InvalidField);
    }

    [Fact]
    public void Activity_without_kind_is_rejected()
    {
        AssertSingle(EntityRules.Check(Samples.Activity() with { Kind = "" }, Context), "kind", RejectionReason.InvalidField);
    }

    [Fact]
    public void Activity_reports_every_violation()
    {
        var activity = new ActivityEvent("a\n", "", Samples.Now.AddDays(9), "", 0);

        Assert.Equal(
            [("id", RejectionReason.InvalidField), ("customer_id", RejectionReason.InvalidField),
             ("occurred_at", RejectionReason.BadTimestamp), ("kind", RejectionReason.InvalidField),
             ("count", RejectionReason.InvalidField)],
            Summary(EntityRules.Check(activity, Context)));
    }

    // ---- CrmChange ----

    [Fact]
    public void Change_valid_passes_with_segment_customers_or_neither()
    {
        Assert.Empty(EntityRules.Check(Samples.Change(), Context));
        Assert.Empty(EntityRules.Check(Samples.Change() with { TreatedCustomerIds = [] }, Context));
        Assert.Empty(EntityRules.Check(Samples.Change() with { TreatedSegment = "", TreatedCustomerIds = [] }, Context));
    }

    [Fact]
    public void Change_without_name_is_rejected()
    {
        AssertSingle(EntityRules.Check(Samples.Change() with { Name = "" }, Context), "name", RejectionReason.InvalidField);
    }

    [Fact]
    public void Change_without_effective_at_is_BadTimestamp()
    {
        AssertSingle(EntityRules.Check(Samples.Change() with { EffectiveAt = default }, Context), "effective_at", RejectionReason.BadTimestamp);
    }

    [Fact]
    public void Change_bad_treated_customer_id_names_its_index()
    {
        var violations = EntityRules.Check(Samples.Change() with { TreatedCustomerIds = ["c-1", "", "c\t3"] }, Context);

        Assert.Equal(["treated_customer_ids[1]", "treated_customer_ids[2]"], violations.Select(v => v.Field));
        Assert.Equal("customer id is required", violations[0].Description);
    }

    [Fact]
    public void Change_reports_every_violation()
    {
        var change = new CrmChange("", "", default, new string('d', FieldChecks.MaxTextLength + 1), "", [""]);

        Assert.Equal(
            [("id", RejectionReason.InvalidField), ("name", RejectionReason.InvalidField),
             ("effective_at", RejectionReason.BadTimestamp), ("description", RejectionReason.InvalidField),
             ("treated_customer_ids[0]", RejectionReason.InvalidField)],
            Summary(EntityRules.Check(change, Context)));
    }
}

using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Validation;

/// <summary>
/// The field rules of every stored entity. Each returns the violations of one row with field paths as the
/// contract names them; an empty list means the row may be stored (existence of the customer and
/// idempotency are the store's checks).
/// </summary>
public static class EntityRules
{
    public static IReadOnlyList<FieldViolation> Check(Customer customer, ValidationContext context)
    {
        var checks = new FieldChecks(context)
            .Id("id", customer.Id)
            .Text("name", customer.Name)
            .Text("email", customer.Email)
            .Text("segment", customer.Segment)
            .Text("channel", customer.Channel)
            .Timestamp("acquired_at", customer.AcquiredAt)
            .OptionalTimestamp("churned_at", customer.ChurnedAt)
            .NotBefore("churned_at", customer.ChurnedAt, "acquired_at", customer.AcquiredAt);
        if (!string.IsNullOrEmpty(customer.Email) && !customer.Email.Contains('@', StringComparison.Ordinal))
        {
            checks.Add("email", "is not an e-mail address");
        }

        foreach (var (key, value) in customer.Attributes)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                checks.Add("attributes", "keys must not be empty");
            }
            else if (key.AsSpan().Contains('\0'))
            {
                checks.Add("attributes", $"a key {FieldChecks.NulDescription}");
            }

            // The key is the caller's: the field path shows at most its start (Echo.Clip).
            checks.Text($"attributes[{Echo.Clip(key, Echo.MaxValueChars)}]", value);
        }

        return checks.Violations;
    }

    public static IReadOnlyList<FieldViolation> Check(Transaction transaction, ValidationContext context)
    {
        var checks = new FieldChecks(context)
            .Id("id", transaction.Id)
            .Id("customer_id", transaction.CustomerId, "customer_id")
            .Timestamp("occurred_at", transaction.OccurredAt)
            .Ensure(transaction.AmountMinor > 0 || (transaction.AmountMinor == 0 && transaction.Kind == TransactionKind.Purchase && context.AllowZeroAmountPurchases),
                "amount_minor", $"must be positive, was {transaction.AmountMinor}", RejectionReason.BadAmount)
            .Ensure(transaction.AmountMinor <= MoneyLimits.MaxAmountMinor,
                "amount_minor", $"must be at most {MoneyLimits.MaxAmountMinor}, was {transaction.AmountMinor}", RejectionReason.BadAmount)
            .Currency("currency", transaction.Currency)
            .NotNegative("cost_minor", transaction.CostMinor)
            .Ensure(transaction.CostMinor is not > MoneyLimits.MaxAmountMinor,
                "cost_minor", $"must be at most {MoneyLimits.MaxAmountMinor}, was {transaction.CostMinor}", RejectionReason.BadAmount)
            .Text("product", transaction.Product)
            .Text("category", transaction.Category);
        if (!Enum.IsDefined(transaction.Kind))
        {
            checks.Add("kind", "must be TRANSACTION_KIND_PURCHASE or TRANSACTION_KIND_REFUND");
        }

        if (!Enum.IsDefined(transaction.SaleType))
        {
            checks.Add("sale_type", "is not a known sale type");
        }

        return checks.Violations;
    }

    public static IReadOnlyList<FieldViolation> Check(MarketingSpend spend, ValidationContext context) =>
        new FieldChecks(context)
            .Id("id", spend.Id)
            .Required("channel", spend.Channel)
            .Timestamp("period_start", spend.PeriodStart)
            .Timestamp("period_end", spend.PeriodEnd)
            .Ensure(spend.PeriodEnd > spend.PeriodStart || spend.PeriodEnd == default || spend.PeriodStart == default,
                "period_end", "must be after period_start", RejectionReason.BadTimestamp)
            .NotNegative("amount_minor", spend.AmountMinor)
            .Ensure(spend.AmountMinor <= MoneyLimits.MaxAmountMinor,
                "amount_minor", $"must be at most {MoneyLimits.MaxAmountMinor}, was {spend.AmountMinor}", RejectionReason.BadAmount)
            .Currency("currency", spend.Currency)
            .Violations;

    public static IReadOnlyList<FieldViolation> Check(SurveyResponse response, ValidationContext context)
    {
        var checks = new FieldChecks(context)
            .Id("id", response.Id)
            .Id("customer_id", response.CustomerId, "customer_id")
            .Timestamp("responded_at", response.RespondedAt);
        if (Enum.IsDefined(response.Kind))
        {
            var (min, max) = SurveyResponse.ScaleOf(response.Kind);
            checks.InRange("score", response.Score, min, max);
        }
        else
        {
            checks.Add("kind", "must be SURVEY_KIND_NPS, SURVEY_KIND_CSAT or SURVEY_KIND_CES");
        }

        return checks.Violations;
    }

    public static IReadOnlyList<FieldViolation> Check(SupportInteraction interaction, ValidationContext context) =>
        new FieldChecks(context)
            .Id("id", interaction.Id)
            .Id("customer_id", interaction.CustomerId, "customer_id")
            .Timestamp("opened_at", interaction.OpenedAt)
            .OptionalTimestamp("first_response_at", interaction.FirstResponseAt)
            .OptionalTimestamp("resolved_at", interaction.ResolvedAt)
            .NotBefore("first_response_at", interaction.FirstResponseAt, "opened_at", interaction.OpenedAt)
            .NotBefore("resolved_at", interaction.ResolvedAt, "opened_at", interaction.OpenedAt)
            .FiniteNotNegative("handle_seconds", interaction.HandleSeconds)
            .Violations;

    public static IReadOnlyList<FieldViolation> Check(ActivityEvent activity, ValidationContext context) =>
        new FieldChecks(context)
            .Id("id", activity.Id)
            .Id("customer_id", activity.CustomerId, "customer_id")
            .Timestamp("occurred_at", activity.OccurredAt)
            .Required("kind", activity.Kind)
            .Ensure(activity.Count >= 1, "count", $"must be at least 1 (0 is read as 1), was {activity.Count}")
            .Violations;

    public static IReadOnlyList<FieldViolation> Check(CrmChange change, ValidationContext context)
    {
        var checks = new FieldChecks(context)
            .Id("id", change.Id)
            .Required("name", change.Name)
            .Timestamp("effective_at", change.EffectiveAt)
            .Text("description", change.Description)
            .Text("treated_segment", change.TreatedSegment);
        for (var i = 0; i < change.TreatedCustomerIds.Count; i++)
        {
            checks.Id($"treated_customer_ids[{i}]", change.TreatedCustomerIds[i], "customer id");
        }

        return checks.Violations;
    }
}

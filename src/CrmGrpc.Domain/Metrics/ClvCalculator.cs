using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Metrics;

/// <summary>The inputs of the what-if CLV calculator; margin and discount rate defaulted.</summary>
public sealed record ClvInputs(
    double AveragePurchaseValue,
    double PurchasesPerYear,
    double? LifespanYears,
    double Margin = 1,
    double AnnualDiscountRate = 0,
    double? RetentionRate = null);

public sealed record ClvResult(double Clv, double AnnualValue, string Method);

/// <summary>
/// CLV from given inputs when no history exists (seed 000: "estimate CLV using industry benchmarks").
/// With a lifespan: annual value × lifespan, or with a discount rate the annuity of the annual value over
/// the lifespan (yearly payments at year ends, (1 − (1 + d)^−L) / d, which extends to fractional years).
/// With a retention rate: m × r / (1 + d − r).
/// </summary>
public static class ClvCalculator
{
    public const string SimpleMethod = "apv * purchases_per_year * lifespan_years * margin";
    public const string DiscountedMethod = "apv * purchases_per_year * margin * (1 - (1 + d)^-lifespan_years) / d";
    public const string RetentionMethod = "m * r / (1 + d - r), m = apv * purchases_per_year * margin";

    public static ClvResult Calculate(ClvInputs inputs)
    {
        Validate(inputs);
        var annualValue = inputs.AveragePurchaseValue * inputs.PurchasesPerYear * inputs.Margin;
        var d = inputs.AnnualDiscountRate;
        if (inputs.RetentionRate is { } r)
        {
            return new ClvResult(annualValue * r / (1 + d - r), annualValue, RetentionMethod);
        }

        var lifespan = inputs.LifespanYears!.Value;
        return d == 0
            ? new ClvResult(annualValue * lifespan, annualValue, SimpleMethod)
            : new ClvResult(annualValue * (1 - Math.Pow(1 + d, -lifespan)) / d, annualValue, DiscountedMethod);
    }

    private static void Validate(ClvInputs inputs)
    {
        var violations = new List<FieldViolation>();
        void NonNegative(string field, double? value)
        {
            if (value is { } v && !(double.IsFinite(v) && v >= 0))
            {
                violations.Add(new FieldViolation(field, $"must be a finite number ≥ 0, was {v}"));
            }
        }

        NonNegative("average_purchase_value", inputs.AveragePurchaseValue);
        NonNegative("purchases_per_year", inputs.PurchasesPerYear);
        NonNegative("lifespan_years", inputs.LifespanYears);
        NonNegative("annual_discount_rate", inputs.AnnualDiscountRate);
        if (!(inputs.Margin is >= 0 and <= 1))
        {
            violations.Add(new FieldViolation("margin", $"must be a fraction in [0, 1], was {inputs.Margin}"));
        }

        if (inputs.RetentionRate is { } r && !(r is >= 0 and < 1))
        {
            violations.Add(new FieldViolation("retention_rate", $"must be in [0, 1), was {r}"));
        }

        if ((inputs.LifespanYears is null) == (inputs.RetentionRate is null))
        {
            violations.Add(new FieldViolation("lifespan_years", "give exactly one of lifespan_years and retention_rate"));
        }

        if (violations.Count > 0)
        {
            throw new InvalidArgumentException(violations);
        }
    }
}

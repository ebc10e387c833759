using System.Globalization;
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

    /// <summary>
    /// The CLV of finite inputs; INVALID_ARGUMENT naming them when the result is beyond a double's range (1e308
    /// purchases of 1e308 each), so no answer is ±∞ or NaN. A zero factor gives 0 whatever the others.
    /// </summary>
    public static ClvResult Calculate(ClvInputs inputs)
    {
        Validate(inputs);
        var result = Compute(inputs);
        return double.IsFinite(result.Clv) && double.IsFinite(result.AnnualValue) ? result : throw NotFinite(inputs);
    }

    private static ClvResult Compute(ClvInputs inputs)
    {
        // 1e308 × 1e308 × 0 would be NaN: a zero factor is zero.
        var annualValue = inputs.AveragePurchaseValue == 0 || inputs.PurchasesPerYear == 0 || inputs.Margin == 0
            ? 0
            : inputs.AveragePurchaseValue * inputs.PurchasesPerYear * inputs.Margin;
        var d = inputs.AnnualDiscountRate;
        if (inputs.RetentionRate is { } r)
        {
            return new ClvResult(annualValue == 0 || r == 0 ? 0 : annualValue * r / (1 + d - r), annualValue, RetentionMethod);
        }

        var lifespan = inputs.LifespanYears!.Value;
        if (annualValue == 0 || lifespan == 0)
        {
            return new ClvResult(0, annualValue, d == 0 ? SimpleMethod : DiscountedMethod);
        }

        return d == 0
            ? new ClvResult(annualValue * lifespan, annualValue, SimpleMethod)
            : new ClvResult(annualValue * (1 - Math.Pow(1 + d, -lifespan)) / d, annualValue, DiscountedMethod);
    }

    private static InvalidArgumentException NotFinite(ClvInputs inputs)
    {
        string[] fields = ["average_purchase_value", "purchases_per_year", inputs.RetentionRate is null ? "lifespan_years" : "retention_rate"];
        var description = string.Create(CultureInfo.InvariantCulture,
            $"average_purchase_value {inputs.AveragePurchaseValue} × purchases_per_year {inputs.PurchasesPerYear} × margin {inputs.Margin} over {(inputs.RetentionRate is { } r ? $"retention_rate {r}" : $"lifespan_years {inputs.LifespanYears}")} gives a CLV beyond the largest finite number ({double.MaxValue:G3})");
        return new InvalidArgumentException(fields.Select(f => new FieldViolation(f, description)).ToList());
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

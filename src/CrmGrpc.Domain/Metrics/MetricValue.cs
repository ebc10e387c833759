namespace CrmGrpc.Domain.Metrics;

/// <summary>
/// A metric that may not be computable: either a finite value, or absent with the reason (never 0 or NaN
/// standing in for "unknown").
/// </summary>
public readonly record struct MetricValue
{
    private MetricValue(double? value, string? reason)
    {
        Value = value;
        Reason = reason;
    }

    public double? Value { get; }

    public string? Reason { get; }

    public bool HasValue => Value is not null;

    public static MetricValue Of(double value) =>
        double.IsFinite(value) ? new(value, null) : Unavailable("the computation did not give a finite number");

    public static MetricValue Unavailable(string reason) => new(null, reason);

    /// <summary>numerator / denominator, absent with <paramref name="whyZero"/> when the denominator is 0.</summary>
    public static MetricValue Ratio(double numerator, double denominator, string whyZero) =>
        denominator == 0 ? Unavailable(whyZero) : Of(numerator / denominator);

    /// <summary>Combines two metrics; absent when either is, carrying the first reason.</summary>
    public MetricValue With(MetricValue other, Func<double, double, double> combine) =>
        this is { Value: { } a } && other is { Value: { } b } ? Of(combine(a, b)) : Unavailable(Reason ?? other.Reason!);
}

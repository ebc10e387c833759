namespace CrmGrpc.Modeling;

/// <summary>
/// One customer's sufficient statistics for the BG/NBD and Gamma-Gamma models, in a chosen <see cref="TimeUnit"/>
/// (lifetimes' <c>frequency, recency, T, monetary_value</c>; Fader, Hardie &amp; Lee 2005 notation x, t_x, T).
/// </summary>
/// <param name="Frequency">x: number of repeat purchase days (purchase days after the first).</param>
/// <param name="Recency">t_x: time from the first to the last purchase day (0 when x = 0).</param>
/// <param name="Age">T: time from the first purchase day to the end of the calibration period.</param>
/// <param name="MonetaryValue">Mean amount of the repeat purchase days (first day excluded); 0 without repeats.</param>
public readonly record struct CustomerSummary(int Frequency, double Recency, double Age, double MonetaryValue = 0)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless 0 ≤ t_x ≤ T, x ≥ 0 and t_x = 0 when x = 0.</summary>
    internal void Validate(string parameterName)
        => ValidateHistory(Frequency, Recency, Age, parameterName);

    internal static void ValidateHistory(int frequency, double recency, double age, string parameterName)
    {
        if (frequency < 0)
            throw new ArgumentException($"Frequency must be non-negative (got {frequency}).", parameterName);
        if (!double.IsFinite(recency) || !double.IsFinite(age))
            throw new ArgumentException("Recency and age must be finite.", parameterName);
        if (recency < 0)
            throw new ArgumentException($"Recency must be non-negative (got {recency}).", parameterName);
        if (recency > age)
            throw new ArgumentException($"Recency ({recency}) must not exceed age ({age}).", parameterName);
        if (frequency == 0 && recency != 0)
            throw new ArgumentException("A customer without repeat purchases must have recency 0.", parameterName);
    }
}

/// <summary>
/// A distinct (x, t_x, T) history and how many customers share it: the collapsed input Fader &amp; Hardie use
/// (lifetimes' <c>weights</c>), which makes a fit's cost depend on distinct histories rather than customers.
/// </summary>
/// <param name="Frequency">x: repeat purchase days.</param>
/// <param name="Recency">t_x.</param>
/// <param name="Age">T.</param>
/// <param name="Weight">Number of customers with this history (positive).</param>
public readonly record struct WeightedSummary(int Frequency, double Recency, double Age, int Weight)
{
    internal void Validate(string parameterName)
    {
        CustomerSummary.ValidateHistory(Frequency, Recency, Age, parameterName);
        if (Weight <= 0)
            throw new ArgumentException($"Weight must be positive (got {Weight}).", parameterName);
    }
}

namespace CrmGrpc.Modeling.Models;

/// <summary>
/// Predictions of a fitted purchase model for one customer's history as of its calibration end, all in the model's time
/// unit (for BG/BB: whole periods, the history binned as in <see cref="ModelData.DiscreteHistories"/>). Every answer is
/// a finite number for any valid history and parameters (no NaN at x in the thousands, t_x = T, α = β, …).
/// </summary>
public interface IPurchasePredictor
{
    ModelKind Kind { get; }

    /// <summary>P(alive) at T.</summary>
    double ProbabilityAlive(in TimedHistory history);

    /// <summary>Expected repeat purchases in (T, T + <paramref name="horizon"/>].</summary>
    double ExpectedPurchases(in TimedHistory history, double horizon);

    /// <summary>
    /// Expected repeat purchases in (T, T + h] for each horizon h (0 for h = 0): a predictive CLV asks for one per month.
    /// A model overrides it when the horizons can share work (P(alive) is the same for every horizon).
    /// </summary>
    void ExpectedPurchases(in TimedHistory history, ReadOnlySpan<double> horizons, Span<double> destination)
    {
        for (int i = 0; i < horizons.Length; i++)
        {
            destination[i] = horizons[i] == 0 ? 0 : ExpectedPurchases(history, horizons[i]);
        }
    }

    /// <summary>
    /// E[X(t)]: expected repeat purchases of a customer in the <paramref name="sinceFirstPurchase"/> units after its first
    /// purchase (unconditional; the cohort's tracking curve is the sum of these over customers).
    /// </summary>
    double ExpectedRepeatPurchases(double sinceFirstPurchase);
}

/// <summary>Predictions of a fitted contractual (sBG) model, per period of its time unit.</summary>
public interface ISurvivalPredictor
{
    ModelKind Kind { get; }

    /// <summary>S(t): the share of a cohort still active after <paramref name="periods"/> periods (S(0) = 1).</summary>
    double Survival(int periods);

    /// <summary>r(t) = S(t) / S(t − 1): the retention rate of period t ≥ 1.</summary>
    double RetentionRate(int periods);

    /// <summary>
    /// Discounted expected residual lifetime (DERL, Fader &amp; Hardie 2010) of a customer active for
    /// <paramref name="renewals"/> renewals, in periods, at <paramref name="discountRate"/> per period (0 = undiscounted).
    /// </summary>
    double ExpectedRemainingLifetime(int renewals, double discountRate);
}

using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>
/// Parameters of the Gamma-Gamma model of spend (Fader, Hardie &amp; Lee 2005, "RFM and CLV", and Fader &amp; Hardie
/// 2013, note 025): each transaction value is Gamma(p, ν) and the customer's ν is Gamma(q, γ) across customers,
/// independent of the purchase process. lifetimes calls γ <c>v</c>.
/// </summary>
public sealed record GammaGammaParameters
{
    /// <summary>Creates a parameter set; every parameter must be positive and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public GammaGammaParameters(double p, double q, double gamma)
    {
        P = BgNbdParameters.RequirePositive(p, nameof(p));
        Q = BgNbdParameters.RequirePositive(q, nameof(q));
        Gamma = BgNbdParameters.RequirePositive(gamma, nameof(gamma));
    }

    /// <summary>Shape p of the transaction-value distribution.</summary>
    public double P { get; }

    /// <summary>Shape q of the distribution of ν across customers.</summary>
    public double Q { get; }

    /// <summary>Scale γ of the distribution of ν across customers (in currency units).</summary>
    public double Gamma { get; }

    /// <summary>
    /// E[Z | x, z̄] = (q−1)/(px+q−1) · γp/(q−1) + px/(px+q−1) · z̄ = p (γ + x z̄)/(px+q−1) (note 025, eq. 5;
    /// lifetimes' <c>conditional_expected_average_profit</c>). With x = 0 it is the population mean γp/(q−1).
    /// Evaluated as p (γ + x z̄) / ((q − 1) + p x): sums of non-negative terms, with q − 1 exact for q ∈ [½, 2]
    /// (Sterbenz), so nothing cancels — the credibility weights, whose 1 − w loses digits when q and γ are huge
    /// (a fit on a homogeneous book: q ≈ 6e9, γ ≈ 8e10), are never formed.
    /// </summary>
    /// <exception cref="ArgumentException">x &lt; 0, or a negative or non-finite average spend.</exception>
    /// <exception cref="InvalidOperationException">px + q ≤ 1: the posterior mean does not exist for these parameters.</exception>
    public double ConditionalExpectedAverageValue(int frequency, double averageSpend)
    {
        if (frequency < 0) throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Frequency must be non-negative.");
        if (!(averageSpend >= 0) || !double.IsFinite(averageSpend))
            throw new ArgumentOutOfRangeException(nameof(averageSpend), averageSpend, "Average spend must be finite and non-negative.");
        double shape = (Q - 1) + P * frequency;
        if (!(shape > 0))
        {
            throw new InvalidOperationException(
                "The expected average value is infinite when p·x + q ≤ 1 (for customers without repeat purchases: when q ≤ 1).");
        }
        double spendTotal = frequency == 0 ? 0 : frequency * averageSpend;
        return P * (Gamma + spendTotal) / shape;
    }

    /// <summary>
    /// Log-likelihood of one repeat customer's average spend z̄ over x transactions (note 025, eq. 1a, including the
    /// Jacobian terms as lifetimes does): ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).
    /// </summary>
    /// <exception cref="ArgumentException">x &lt; 1 or a non-positive average spend.</exception>
    public double LogLikelihood(int frequency, double averageSpend)
    {
        GammaGammaModel.ValidateSpend(frequency, averageSpend, nameof(frequency));
        double px = P * frequency;
        return SpecialFunctions.LogGammaDifference(px, Q) - SpecialFunctions.LogGamma(Q)
            + Q * Math.Log(Gamma) + (px - 1) * Math.Log(averageSpend) + px * Math.Log(frequency)
            - (px + Q) * Math.Log(Gamma + frequency * averageSpend);
    }
}

/// <summary>Asymptotic standard errors of fitted Gamma-Gamma parameters.</summary>
public sealed record GammaGammaStandardErrors(double P, double Q, double Gamma);

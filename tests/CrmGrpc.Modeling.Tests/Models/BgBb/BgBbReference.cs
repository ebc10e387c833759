namespace CrmGrpc.Modeling.Tests.Models.BgBb;

/// <summary>
/// BG/BB quantities in 28-digit arithmetic (<see cref="DecimalFloat"/>): at whole-number x, t_x, n every Beta ratio
/// of Fader, Hardie &amp; Shang (2010) is a finite product, B(v+k, w+m)/B(v, w) = Π(v+i) Π(w+i) / Π(v+w+i), so the
/// likelihood (eq. 5), P(alive) and the expectations (eqs. 8 and 13 as finite sums) keep 28 digits until the final rounding.
/// </summary>
internal sealed class BgBbReference(double alpha, double beta, double gamma, double delta)
{
    private readonly DecimalFloat _alpha = DecimalFloat.From(alpha);
    private readonly DecimalFloat _beta = DecimalFloat.From(beta);
    private readonly DecimalFloat _gamma = DecimalFloat.From(gamma);
    private readonly DecimalFloat _delta = DecimalFloat.From(delta);

    /// <summary>Π_{i&lt;count} (v+i).</summary>
    private static DecimalFloat Rising(DecimalFloat v, int count)
    {
        var product = DecimalFloat.One;
        for (int i = 0; i < count; i++) product *= v + i;
        return product;
    }

    /// <summary>B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ): alive through n.</summary>
    public DecimalFloat Alive(int x, int n)
        => Rising(_alpha, x) * Rising(_beta, n - x) / Rising(_alpha + _beta, n) * Rising(_delta, n) / Rising(_gamma + _delta, n);

    /// <summary>Σ_{j=t_x}^{n−1} B(α+x, β+j−x)/B(α,β) · B(γ+1, δ+j)/B(γ,δ), nested from the inside out.</summary>
    public DecimalFloat Dropout(int x, int tx, int n)
    {
        if (tx == n) return DecimalFloat.Zero;
        var nested = DecimalFloat.One;
        for (int j = n - 2; j >= tx; j--)
        {
            var ratio = (_beta + (j - x)) * (_delta + j) / ((_alpha + _beta + j) * (_gamma + _delta + (j + 1)));
            nested = DecimalFloat.One + ratio * nested;
        }
        var first = Rising(_alpha, x) * Rising(_beta, tx - x) / Rising(_alpha + _beta, tx)
            * _gamma * Rising(_delta, tx) / Rising(_gamma + _delta, tx + 1);
        return first * nested;
    }

    public DecimalFloat Likelihood(int x, int tx, int n) => Alive(x, n) + Dropout(x, tx, n);

    public double LogLikelihood(int x, int tx, int n) => Likelihood(x, tx, n).Log();

    public double ProbabilityAlive(int x, int tx, int n) => (Alive(x, n) / Likelihood(x, tx, n)).ToDouble();

    /// <summary>Σ_{k=1}^{K} Π_{i&lt;k} (a+i)/(a+γ+i) with a = δ + <paramref name="shift"/>, nested.</summary>
    public DecimalFloat AliveOpportunities(int shift, int horizon)
    {
        var a = _delta + shift;
        var nested = DecimalFloat.Zero;
        for (int k = horizon - 1; k >= 0; k--) nested = (a + k) / (a + _gamma + k) * (DecimalFloat.One + nested);
        return nested;
    }

    public double ConditionalExpectedPurchases(int horizon, int x, int tx, int n)
        => (Alive(x, n) / Likelihood(x, tx, n) * (_alpha + x) / (_alpha + _beta + n) * AliveOpportunities(n, horizon)).ToDouble();

    public double ExpectedPurchases(int n) => (_alpha / (_alpha + _beta) * AliveOpportunities(0, n)).ToDouble();
}

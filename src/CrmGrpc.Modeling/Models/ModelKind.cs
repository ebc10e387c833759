namespace CrmGrpc.Modeling.Models;

/// <summary>The models the service fits (API.md "Models"); each has one folder under Models/ and one registration in <see cref="ModelCatalog"/>.</summary>
public enum ModelKind
{
    /// <summary>BG/NBD (Fader, Hardie &amp; Lee 2005): r, α, a, b.</summary>
    BgNbd = 1,

    /// <summary>Pareto/NBD (Schmittlein, Morrison &amp; Colombo 1987): r, α, s, β.</summary>
    ParetoNbd = 2,

    /// <summary>MBG/NBD (Batislam, Denizel &amp; Filiztekin 2007): r, α, a, b.</summary>
    MbgNbd = 3,

    /// <summary>BG/CNBD-k (Platzer &amp; Reutterer 2016): k, r, α, a, b.</summary>
    BgCnbdK = 4,

    /// <summary>BG/BB in discrete time (Fader, Hardie &amp; Shang 2010): α, β, γ, δ.</summary>
    BgBb = 5,

    /// <summary>Shifted beta-geometric for contractual books (Fader &amp; Hardie 2007): α, β.</summary>
    Sbg = 6,

    /// <summary>Gamma-Gamma spend model (Fader &amp; Hardie note 025): p, q, γ.</summary>
    GammaGamma = 7,
}

/// <summary>What a model describes, which decides what it predicts.</summary>
public enum ModelFamily
{
    /// <summary>Non-contractual purchases: P(alive) and expected purchases (<see cref="IPurchasePredictor"/>).</summary>
    Purchase,

    /// <summary>Contractual retention from recorded churn: survival and retention (<see cref="ISurvivalPredictor"/>).</summary>
    Contractual,

    /// <summary>Spend per purchase (Gamma-Gamma).</summary>
    Spend,
}

/// <summary>What a model reads from the book, so the server computes only the inputs the requested models use.</summary>
[Flags]
public enum ModelInputs
{
    /// <summary>Nothing beyond the request.</summary>
    None = 0,

    /// <summary><see cref="ModelData.Histories"/>: collapsed continuous (x, t_x, T) histories in the fit's time unit.</summary>
    Histories = 1,

    /// <summary><see cref="ModelData.TimedHistories"/>: one (x, t_x, T, Σ ln inter-purchase time) per customer.</summary>
    TimedHistories = 2,

    /// <summary><see cref="ModelData.DiscreteHistories"/>: purchases binned into whole periods of the time unit.</summary>
    DiscreteHistories = 4,

    /// <summary><see cref="ModelData.Cohorts"/>: survivors of each acquisition cohort by period, from recorded churn.</summary>
    Cohorts = 8,
}

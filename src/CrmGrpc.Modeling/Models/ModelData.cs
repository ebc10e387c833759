namespace CrmGrpc.Modeling.Models;

/// <summary>
/// One customer's history for the models that need more than (x, t_x, T): BG/CNBD-k's likelihood has an Erlang timing
/// term in Σ ln of the inter-purchase times (Platzer &amp; Reutterer 2016, BTYDplus' <c>litt</c>).
/// </summary>
/// <param name="Frequency">x: repeat purchase days.</param>
/// <param name="Recency">t_x, in the time unit.</param>
/// <param name="Age">T, in the time unit.</param>
/// <param name="LogInterPurchaseSum">Σ over the x inter-purchase times (in the time unit) of their natural log; 0 when x = 0.</param>
public readonly record struct TimedHistory(int Frequency, double Recency, double Age, double LogInterPurchaseSum);

/// <summary>
/// One acquisition cohort's survivors (sBG): <paramref name="AliveAtPeriodStart"/>[0] customers acquired together,
/// [i] of them still active at the start of period i, for every period that began by the calibration end.
/// </summary>
/// <param name="Label">The cohort, e.g. its first period ("2024-01").</param>
/// <param name="AliveAtPeriodStart">Non-increasing counts, the first positive.</param>
public sealed record CohortSurvival(string Label, long[] AliveAtPeriodStart);

/// <summary>
/// What a fit reads from the book, in the fit's time unit. Only the members the requested models declare in
/// <see cref="IModelDefinition.Inputs"/> are filled; the others are empty.
/// </summary>
public sealed class ModelData
{
    /// <summary>Collapsed (x, t_x, T) histories of every customer with a purchase by the calibration end.</summary>
    public IReadOnlyList<WeightedSummary> Histories { get; init; } = [];

    /// <summary>Per-customer histories with the log inter-purchase sum (BG/CNBD-k).</summary>
    public IReadOnlyList<TimedHistory> TimedHistories { get; init; } = [];

    /// <summary>
    /// Discrete histories (BG/BB), collapsed: x = later periods with a purchase, t_x = index of the last such period,
    /// T = n = whole periods after the first up to the calibration end (all whole numbers).
    /// </summary>
    public IReadOnlyList<WeightedSummary> DiscreteHistories { get; init; } = [];

    /// <summary>Acquisition cohorts' survivor counts (sBG).</summary>
    public IReadOnlyList<CohortSurvival> Cohorts { get; init; } = [];

    /// <summary>The time unit of every time above and of the fitted parameters.</summary>
    public TimeUnit Unit { get; init; } = TimeUnit.Weeks;
}

/// <summary>Settings common to every fit.</summary>
public sealed record ModelFitSettings
{
    /// <summary>Defaults: plain maximum likelihood on all cores.</summary>
    public static ModelFitSettings Default { get; } = new();

    /// <summary>L2 penalty on the parameters (lifetimes' <c>penalizer_coef</c>), where the model supports one; 0 = plain maximum likelihood.</summary>
    public double PenalizerCoefficient { get; init; }

    /// <summary>Cores a likelihood may use; −1 means all.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>Settings for <see cref="BookSimulator"/>.</summary>
/// <param name="Transactions">BG/NBD parameters the purchase histories are drawn from.</param>
/// <param name="CustomerCount">Number of customers.</param>
/// <param name="ObservationLength">Length of the observation period (customers acquired at time 0 have T = this).</param>
public sealed record BookSimulationSettings(BgNbdParameters Transactions, int CustomerCount, double ObservationLength)
{
    /// <summary>Gamma-Gamma parameters for purchase amounts; null gives every purchase amount 0.</summary>
    public GammaGammaParameters? Spend { get; init; }

    /// <summary>First purchases are spread uniformly over [0, AcquisitionWindow]; 0 puts them all at time 0 (equal T).</summary>
    public double AcquisitionWindow { get; init; }

    /// <summary>
    /// 0 for continuous time. Otherwise times are bucketed into slots of this length (e.g. 1 for whole days),
    /// purchases in one slot merge with their amounts summed, and x, t_x, T and the monetary value are computed from
    /// slots with an inclusive last slot — what <see cref="CustomerSummaryBuilder"/> does to real data.
    /// </summary>
    public double TimeResolution { get; init; }

    /// <summary>Seed of the generator; the same settings and seed give the same book.</summary>
    public ulong Seed { get; init; } = 1;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Transactions);
        if (CustomerCount < 0) throw new ArgumentException("The customer count must be non-negative.", nameof(CustomerCount));
        if (!(ObservationLength > 0) || !double.IsFinite(ObservationLength))
            throw new ArgumentException("The observation length must be positive and finite.", nameof(ObservationLength));
        if (!(AcquisitionWindow >= 0) || AcquisitionWindow > ObservationLength)
            throw new ArgumentException("The acquisition window must lie within the observation period.", nameof(AcquisitionWindow));
        if (!(TimeResolution >= 0) || !double.IsFinite(TimeResolution))
            throw new ArgumentException("The time resolution must be finite and non-negative.", nameof(TimeResolution));
    }
}

/// <summary>One simulated customer.</summary>
/// <param name="Summary">The customer's (x, t_x, T, monetary value).</param>
/// <param name="PurchaseRate">Drawn λ.</param>
/// <param name="DropoutProbability">Drawn p.</param>
/// <param name="IsAlive">Whether the customer was still alive at the end of observation.</param>
/// <param name="PurchaseTimes">Purchase times relative to the first purchase (the first is 0), after slot merging.</param>
/// <param name="PurchaseAmounts">Amounts matching <paramref name="PurchaseTimes"/>.</param>
public sealed record SimulatedCustomer(
    CustomerSummary Summary,
    double PurchaseRate,
    double DropoutProbability,
    bool IsAlive,
    IReadOnlyList<double> PurchaseTimes,
    IReadOnlyList<double> PurchaseAmounts);

/// <summary>
/// Draws a customer book from the BG/NBD generative process (Fader, Hardie &amp; Lee 2005, §2; the same sequence as
/// lifetimes' <c>beta_geometric_nbd_model</c>: exponential waits at rate λ, a drop-out coin with probability p after
/// every repeat purchase) with Gamma-Gamma amounts (ν ~ Gamma(q, γ) per customer, amounts ~ Gamma(p, ν)).
/// For parameter-recovery tests and benchmarks.
/// </summary>
public static class BookSimulator
{
    /// <summary>Simulates customers with their purchase histories.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public static SimulatedCustomer[] Simulate(BookSimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var random = new RandomSource(settings.Seed);
        var customers = new SimulatedCustomer[settings.CustomerCount];
        var times = new List<double>();
        var amounts = new List<double>();
        for (int i = 0; i < customers.Length; i++)
        {
            var draw = SimulateOne(settings, random, times, amounts);
            customers[i] = new SimulatedCustomer(draw.Summary, draw.Rate, draw.Dropout, draw.Alive, [.. times], [.. amounts]);
        }
        return customers;
    }

    /// <summary>Simulates only the summaries (same draws as <see cref="Simulate"/> for the same settings).</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public static CustomerSummary[] SimulateSummaries(BookSimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var random = new RandomSource(settings.Seed);
        var summaries = new CustomerSummary[settings.CustomerCount];
        var times = new List<double>();
        var amounts = new List<double>();
        for (int i = 0; i < summaries.Length; i++) summaries[i] = SimulateOne(settings, random, times, amounts).Summary;
        return summaries;
    }

    private readonly record struct Draw(CustomerSummary Summary, double Rate, double Dropout, bool Alive);

    private static Draw SimulateOne(BookSimulationSettings settings, RandomSource random, List<double> times, List<double> amounts)
    {
        var model = settings.Transactions;
        double rate = random.NextGamma(model.R, model.Alpha);
        double dropout = random.NextBeta(model.A, model.B);
        double spendRate = settings.Spend is { } spend ? random.NextGamma(spend.Q, spend.Gamma) : 0;
        double acquisition = settings.AcquisitionWindow * random.NextUniform();
        double age = settings.ObservationLength - acquisition;

        times.Clear();
        amounts.Clear();
        times.Add(0);
        amounts.Add(NextAmount(settings, random, spendRate));
        bool alive = true;
        double time = 0;
        while (alive)
        {
            time += random.NextExponential() / rate;
            if (!(time < age)) break; // also stops when λ underflowed to 0 (time = ∞)
            times.Add(time);
            amounts.Add(NextAmount(settings, random, spendRate));
            alive = random.NextUniform() >= dropout;
        }

        if (settings.TimeResolution > 0) return new Draw(MergeIntoSlots(settings, acquisition, times, amounts), rate, dropout, alive);

        int frequency = times.Count - 1;
        double repeatTotal = 0;
        for (int k = 1; k < amounts.Count; k++) repeatTotal += amounts[k];
        var summary = new CustomerSummary(frequency, times[^1], age, frequency > 0 ? repeatTotal / frequency : 0);
        return new Draw(summary, rate, dropout, alive);
    }

    private static double NextAmount(BookSimulationSettings settings, RandomSource random, double spendRate)
        => settings.Spend is { } spend ? random.NextGamma(spend.P, spendRate) : 0;

    /// <summary>Buckets absolute times into slots, merges purchases per slot and summarises like the reference builder.</summary>
    private static CustomerSummary MergeIntoSlots(BookSimulationSettings settings, double acquisition, List<double> times, List<double> amounts)
    {
        double slot = settings.TimeResolution;
        long lastSlotOfPeriod = (long)Math.Ceiling(settings.ObservationLength / slot) - 1;
        long firstSlot = (long)Math.Floor(acquisition / slot);
        int write = 0;
        long previousSlot = long.MinValue;
        for (int k = 0; k < times.Count; k++)
        {
            long current = Math.Min((long)Math.Floor((acquisition + times[k]) / slot), lastSlotOfPeriod);
            if (current == previousSlot)
            {
                amounts[write - 1] += amounts[k];
                continue;
            }
            times[write] = (current - firstSlot) * slot;
            amounts[write] = amounts[k];
            previousSlot = current;
            write++;
        }
        times.RemoveRange(write, times.Count - write);
        amounts.RemoveRange(write, amounts.Count - write);

        int frequency = write - 1;
        double repeatTotal = 0;
        for (int k = 1; k < write; k++) repeatTotal += amounts[k];
        return new CustomerSummary(frequency, times[^1], (lastSlotOfPeriod - firstSlot) * slot,
            frequency > 0 ? repeatTotal / frequency : 0);
    }
}

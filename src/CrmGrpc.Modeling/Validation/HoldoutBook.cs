using System.Runtime.InteropServices;
using CrmGrpc.Modeling.Models;

namespace CrmGrpc.Modeling.Validation;

/// <summary>One point of the tracking series: cumulative repeat purchases of the calibration cohort by an (exclusive) end day.</summary>
/// <param name="EndDay">The first UTC day after the point's time unit (day number since 1970-01-01).</param>
public readonly record struct TrackingPoint(long EndDay, double ActualCumulative, double PredictedCumulative);

/// <summary>How one purchase model's calibration fit predicted the holdout (METRICS.md "Calibration / holdout validation").</summary>
public sealed record HoldoutResult(
    long Customers,
    double ActualRepeatPurchases,
    double PredictedRepeatPurchases,
    double MeanAbsoluteError,
    double RootMeanSquaredError,
    IReadOnlyList<TrackingPoint> Tracking);

/// <summary>
/// The calibration customers of a fit with what they did in the holdout, kept compact (customers sharing a
/// calibration history, horizon and holdout count are one entry), so that each fitted purchase model is validated
/// in one pass over distinct entries: actual vs expected repeat purchases per customer (MAE, RMSE) and in total, and
/// the cohort's cumulative tracking series per time unit over calibration and holdout (Fader, Hardie &amp; Lee 2005,
/// figure 1). Times of the histories are in the model's unit; days are UTC day numbers.
/// </summary>
public sealed class HoldoutBook
{
    private readonly Dictionary<(TimedHistory History, double Horizon, int Actual), long> _customers = [];
    private readonly Dictionary<long, long> _firstDays = [];
    private readonly Dictionary<long, long> _repeatDays = [];
    private long _count;

    /// <param name="unit">The time unit of the tracking series' steps.</param>
    /// <param name="calibrationEndDay">The inclusive calibration end day.</param>
    /// <param name="holdoutEndDay">The inclusive holdout end day, after the calibration end.</param>
    public HoldoutBook(TimeUnit unit, long calibrationEndDay, long holdoutEndDay)
    {
        if (holdoutEndDay <= calibrationEndDay)
        {
            throw new ArgumentException("The holdout must end after the calibration end.", nameof(holdoutEndDay));
        }

        Unit = unit;
        CalibrationEndDay = calibrationEndDay;
        HoldoutEndDay = holdoutEndDay;
    }

    public TimeUnit Unit { get; }

    public long CalibrationEndDay { get; }

    public long HoldoutEndDay { get; }

    public long Customers => _count;

    /// <summary>
    /// Adds one calibration customer: its calibration history, the holdout's span in the model's time
    /// (<paramref name="holdoutHorizon"/>), its actual repeat purchases in the holdout, its first purchase day, and the
    /// days on which each of its repeat purchases (calibration and holdout) counts in the tracking series.
    /// </summary>
    public void Add(in TimedHistory calibration, double holdoutHorizon, int holdoutActual, long firstDay, ReadOnlySpan<long> repeatEventDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(holdoutActual);
        // The log inter-purchase sum is a likelihood input, not a prediction input: leaving it out merges more customers.
        var key = (calibration with { LogInterPurchaseSum = 0 }, holdoutHorizon, holdoutActual);
        CollectionsMarshal.GetValueRefOrAddDefault(_customers, key, out _)++;
        CollectionsMarshal.GetValueRefOrAddDefault(_firstDays, firstDay, out _)++;
        foreach (var day in repeatEventDays)
        {
            if (day <= HoldoutEndDay)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_repeatDays, day, out _)++;
            }
        }

        _count++;
    }

    /// <summary>Adds the customers of another book of the same unit and days (a part of the book read on another thread).</summary>
    /// <exception cref="ArgumentException">The books differ in unit or days.</exception>
    public void Add(HoldoutBook other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Unit != Unit || other.CalibrationEndDay != CalibrationEndDay || other.HoldoutEndDay != HoldoutEndDay)
        {
            throw new ArgumentException("Only books of the same unit and days add up.", nameof(other));
        }

        foreach (var (key, count) in other._customers) CollectionsMarshal.GetValueRefOrAddDefault(_customers, key, out _) += count;
        foreach (var (day, count) in other._firstDays) CollectionsMarshal.GetValueRefOrAddDefault(_firstDays, day, out _) += count;
        foreach (var (day, count) in other._repeatDays) CollectionsMarshal.GetValueRefOrAddDefault(_repeatDays, day, out _) += count;
        _count += other._count;
    }

    /// <summary>
    /// Validates <paramref name="predictor"/>. <paramref name="elapsed"/> gives a customer's time since its first
    /// purchase day as of an inclusive day, in the model's time (continuous models: days over the unit's length;
    /// period models: whole periods).
    /// </summary>
    /// <exception cref="InvalidOperationException">No customers were added.</exception>
    public HoldoutResult Evaluate(IPurchasePredictor predictor, Func<long, long, double> elapsed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(elapsed);
        if (_count == 0)
        {
            throw new InvalidOperationException("No calibration customers to validate on.");
        }

        double actualTotal = 0, predictedTotal = 0, absolute = 0, squared = 0;
        foreach (var ((history, horizon, actual), count) in _customers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expected = predictor.ExpectedPurchases(history, horizon);
            var error = actual - expected;
            actualTotal += (double)actual * count;
            predictedTotal += expected * count;
            absolute += Math.Abs(error) * count;
            squared += error * error * count;
        }

        return new HoldoutResult(_count, actualTotal, predictedTotal, absolute / _count, Math.Sqrt(squared / _count),
            Tracking(predictor, elapsed, cancellationToken));
    }

    /// <summary>The ends of the tracking series' time units, from the earliest first purchase to the holdout end.</summary>
    public IReadOnlyList<long> TrackingEnds()
    {
        var start = _firstDays.Keys.Min();
        var ends = new List<long>();
        var end = NextEnd(start, start);
        while (end <= HoldoutEndDay + 1)
        {
            ends.Add(end);
            end = NextEnd(start, end);
        }

        // The last unit may be cut short by the holdout end: it still gets its point.
        if (ends.Count == 0 || ends[^1] != HoldoutEndDay + 1)
        {
            ends.Add(HoldoutEndDay + 1);
        }

        return ends;
    }

    private List<TrackingPoint> Tracking(IPurchasePredictor predictor, Func<long, long, double> elapsed, CancellationToken cancellationToken)
    {
        var ends = TrackingEnds();
        var repeatDays = _repeatDays.OrderBy(pair => pair.Key).ToArray();
        var firstDays = _firstDays.OrderBy(pair => pair.Key).ToArray();
        var points = new List<TrackingPoint>(ends.Count);
        long actual = 0;
        var next = 0;
        foreach (var end in ends)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (next < repeatDays.Length && repeatDays[next].Key < end)
            {
                actual += repeatDays[next++].Value;
            }

            double predicted = 0;
            foreach (var (firstDay, count) in firstDays)
            {
                if (firstDay >= end)
                {
                    break;
                }

                predicted += count * predictor.ExpectedRepeatPurchases(elapsed(firstDay, end - 1));
            }

            points.Add(new TrackingPoint(end, actual, predicted));
        }

        return points;
    }

    /// <summary>The end of the time unit after <paramref name="end"/>: steps of 1 or 7 days from the start, or the next calendar month or year.</summary>
    private long NextEnd(long start, long end)
    {
        switch (Unit)
        {
            case TimeUnit.Days:
            case TimeUnit.Weeks:
                var step = (long)Unit.DaysPerUnit();
                return start + ((((end - start) / step) + 1) * step);
            default:
                var date = DateOnly.FromDayNumber(checked((int)(end + EpochDayNumber)));
                var first = Unit == TimeUnit.Months ? new DateOnly(date.Year, date.Month, 1).AddMonths(1) : new DateOnly(date.Year + 1, 1, 1);
                return first.DayNumber - EpochDayNumber;
        }
    }

    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;
}

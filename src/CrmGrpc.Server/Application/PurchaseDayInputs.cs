using System.Runtime.InteropServices;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgBb;
using CrmGrpc.Modeling.Validation;

namespace CrmGrpc.Server.Application;

/// <summary>
/// What a fit builds from each customer's purchase days: BG/CNBD-k's timed histories, BG/BB's period histories, and
/// the holdout books. Only customers whose first purchase is on or before the calibration end count; days after it
/// serve the holdout only. The book is read in parts of consecutive customer keys, one per core, each built apart and
/// combined in key order, so the result does not depend on the number of parts.
/// </summary>
public sealed class PurchaseDayInputs(TimeUnit unit, long calibrationEndDay, long? holdoutEndDay, bool timed, bool discrete)
{
    private Part[] _parts = [];

    public TimeUnit Unit => unit;

    public long Customers => _parts.Sum(p => p.Customers);

    public long RepeatCustomers => _parts.Sum(p => p.RepeatCustomers);

    /// <summary>Per-customer histories with their log inter-purchase sums (when a model needs them), in customer-key order.</summary>
    public IReadOnlyList<TimedHistory> Timed { get; private set; } = [];

    /// <summary>Collapsed period histories (when a model needs them).</summary>
    public IReadOnlyList<WeightedSummary> Discrete { get; private set; } = [];

    /// <summary>The holdout book of the continuous-time models, when the fit has a holdout and the unit has a fixed length.</summary>
    public HoldoutBook? Holdout { get; private set; }

    /// <summary>The holdout book of the period models (BG/BB), in periods, when the fit has a holdout and one is requested.</summary>
    public HoldoutBook? PeriodHoldout { get; private set; }

    public async Task ReadAsync(IModelInputRepository repository, string? segment, int parts, CancellationToken cancellationToken)
    {
        _parts = [.. Enumerable.Range(0, parts).Select(_ => new Part(unit, calibrationEndDay, holdoutEndDay, timed, discrete))];
        await repository.ReadPurchaseDaysAsync(segment, holdoutEndDay ?? calibrationEndDay, parts, (part, _, days) => _parts[part].Add(days), cancellationToken);

        Timed = [.. _parts.SelectMany(p => p.Timed)];
        var periods = new Dictionary<DiscreteHistory, int>();
        foreach (var (history, count) in _parts.SelectMany(p => p.Discrete))
        {
            CollectionsMarshal.GetValueRefOrAddDefault(periods, history, out _) += count;
        }

        Discrete = [.. periods.Select(pair => new WeightedSummary(pair.Key.Frequency, pair.Key.Recency, pair.Key.Periods, pair.Value))
            .OrderBy(h => h.Frequency).ThenBy(h => h.Age).ThenBy(h => h.Recency)];
        Holdout = Combine(_parts.Select(p => p.Holdout));
        PeriodHoldout = Combine(_parts.Select(p => p.PeriodHoldout));
    }

    private static HoldoutBook? Combine(IEnumerable<HoldoutBook?> books)
    {
        HoldoutBook? combined = null;
        foreach (var book in books)
        {
            if (book is null)
            {
                continue;
            }

            if (combined is null)
            {
                combined = book;
            }
            else
            {
                combined.Add(book);
            }
        }

        return combined;
    }

    /// <summary>One part's customers, built on the thread that reads them.</summary>
    private sealed class Part(TimeUnit unit, long calibrationEndDay, long? holdoutEndDay, bool timed, bool discrete)
    {
        public long Customers { get; private set; }

        public long RepeatCustomers { get; private set; }

        public List<TimedHistory> Timed { get; } = [];

        public Dictionary<DiscreteHistory, int> Discrete { get; } = [];

        public HoldoutBook? Holdout { get; } = holdoutEndDay is { } end && !unit.IsCalendar() ? new HoldoutBook(unit, calibrationEndDay, end) : null;

        public HoldoutBook? PeriodHoldout { get; } = holdoutEndDay is { } end && discrete ? new HoldoutBook(unit, calibrationEndDay, end) : null;

        public void Add(ReadOnlySpan<long> days)
        {
            var first = days[0];
            if (first > calibrationEndDay)
            {
                return;
            }

            var calibrationDays = days.Length;
            while (days[calibrationDays - 1] > calibrationEndDay)
            {
                calibrationDays--;
            }

            var calibration = days[..calibrationDays];
            Customers++;
            if (calibrationDays > 1)
            {
                RepeatCustomers++;
            }

            if (timed)
            {
                Timed.Add(ModelInputBuilders.Timed(calibration, calibrationEndDay, unit));
            }

            if (discrete)
            {
                var history = ModelInputBuilders.Discrete(calibration, calibrationEndDay, unit);
                CollectionsMarshal.GetValueRefOrAddDefault(Discrete, history, out _)++;
                if (PeriodHoldout is { } periodHoldout)
                {
                    AddToPeriodHoldout(periodHoldout, days, history);
                }
            }

            if (Holdout is { } holdout)
            {
                var daysPerUnit = unit.DaysPerUnit();
                var history = new TimedHistory(calibrationDays - 1, (calibration[^1] - first) / daysPerUnit, (calibrationEndDay - first) / daysPerUnit, 0);
                holdout.Add(history, (holdout.HoldoutEndDay - calibrationEndDay) / daysPerUnit, days.Length - calibrationDays, first, days[1..]);
            }
        }

        /// <summary>
        /// A customer in periods: its calibration history, the periods with a purchase that ended in the holdout, how many
        /// periods ended in it, and for the tracking series the last day of each later period with a purchase.
        /// </summary>
        private void AddToPeriodHoldout(HoldoutBook holdout, ReadOnlySpan<long> days, DiscreteHistory calibration)
        {
            var atHoldoutEnd = ModelInputBuilders.Discrete(days, holdout.HoldoutEndDay, unit);
            var first = days[0];
            var firstPeriod = ModelInputBuilders.PeriodOf(first, first, unit);
            var events = new List<long>();
            var previous = firstPeriod;
            foreach (var day in days[1..])
            {
                var period = ModelInputBuilders.PeriodOf(day, first, unit);
                if (period != previous)
                {
                    events.Add(ModelInputBuilders.PeriodLastDay(period, first, unit));
                    previous = period;
                }
            }

            holdout.Add(
                new TimedHistory(calibration.Frequency, calibration.Recency, calibration.Periods, 0),
                atHoldoutEnd.Periods - calibration.Periods,
                atHoldoutEnd.Frequency - calibration.Frequency,
                first,
                CollectionsMarshal.AsSpan(events));
        }
    }
}

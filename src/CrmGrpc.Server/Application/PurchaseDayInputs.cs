using CrmGrpc.Data.Repositories;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Validation;

namespace CrmGrpc.Server.Application;

/// <summary>
/// What a fit builds from each customer's purchase days: BG/CNBD-k's timed histories, BG/BB's period histories, and
/// the holdout book. Only customers whose first purchase is on or before the calibration end count; days after it
/// serve the holdout only.
/// </summary>
public sealed class PurchaseDayInputs(TimeUnit unit, long calibrationEndDay, long? holdoutEndDay, bool timed, bool discrete)
{
    private readonly List<TimedHistory> _timed = [];
    private readonly Dictionary<WeightedSummary, int> _discrete = [];

    public TimeUnit Unit => unit;

    public long Customers { get; private set; }

    public long RepeatCustomers { get; private set; }

    /// <summary>Per-customer histories with their log inter-purchase sums (when a model needs them).</summary>
    public IReadOnlyList<TimedHistory> Timed => _timed;

    /// <summary>Collapsed period histories (when a model needs them).</summary>
    public IReadOnlyList<WeightedSummary> Discrete =>
        [.. _discrete.Select(pair => pair.Key with { Weight = pair.Value }).OrderBy(h => h.Frequency).ThenBy(h => h.Age).ThenBy(h => h.Recency)];

    /// <summary>The holdout book of the continuous-time models, when the fit has a holdout and the unit has a fixed length.</summary>
    public HoldoutBook? Holdout { get; } = holdoutEndDay is { } end && !unit.IsCalendar() ? new HoldoutBook(unit, calibrationEndDay, end) : null;

    public Task ReadAsync(ModelInputRepository repository, string? segment, CancellationToken cancellationToken) =>
        repository.ReadPurchaseDaysAsync(segment, holdoutEndDay ?? calibrationEndDay, Add, cancellationToken);

    private void Add(long customerKey, ReadOnlySpan<long> days)
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
            _timed.Add(ModelInputBuilders.Timed(calibration, calibrationEndDay, unit));
        }

        if (discrete)
        {
            var history = ModelInputBuilders.Discrete(calibration, calibrationEndDay, unit) with { Weight = 0 };
            _discrete[history] = _discrete.GetValueOrDefault(history) + 1;
        }

        if (Holdout is { } holdout)
        {
            var daysPerUnit = unit.DaysPerUnit();
            var history = new TimedHistory(calibrationDays - 1, (calibration[^1] - first) / daysPerUnit, (calibrationEndDay - first) / daysPerUnit, 0);
            holdout.Add(history, (holdout.HoldoutEndDay - calibrationEndDay) / daysPerUnit, days.Length - calibrationDays, first, days[1..]);
        }
    }
}

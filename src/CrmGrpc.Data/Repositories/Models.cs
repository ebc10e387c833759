namespace CrmGrpc.Data.Repositories;

/// <summary>A stored fit. <see cref="Fit"/> is the contract's Model message as JSON: the store does not interpret it.</summary>
public sealed record StoredModel(string Id, DateTimeOffset CreateTime, DateTimeOffset CalibrationEnd, int TimeUnit, string Segment, double PenalizerCoef, string Fit);

/// <summary>A position in the newest-first order of models, for keyset paging.</summary>
public readonly record struct ModelCursor(long CreateTimeMs, long Key);

/// <summary>One customer's result of a persisted recalculation run.</summary>
public readonly record struct RunResult(long CustomerKey, double HistoricalClv, double? PredictiveClv, double? ProbabilityAlive, double? ExpectedPurchases);

/// <summary>One customer's cohort facts for the contractual models: when it was acquired and, if recorded, when it churned (unix ms).</summary>
public readonly record struct CohortFacts(long AcquiredAtMs, long? ChurnedAtMs);

/// <summary>Fitted models, newest first, and persisted recalculation runs.</summary>
public interface IModelRepository
{
    Task InsertAsync(StoredModel model, CancellationToken cancellationToken);

    Task<StoredModel?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The newest model, or null when none is stored.</summary>
    Task<StoredModel?> LatestAsync(CancellationToken cancellationToken);

    /// <summary>One page, newest first, after the keyset position of a previous page's last item (null for the first).</summary>
    Task<IReadOnlyList<(StoredModel Model, ModelCursor Cursor)>> ListAsync(ModelCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>Starts a named run and returns its key.</summary>
    Task<long> CreateRunAsync(string name, string modelId, DateTimeOffset asOf, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Appends one batch of a run's per-customer results.</summary>
    Task AppendRunResultsAsync(long runKey, IReadOnlyList<RunResult> results, CancellationToken cancellationToken);
}

/// <summary>What the models beyond BG/NBD read that the stored totals do not hold; each read sees one snapshot of the book.</summary>
public interface IModelInputRepository
{
    /// <summary>
    /// Calls <paramref name="onCustomer"/> once per customer of <paramref name="segment"/> (all when null) with a purchase
    /// on or before <paramref name="lastDay"/> (UTC day number), with its part's number, its key and its distinct purchase
    /// days up to it, ascending. The customers are split into <paramref name="parts"/> consecutive key ranges read at once,
    /// so calls of different parts overlap while one part's calls never do; part p's customers all have lower keys than
    /// part p + 1's. The span is reused after the call.
    /// </summary>
    Task ReadPurchaseDaysAsync(
        string? segment, long lastDay, int parts, Action<int, long, ReadOnlySpan<long>> onCustomer, CancellationToken cancellationToken);

    /// <summary>Each customer's acquisition and recorded churn (of <paramref name="segment"/> when given).</summary>
    Task ReadCohortFactsAsync(string? segment, Action<CohortFacts> onCustomer, CancellationToken cancellationToken);

    /// <summary>The earliest purchase day (UTC day number) up to <paramref name="lastDay"/>, of the segment when given; null when none.</summary>
    Task<long?> EarliestPurchaseDayAsync(string? segment, long lastDay, CancellationToken cancellationToken);
}

using CrmGrpc.Data;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Services;
using Microsoft.Extensions.Options;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Application;

/// <summary>What a per-customer request asks for, before defaults: the raw request fields.</summary>
public sealed record CustomerMetricsQuery(
    string ModelId, Google.Protobuf.WellKnownTypes.Timestamp? AsOf, double? Horizon, double? MonthlyDiscountRate, double? Margin, Proto.HealthWeights? Weights,
    Proto.ChurnDefinition? Churn = null);

/// <summary>
/// Settings whose RFM distribution is still being read: the model and the as-of date are known, <see cref="Settings"/>
/// completes with everything (or fails as the read did).
/// </summary>
public sealed record PendingCustomerMetricsSettings(FittedModel? Model, DateTimeOffset AsOf, ChurnDefinition Churn, Task<CustomerMetricsSettings> Settings);

/// <summary>
/// Turns a request's fields into <see cref="CustomerMetricsSettings"/>: the model (named or latest), the
/// as-of date (default the model's calibration end, else now), the horizon (default a year), lifetimes'
/// default monthly discount rate 0.01, margin 1, the configured health weights, and the book's RFM
/// distribution, cached per as-of day until the next write.
/// </summary>
public sealed class CustomerMetricsContext(
    ModelResolver resolver, ICustomerScanRepository scans, IBookVersion bookVersion, TimeProvider time, IOptions<CrmOptions> options)
{
    /// <summary>The longest horizon a prediction takes, in time units.</summary>
    public const double MaxHorizon = 100_000;

    private readonly Lock _cacheLock = new();
    private readonly Dictionary<long, (long Version, Task<RfmDistribution> Distribution)> _rfm = [];

    public async Task<CustomerMetricsSettings> SettingsAsync(CustomerMetricsQuery query, CancellationToken cancellationToken) =>
        await (await BeginSettingsAsync(query, cancellationToken)).Settings;

    /// <summary>
    /// As <see cref="SettingsAsync"/>, but returns as soon as the fields are checked and the model resolved, with the
    /// book's RFM distribution still being read on a thread of the caller's scheduler: a scan can start meanwhile
    /// (what it needs is the model and the as-of date), and only the computation waits for the whole settings.
    /// </summary>
    public async Task<PendingCustomerMetricsSettings> BeginSettingsAsync(CustomerMetricsQuery query, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        if (query.Horizon is { } h && !(double.IsFinite(h) && h >= 0 && h <= MaxHorizon))
        {
            violations.Add(new FieldViolation("horizon", $"must be between 0 and {MaxHorizon} periods, was {h}"));
        }

        if (query.MonthlyDiscountRate is { } d && !(double.IsFinite(d) && d >= 0 && d < 10))
        {
            violations.Add(new FieldViolation("monthly_discount_rate", $"must be a finite rate ≥ 0, was {d}"));
        }

        if (query.Margin is { } m && !(m is >= 0 and <= 1))
        {
            violations.Add(new FieldViolation("margin", $"must be a fraction in [0, 1], was {m}"));
        }

        var weights = ToWeights(query.Weights);
        if (!weights.IsValid)
        {
            violations.Add(new FieldViolation("health_weights", "must be finite, not negative, and not all zero"));
        }

        RequestChecks.ThrowIfInvalid(violations, "");
        var churn = RequestChecks.ToChurnDefinition(query.Churn, options.Value.Churn.InactivityDays);
        var model = await resolver.ResolveAsync(query.ModelId, cancellationToken);
        var asOf = query.AsOf is null ? model?.CalibrationEnd ?? time.GetUtcNow() : ProtoTime.ToInstant(query.AsOf);
        var rfm = StartRfmRead(asOf, cancellationToken);
        return new PendingCustomerMetricsSettings(model, asOf, churn, CompleteAsync());

        async Task<CustomerMetricsSettings> CompleteAsync() => new(
            model,
            asOf,
            query.Horizon ?? model?.DefaultHorizon ?? 365,
            query.MonthlyDiscountRate ?? 0.01,
            query.Margin ?? 1,
            weights,
            await rfm,
            Currencies.MinorUnitsPerMajor(options.Value.Currency),
            churn);
    }

    private HealthWeights ToWeights(Proto.HealthWeights? weights)
    {
        var configured = options.Value.HealthWeights;
        return weights is null || (weights.Usage == 0 && weights.Engagement == 0 && weights.Satisfaction == 0 && weights.Support == 0)
            ? new HealthWeights(configured.Usage, configured.Engagement, configured.Satisfaction, configured.Support)
            : new HealthWeights(weights.Usage, weights.Engagement, weights.Satisfaction, weights.Support);
    }

    /// <summary>
    /// Starts reading the book's RFM distribution as of <paramref name="asOf"/> into the cache, on the caller's
    /// scheduler, without waiting for it. A fit calls it with its calibration end, the as-of date every per-customer
    /// request with the new model defaults to: the first of them then finds the distribution read (at 100k customers
    /// about 35 ms of a core, at 1M ten times that) or joins the read in flight. A write before it is used makes it
    /// stale as any cached distribution, and the next request reads again; a failed read is retried by the next request.
    /// </summary>
    public void Prefetch(DateTimeOffset asOf) =>
        _ = StartRfmRead(asOf, CancellationToken.None)
            .ContinueWith(static read => read.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>The book's RFM distribution as of <paramref name="asOf"/>, cached or read, on a thread of the caller's scheduler.</summary>
    private Task<RfmDistribution> StartRfmRead(DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => RfmAsync(asOf, cancellationToken), cancellationToken, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current).Unwrap();

    private async Task<RfmDistribution> RfmAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var day = UtcDay.Of(asOf.ToUnixTimeMilliseconds());
        var version = await bookVersion.ReadAsync(cancellationToken);
        return await CachedRfmAsync(asOf, day, version, cancellationToken);
    }

    private Task<RfmDistribution> CachedRfmAsync(DateTimeOffset asOf, long day, long version, CancellationToken cancellationToken)
    {
        lock (_cacheLock)
        {
            if (_rfm.TryGetValue(day, out var cached) && cached.Version == version && !cached.Distribution.IsFaulted && !cached.Distribution.IsCanceled)
            {
                return cached.Distribution.WaitAsync(cancellationToken);
            }

            if (_rfm.Count >= 8)
            {
                _rfm.Clear();
            }

            // Not tied to one caller's cancellation: the distribution is shared by every request of the day.
            var distribution = scans.ReadRfmDistributionAsync(asOf, CancellationToken.None);
            _rfm[day] = (version, distribution);
            return distribution.WaitAsync(cancellationToken);
        }
    }
}

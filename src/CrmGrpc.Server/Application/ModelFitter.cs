using CrmGrpc.Data;
using System.Diagnostics;
using System.Runtime.InteropServices;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Validation;
using CrmGrpc.Server.Mapping;
using Google.Protobuf.WellKnownTypes;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Telemetry;
using Microsoft.Extensions.Options;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Application;

/// <summary>What a caller asked to fit: the models in order, the calibration end, the unit, and optionally a segment and a holdout end.</summary>
public sealed record FitRequest(
    DateTimeOffset CalibrationEnd, TimeUnit Unit, string Segment, double Penalizer, IReadOnlyList<ModelKind> Models, DateTimeOffset? HoldoutEnd = null,
    double? DiscountRate = null)
{
    /// <summary>The contractual projection's discount rate per time unit: the request's, else the equivalent of 10 % a year.</summary>
    public double DiscountRatePerUnit => DiscountRate ?? Unit switch
    {
        TimeUnit.Years => 0.1,
        TimeUnit.Months => Math.Pow(1.1, 1.0 / 12) - 1,
        _ => Math.Pow(1.1, Unit.DaysPerUnit() / 365.25) - 1,
    };

    /// <summary>What an empty model list means: BG/NBD and Gamma-Gamma, as before there was a list.</summary>
    public static IReadOnlyList<ModelKind> DefaultModels { get; } = [ModelKind.BgNbd, ModelKind.GammaGamma];
}

/// <summary>
/// Fits the requested models on the book's summaries as of a calibration end, validates each purchase model on a
/// holdout when asked, and stores the fit. The summaries follow lifetimes' summary_data_from_transaction_data: same-day
/// purchases merged, x = purchase days after the first, t_x = last − first purchase day, T = calibration end − first
/// purchase day with the calibration end inclusive, days / 7 for weeks, monetary value = mean of the repeat days' amounts.
/// Each model's inputs are read only when a requested model needs them (<see cref="IModelDefinition.Inputs"/>): the
/// stored per-customer totals for (x, t_x, T), each customer's purchase days for BG/CNBD-k, BG/BB and the holdout, the
/// customers' acquisition and churn for sBG.
/// </summary>
public sealed partial class ModelFitter(
    ICustomerScanRepository scans, IModelInputRepository inputs, IModelRepository models, TimeProvider time, IOptions<CrmOptions> options, ILogger<ModelFitter> logger)
{
    /// <summary>Fewer purchasing customers than this cannot identify four parameters.</summary>
    public const int MinCustomers = 10;

    /// <summary>Gamma-Gamma is fitted only with at least this many repeat customers.</summary>
    public const int MinRepeatCustomers = 10;

    /// <summary>Connections a fit reads the book on at most, whatever the cores: each holds a read transaction.</summary>
    public const int MaxReadParts = 8;

    public async Task<FittedModel> FitAsync(FitRequest request, CancellationToken cancellationToken)
    {
        using var activity = CrmMetrics.ActivitySource.StartActivity("crm.model.fit");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var fitted = await FitBookAsync(request, cancellationToken);
            CrmMetrics.RecordFit(started, failure: null);
            activity?.SetTag("crm.model.id", fitted.Message.Id);
            return fitted;
        }
        catch (Exception failure)
        {
            CrmMetrics.RecordFit(started, failure);
            CrmMetrics.Fail(activity, failure);
            throw;
        }
    }

    private async Task<FittedModel> FitBookAsync(FitRequest request, CancellationToken cancellationToken)
    {
        var kinds = request.Models.Count == 0 ? FitRequest.DefaultModels : request.Models;
        var definitions = kinds.Where(kind => kind != ModelKind.GammaGamma)
            .Select(kind => ModelCatalog.Find(kind) ?? throw new InvalidOperationException($"No model {kind} is registered.")).ToList();
        var fitSpend = kinds.Contains(ModelKind.GammaGamma);
        var needs = definitions.Aggregate(ModelInputs.None, (all, definition) => all | definition.Inputs);
        var purchaseModels = definitions.Where(d => d.Family == ModelFamily.Purchase).ToList();
        var segment = request.Segment.Length == 0 ? null : request.Segment;
        var unit = request.Unit;
        var calibrationEnd = request.CalibrationEnd;

        FitBook? book = null;
        long customers = 0, repeatCustomers = 0;
        if (needs.HasFlag(ModelInputs.Histories) || fitSpend)
        {
            var minorPerMajor = Currencies.MinorUnitsPerMajor(options.Value.Currency);
            // The spend does not depend on the unit; the histories are read in days and scaled to it, never in calendar units.
            book = await ReadBookAsync(segment, calibrationEnd, unit.IsCalendar() ? TimeUnit.Days : unit, minorPerMajor, cancellationToken);
            customers = book.Customers;
            repeatCustomers = book.RepeatCustomers;
        }

        PurchaseDayInputs? days = null;
        if (needs.HasFlag(ModelInputs.TimedHistories) || needs.HasFlag(ModelInputs.DiscreteHistories) || (request.HoldoutEnd is not null && purchaseModels.Count > 0))
        {
            days = await ReadPurchaseDaysAsync(request, needs, purchaseModels, segment, cancellationToken);
            if (book is null)
            {
                customers = days.Customers;
                repeatCustomers = days.RepeatCustomers;
            }
        }

        if (purchaseModels.Count > 0 || fitSpend)
        {
            if (customers < MinCustomers)
            {
                throw new FailedPreconditionException(
                    $"not enough data: {customers} customers purchased by {calibrationEnd:yyyy-MM-dd}{(segment is not null ? $" in segment '{segment}'" : "")}; at least {MinCustomers} are needed");
            }

            if (repeatCustomers == 0)
            {
                throw new FailedPreconditionException("not enough data: no customer has a repeat purchase day, so the purchase process cannot be fitted");
            }
        }

        IReadOnlyList<CohortSurvival> cohorts = [];
        if (needs.HasFlag(ModelInputs.Cohorts))
        {
            cohorts = await ReadCohortsAsync(segment, calibrationEnd, unit, cancellationToken);
        }

        var data = new ModelData
        {
            Histories = book is null || !needs.HasFlag(ModelInputs.Histories) ? [] : DayHistoryCollapser.ToArray(book.Histories, unit.DaysPerUnit(), cancellationToken),
            TimedHistories = days?.Timed ?? [],
            DiscreteHistories = days?.Discrete ?? [],
            Cohorts = cohorts,
            Unit = unit,
        };
        var settings = new ModelFitSettings { PenalizerCoefficient = request.Penalizer };

        var started = Stopwatch.GetTimestamp();
        // Gamma-Gamma is independent of the others: it runs beside them, on this call's scheduler (the server's heavy
        // threads, not the thread pool that interactive calls use). Every fit stops within one likelihood evaluation's
        // chunk of the token's cancellation (the call's deadline).
        var spendFit = fitSpend && book is not null && repeatCustomers >= MinRepeatCustomers
            ? Task.Factory.StartNew(() =>
                {
                    var spendStarted = Stopwatch.GetTimestamp();
                    var fit = GammaGammaModel.Fit(
                        CollectionsMarshal.AsSpan(book.Spend), book.NonPositiveSpend, new GammaGammaFitOptions { PenalizerCoefficient = request.Penalizer }, cancellationToken);
                    return (Fit: fit, Seconds: Stopwatch.GetElapsedTime(spendStarted).TotalSeconds);
                },
                cancellationToken, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current)
            : null;
        var fits = new List<(IModelDefinition Definition, ModelFit Fit, double Seconds)>();
        try
        {
            foreach (var definition in definitions)
            {
                var modelStarted = Stopwatch.GetTimestamp();
                ModelFit fit;
                try
                {
                    fit = definition.Fit(data, settings, cancellationToken);
                }
                catch (ModelFitException failure)
                {
                    throw new FailedPreconditionException($"{definition.Name}: {failure.Message}");
                }

                // A fit that did not converge is no estimate: refused with what the optimiser said, never stored.
                if (!fit.Converged)
                {
                    throw new FailedPreconditionException(
                        $"{definition.Name}: the fit did not converge on these data ({(fit.Warnings.Count > 0 ? fit.Warnings[0] : $"{fit.Iterations} iterations")}); try a penalizer_coef, a longer calibration period or another model");
                }

                fits.Add((definition, fit, Stopwatch.GetElapsedTime(modelStarted).TotalSeconds));
            }
        }
        catch (Exception) when (spendFit is not null)
        {
            // Let Gamma-Gamma see the same token (or finish) before the call ends, so nothing of this fit runs on.
            await Task.WhenAny(spendFit);
            throw;
        }

        var (gg, spendSeconds) = spendFit is null ? (null, 0) : await spendFit;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var now = time.GetUtcNow();
        var model = new Proto.Model
        {
            Id = "mdl_" + Guid.CreateVersion7(now).ToString("N"),
            CalibrationEnd = Timestamp.FromDateTimeOffset(calibrationEnd),
            TimeUnit = ModelMapper.ToProto(unit),
            Segment = request.Segment,
            PenalizerCoef = request.Penalizer,
            Customers = customers,
            RepeatCustomers = repeatCustomers,
            CreateTime = Timestamp.FromDateTimeOffset(now),
            FitSeconds = seconds,
        };
        if (request.HoldoutEnd is { } holdoutEnd)
        {
            model.HoldoutEnd = Timestamp.FromDateTimeOffset(holdoutEnd);
        }

        foreach (var kind in kinds)
        {
            if (kind == ModelKind.GammaGamma)
            {
                AddSpend(model, gg, spendSeconds, repeatCustomers);
                continue;
            }

            var (definition, fit, fitSeconds) = fits.First(f => f.Definition.Kind == kind);
            var proto = ModelMapper.ToProto(fit, fitSeconds);
            model.Warnings.Add(fit.Warnings.Select(w => $"{definition.DisplayName}: {w}"));
            if (days is not null && definition.Family == ModelFamily.Purchase
                && (definition.Inputs.HasFlag(ModelInputs.DiscreteHistories) ? days.PeriodHoldout : days.Holdout) is { } holdout)
            {
                proto.Holdout = Validate(definition, fit, days, holdout, cancellationToken);
            }

            if (definition.Family == ModelFamily.Contractual)
            {
                AddRetention(proto, definition, fit, cohorts, request.DiscountRatePerUnit, model);
            }

            model.Fits.Add(proto);
            if (kind == ModelKind.BgNbd)
            {
                model.BgNbd = ModelMapper.ToLegacyBgNbd(fit);
            }
        }

        var fitted = FittedModel.From(model);
        await models.InsertAsync(new StoredModel(model.Id, now, calibrationEnd, (int)model.TimeUnit, request.Segment, request.Penalizer, fitted.ToJson()), cancellationToken);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var names = string.Join(", ", kinds.Select(ModelMapper.Name));
            LogFitted(logger, model.Id, names, customers, seconds);
        }
        return fitted;
    }

    /// <summary>Gamma-Gamma's part of the stored model: its fit, or the warning that says why there is none.</summary>
    private static void AddSpend(Proto.Model model, GammaGammaFitResult? gg, double seconds, long repeatCustomers)
    {
        if (gg is null)
        {
            model.Warnings.Add($"Gamma-Gamma not fitted: {repeatCustomers} repeat customers, at least {MinRepeatCustomers} are needed");
            return;
        }

        if (gg.Unusable is { } reason)
        {
            // The spend is not gamma-shaped: the boundary point the optimiser reached is no model of it.
            model.Warnings.Add($"Gamma-Gamma not fitted: {reason}");
            return;
        }

        model.GammaGamma = new Proto.GammaGammaFit
        {
            P = gg.Parameters.P,
            Q = gg.Parameters.Q,
            Gamma = gg.Parameters.Gamma,
            LogLikelihood = gg.LogLikelihood,
            Converged = gg.Converged,
            Iterations = gg.Iterations,
            FrequencySpendCorrelation = gg.FrequencySpendCorrelation ?? 0,
        };
        if (gg.StandardErrors is { } ggErrors)
        {
            model.GammaGamma.StandardErrors.Add([ggErrors.P, ggErrors.Q, ggErrors.Gamma]);
        }

        model.Warnings.Add(gg.Warnings.Select(w => "Gamma-Gamma: " + w));
        model.Fits.Add(ModelMapper.ToProto(gg, seconds));
    }

    /// <summary>Periods a contractual projection shows at least, and beyond the longest cohort observed.</summary>
    private const int ProjectedPeriods = 12;

    /// <summary>
    /// A contractual model's projection: survival, retention and DERL for every period observed in the longest cohort
    /// and <see cref="ProjectedPeriods"/> more (at least <see cref="ProjectedPeriods"/>, at most 120).
    /// </summary>
    private static void AddRetention(
        Proto.ModelFit proto, IModelDefinition definition, ModelFit fit, IReadOnlyList<CohortSurvival> cohorts, double discountRate, Proto.Model model)
    {
        var predictor = (ISurvivalPredictor)definition.CreatePredictor(fit.Parameters)!;
        var observed = cohorts.Count == 0 ? 0 : cohorts.Max(c => c.AliveAtPeriodStart.Length - 1);
        var periods = Math.Clamp(observed + ProjectedPeriods, ProjectedPeriods, 120);
        try
        {
            for (var t = 1; t <= periods; t++)
            {
                proto.Retention.Add(new Proto.RetentionPoint
                {
                    Period = t,
                    Survival = predictor.Survival(t),
                    RetentionRate = predictor.RetentionRate(t),
                    ExpectedRemainingLifetime = predictor.ExpectedRemainingLifetime(t - 1, discountRate),
                });
            }
        }
        catch (ArgumentException unbounded)
        {
            // Undiscounted with α ≤ 1: the expected remaining lifetime has no finite value; the survival curve stands.
            proto.Retention.Clear();
            model.Warnings.Add($"{definition.DisplayName}: no retention projection: {unbounded.Message}");
        }
    }

    /// <summary>The holdout validation of one fitted purchase model.</summary>
    private static Proto.HoldoutValidation Validate(IModelDefinition definition, ModelFit fit, PurchaseDayInputs days, HoldoutBook holdout, CancellationToken cancellationToken)
    {
        var predictor = (IPurchasePredictor)definition.CreatePredictor(fit.Parameters)!;
        var unit = days.Unit;
        var result = definition.Inputs.HasFlag(ModelInputs.DiscreteHistories)
            ? holdout.Evaluate(predictor, (firstDay, asOfDay) => ModelInputBuilders.PeriodsEnded(firstDay, asOfDay, unit), cancellationToken)
            : holdout.Evaluate(predictor, (firstDay, asOfDay) => (asOfDay - firstDay) / unit.DaysPerUnit(), cancellationToken);
        return ModelMapper.ToProto(result, holdout.HoldoutEndDay);
    }

    /// <summary>
    /// Reads the book's histories in one part per core (up to <see cref="MaxReadParts"/>); each part is collapsed for
    /// BG/NBD, and its repeat customers' spend kept for Gamma-Gamma, on the thread that reads it; then the parts are
    /// combined. Measured at 1M customers on 2 cores: reading took 0.30 s on one connection and 0.16 s in two parts
    /// (0.23 s with the collapsing), where one thread reading beside another collapsing took 0.38–0.45 s.
    /// </summary>
    private async Task<FitBook> ReadBookAsync(string? segment, DateTimeOffset calibrationEnd, TimeUnit unit, double minorPerMajor, CancellationToken cancellationToken)
    {
        var parts = new BookPart[Math.Min(Environment.ProcessorCount, MaxReadParts)];
        for (var part = 0; part < parts.Length; part++)
        {
            parts[part] = new BookPart();
        }

        await scans.ReadPurchaseHistoriesAsync(segment, calibrationEnd, parts.Length, (part, chunk) =>
        {
            var book = parts[part];
            foreach (ref readonly var history in chunk)
            {
                book.Collapser.Add(history.RepeatDays, history.RecencyDays, history.AgeDays);
                if (history.RepeatDays == 0)
                {
                    continue;
                }

                // Gamma-Gamma cannot model a mean spend that is not positive (zero-amount purchases): counted, left out.
                var spend = Summaries.Of(history, unit, minorPerMajor).MonetaryValue;
                if (spend > 0)
                {
                    book.Spend.Add(new SpendHistory(history.RepeatDays, spend));
                }
                else
                {
                    book.NonPositiveSpend++;
                }
            }
        }, cancellationToken);

        var spend = new List<SpendHistory>(parts.Sum(p => p.Spend.Count));
        foreach (var part in parts)
        {
            spend.AddRange(part.Spend);
        }

        return new FitBook([.. parts.Select(p => p.Collapser)], spend, parts.Sum(p => p.NonPositiveSpend));
    }

    /// <summary>One part of the book as read: its histories collapsed, its repeat customers' spend.</summary>
    private sealed class BookPart
    {
        public DayHistoryCollapser Collapser { get; } = new();

        public List<SpendHistory> Spend { get; } = [];

        public int NonPositiveSpend { get; set; }
    }

    /// <summary>
    /// What the fits read: every customer's history, collapsed by part (BG/NBD); the repeat customers' (x, mean spend)
    /// for Gamma-Gamma, which skips the others, and how many repeat customers it cannot use.
    /// </summary>
    private sealed record FitBook(DayHistoryCollapser[] Histories, List<SpendHistory> Spend, int NonPositiveSpend)
    {
        public long Customers => Histories.Sum(h => h.Customers);

        public int RepeatCustomers => Spend.Count + NonPositiveSpend;
    }

    /// <summary>
    /// Reads every customer's purchase days up to the holdout end (or the calibration end) and builds what the requested
    /// models and the holdout need from the customers who purchased by the calibration end.
    /// </summary>
    private async Task<PurchaseDayInputs> ReadPurchaseDaysAsync(
        FitRequest request, ModelInputs needs, List<IModelDefinition> purchaseModels, string? segment, CancellationToken cancellationToken)
    {
        var calibrationEndDay = UtcDay.Of(request.CalibrationEnd.ToUnixTimeMilliseconds());
        var holdoutEndDay = request.HoldoutEnd is { } holdoutEnd && purchaseModels.Count > 0
            ? UtcDay.Of(holdoutEnd.ToUnixTimeMilliseconds())
            : (long?)null;
        var dayInputs = new PurchaseDayInputs(request.Unit, calibrationEndDay, holdoutEndDay,
            needs.HasFlag(ModelInputs.TimedHistories), needs.HasFlag(ModelInputs.DiscreteHistories));
        await dayInputs.ReadAsync(inputs, segment, Math.Min(Environment.ProcessorCount, MaxReadParts), cancellationToken);
        return dayInputs;
    }

    /// <summary>The acquisition cohorts' survivor counts up to the calibration end, from the customers' recorded churn.</summary>
    private async Task<IReadOnlyList<CohortSurvival>> ReadCohortsAsync(string? segment, DateTimeOffset calibrationEnd, TimeUnit unit, CancellationToken cancellationToken)
    {
        var customers = new List<(long AcquiredDay, long? ChurnedDay)>();
        await inputs.ReadCohortFactsAsync(segment, facts => customers.Add(
            (UtcDay.Of(facts.AcquiredAtMs), facts.ChurnedAtMs is { } churned ? UtcDay.Of(churned) : null)), cancellationToken);
        return ModelInputBuilders.Cohorts(customers, UtcDay.Of(calibrationEnd.ToUnixTimeMilliseconds()), unit);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fitted model {ModelId} ({Models}) on {Customers} customers in {Seconds:0.000} s")]
    private static partial void LogFitted(ILogger logger, string modelId, string models, long customers, double seconds);
}

/// <summary>The buy-till-you-die summary of one customer's facts.</summary>
public static class Summaries
{
    /// <summary>x, t_x and T in <paramref name="unit"/> as of the (inclusive) day <paramref name="asOfDay"/>; monetary value in major units.</summary>
    public static CustomerSummary Of(CustomerFacts facts, long asOfDay, TimeUnit unit, double minorPerMajor)
    {
        return Of(new PurchaseHistory(
            facts.PurchaseDays - 1,
            facts.LastPurchaseDay - facts.FirstPurchaseDay,
            asOfDay - facts.FirstPurchaseDay,
            facts.PurchaseMinor - facts.FirstDayPurchaseMinor), unit, minorPerMajor);
    }

    /// <summary>x, t_x and T in <paramref name="unit"/>; monetary value (the repeat days' mean amount) in major units.</summary>
    public static CustomerSummary Of(PurchaseHistory history, TimeUnit unit, double minorPerMajor)
    {
        var daysPerUnit = unit.DaysPerUnit();
        var monetary = history.RepeatDays > 0 ? history.RepeatMinor / (double)history.RepeatDays / minorPerMajor : 0;
        return new CustomerSummary(history.RepeatDays, history.RecencyDays / daysPerUnit, history.AgeDays / daysPerUnit, monetary);
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Runtime;
using CrmGrpc.Data;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Server.Application;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Services.Metrics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Hosting;

/// <summary>
/// Compiles the per-customer metric path once at start, on the heavy threads, so that the first recalculation of a
/// fresh server does not pay for it. The server runs without tiered compilation (every method is compiled fully
/// optimised on its first call; see the project file), and on a 100k-customer book the first StreamCustomerMetrics
/// of a fresh server compiled about 500 methods in 165 ms of its 0.4–0.5 s, the next ones none. The warm-up computes
/// the metrics of a few made-up customers under a made-up BG/NBD and Gamma-Gamma model, read back from the JSON a
/// stored fit is kept in, through the code a recalculation runs, and serialises them, then resolves the latest model
/// as a request naming none does. Then it compiles, without running them, the rest of what a recalculation passes
/// through (<see cref="RecalculationPath"/>): with the sample alone, the first recalculation of a 100k-customer book
/// still compiled about 200 methods (the store's scan, which needs rows to run, and the BG/NBD expectation's regimes
/// that only some models reach), 70–80 ms of its time. Last it runs the recalculation itself on no customer
/// (<see cref="RecalculateNoCustomerAsync"/>), for the generic code of its async steps, which only running compiles
/// (and the runtime's preparation skips the virtual methods of classes: interface implementations, async iterators).
/// It writes nothing and drops what it computed; it reads the latest model's row and the book's RFM distribution
/// (kept for the first request, as any request's). Other models' code is compiled on first use, as before.
/// </summary>
public sealed partial class MetricsWarmUp(
    HeavyWork heavyWork, ModelResolver resolver, ICustomerScanRepository scans, IServiceProvider services, IOptions<HeavyWorkOptions> options,
    IOptions<CrmOptions> crm, ILogger<MetricsWarmUp> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.WarmUp
        ? Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.DenyChildAttach, heavyWork.Scheduler).Unwrap()
        : Task.CompletedTask;

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        var compiled = JitInfo.GetCompiledMethodCount();
        try
        {
            var bytes = ComputeSample(crm.Value, stoppingToken).Sum(batch => batch.CalculateSize());
            // The latest model, as a request naming none resolves it (the store's first read of a model row builds its
            // row mapper: 30-odd ms of the first recalculation otherwise).
            await resolver.ResolveAsync("", stoppingToken);
            MethodPreparer.Prepare(RecalculationPath(scans), stoppingToken);
            await RecalculateNoCustomerAsync(ActivatorUtilities.CreateInstance<MetricsGrpcService>(services), stoppingToken);
            var methods = JitInfo.GetCompiledMethodCount() - compiled;
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogWarmedUp(logger, methods, milliseconds, bytes);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before it ended: nothing to report.
        }
        catch (Exception failure)
        {
            // Only the first requests' speed depends on it: never the server's life.
            LogWarmUpFailed(logger, failure);
        }
    }

    /// <summary>
    /// The types a recalculation runs beyond what the sample reaches: the running store's scan, the metric RPCs'
    /// request handling, and the BG/NBD and Gamma-Gamma models with their numerics (every regime of the expectation;
    /// a fit runs them too).
    /// </summary>
    public static IEnumerable<System.Type> RecalculationPath(ICustomerScanRepository scans) =>
    [
        scans.GetType(), typeof(MetricsGrpcService), typeof(CustomerMetricsContext), typeof(ModelResolver),
        .. typeof(BgNbdParameters).Assembly.GetTypes().Where(t => !t.IsNested && t.Namespace is "CrmGrpc.Modeling" or "CrmGrpc.Modeling.Numerics"),
    ];

    /// <summary>A customer id no book has (ids with control characters are refused at import): the warm-up's recalculation selects it and finds nobody.</summary>
    public const string NoCustomerId = "\u0001crm-warm-up";

    /// <summary>
    /// Runs the recalculation's own code on a selection of no customer, its messages serialised and dropped: the
    /// settings, the count, the scan, the channel and the writer, with the generic instantiations of their async code
    /// that no preparation reaches (they exist only once run: 40–45 KB of the first recalculation's compiled code). Like
    /// any request naming no model, it reads the book's RFM distribution as of the latest model's calibration end (or
    /// today) into the cache the first request then finds. Returns the messages written: the progress, nothing else.
    /// </summary>
    public static async Task<IReadOnlyList<Proto.StreamCustomerMetricsResponse>> RecalculateNoCustomerAsync(
        MetricsGrpcService service, CancellationToken cancellationToken)
    {
        var stream = new DiscardingStream();
        var request = new Proto.StreamCustomerMetricsRequest { Filter = new Proto.CustomerFilter { CustomerIds = { NoCustomerId } } };
        await service.RecalculateAsync(request, stream, cancellationToken);
        return stream.Written;
    }

    /// <summary>A response stream that serialises each message as the gRPC serializer does, then reads it back.</summary>
    private sealed class DiscardingStream : IServerStreamWriter<Proto.StreamCustomerMetricsResponse>
    {
        public List<Proto.StreamCustomerMetricsResponse> Written { get; } = [];

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(Proto.StreamCustomerMetricsResponse message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(Proto.StreamCustomerMetricsResponse message, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Written.Add(RoundTrip(message));
            return Task.CompletedTask;
        }
    }

    /// <summary>The message written as the gRPC serializer writes it (its size, then it into the transport's buffer), read back.</summary>
    private static Proto.StreamCustomerMetricsResponse RoundTrip(Proto.StreamCustomerMetricsResponse message)
    {
        var buffer = new ArrayBufferWriter<byte>(message.CalculateSize());
        message.WriteTo(buffer);
        return Proto.StreamCustomerMetricsResponse.Parser.ParseFrom(buffer.WrittenSpan);
    }

    /// <summary>Customers of the sample: enough frequencies and ages to run each regime of the BG/NBD expectation.</summary>
    public const int SampleCustomers = 64;

    /// <summary>
    /// Computes the metrics of <see cref="SampleCustomers"/> made-up customers under CDNOW's published BG/NBD and
    /// Gamma-Gamma parameters, with recorded churn and with a 90-day inactivity window, each as one recalculation
    /// batch; serialises each as the gRPC serializer does and returns the batches read back from those bytes.
    /// </summary>
    public static IReadOnlyList<Proto.CustomerMetricsBatch> ComputeSample(CrmOptions crm, CancellationToken cancellationToken)
    {
        var calibrationEnd = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var given = new Proto.ModelParameters
        {
            Kind = Proto.ModelKind.BgNbd,
            TimeUnit = Proto.TimeUnit.Weeks,
            CalibrationEnd = Timestamp.FromDateTimeOffset(calibrationEnd),
            Parameters = { ["r"] = 0.243, ["alpha"] = 4.414, ["a"] = 0.793, ["b"] = 2.426 },
            SpendParameters = { ["p"] = 6.25, ["q"] = 3.74, ["gamma"] = 15.44 },
        };
        var message = ModelImporter.ToModel(given, ModelCatalog.Find(ModelKind.BgNbd)!, TimeUnit.Weeks, calibrationEnd);
        // Read back from its JSON, as a stored fit is: the protobuf JSON parser's first call is its costliest.
        var model = FittedModel.From(new StoredModel(message.Id, calibrationEnd, calibrationEnd, (int)message.TimeUnit, "", 0, FittedModel.From(message).ToJson()));

        var asOfDay = UtcDay.Of(calibrationEnd.ToUnixTimeMilliseconds());
        var customers = Enumerable.Range(0, SampleCustomers).Select(i => SampleFacts(i, asOfDay)).ToArray();
        var purchasing = customers.Where(c => c.HasPurchases).ToArray();
        var rfm = new RfmDistribution(
            [.. purchasing.Select(c => asOfDay - c.LastPurchaseDay)], [.. purchasing.Select(c => c.PurchaseTransactions)], [.. purchasing.Select(c => c.PurchaseMinor)]);
        var weights = new HealthWeights(crm.HealthWeights.Usage, crm.HealthWeights.Engagement, crm.HealthWeights.Satisfaction, crm.HealthWeights.Support);
        var batches = new List<Proto.CustomerMetricsBatch>();
        foreach (var churn in new[] { ChurnDefinition.RecordedOnly, new ChurnDefinition(InferredChurnDays) })
        {
            cancellationToken.ThrowIfCancellationRequested();
            var settings = new CustomerMetricsSettings(model, calibrationEnd, model.DefaultHorizon, 0.01, 1, weights, rfm,
                Currencies.MinorUnitsPerMajor(crm.Currency), churn);
            var batch = new Proto.StreamCustomerMetricsResponse { Batch = new Proto.CustomerMetricsBatch { Customers = { MetricsGrpcService.ComputeAll(customers, settings) } } };
            batches.Add(RoundTrip(batch).Batch);
            // GetCustomerMetrics answers with one customer's metrics read as its response message.
            _ = Proto.GetCustomerMetricsResponse.Parser.ParseFrom(batch.Batch.Customers[^1].ToByteString());
        }

        return batches;
    }

    /// <summary>The inactivity window of the sample's second batch, in days.</summary>
    public const int InferredChurnDays = 90;

    /// <summary>Customer <paramref name="index"/> of the sample: every eighth without purchases, the others with 1 to 40 purchase days over up to two years.</summary>
    private static CustomerFacts SampleFacts(int index, long asOfDay)
    {
        var acquiredDay = asOfDay - 7 - (index * 11 % 730);
        var facts = new CustomerFacts
        {
            Key = index + 1,
            Id = FormattableString.Invariant($"warm-up-{index}"),
            AcquiredAt = DateTimeOffset.UnixEpoch.AddDays(acquiredDay),
            RecordedChurnAt = index % 16 == 5 ? DateTimeOffset.UnixEpoch.AddDays(asOfDay - 3) : null,
            LastActivityAt = index % 3 == 0 ? null : DateTimeOffset.UnixEpoch.AddDays(asOfDay - (index % 45)),
            ActivityLast30Days = index % 7,
            LatestNps = index % 4 == 0 ? null : index % 11,
            LatestCsat = index % 5 == 0 ? null : 1 + (index % 5),
            SurveyResponsesLastYear = index % 3,
            TicketsLastYear = index % 4,
            OpenTickets = index % 2,
            MeanFirstResponseSeconds = index % 4 == 0 ? null : 600 + (index * 37),
        };
        if (index % 8 == 0)
        {
            return facts;
        }

        var purchaseDays = 1 + (index * 7 % 40);
        facts.FirstPurchaseDay = acquiredDay;
        facts.LastPurchaseDay = purchaseDays == 1 ? acquiredDay : asOfDay - (index * 5 % (asOfDay - acquiredDay));
        facts.PurchaseDays = purchaseDays;
        facts.PurchaseTransactions = purchaseDays + (index % 3);
        facts.FirstDayPurchaseMinor = 1_500 + (index * 131);
        facts.PurchaseMinor = facts.FirstDayPurchaseMinor + ((purchaseDays - 1) * (2_000 + (index * 97)));
        facts.RefundMinor = index % 6 == 0 ? 500 : 0;
        facts.LastPurchaseAt = DateTimeOffset.UnixEpoch.AddDays(facts.LastPurchaseDay).AddHours(index % 24);
        return facts;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compiled the metric path at start: {Methods} methods in {Milliseconds:N0} ms ({Bytes} bytes of sample results dropped)")]
    private static partial void LogWarmedUp(ILogger logger, long methods, double milliseconds, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compiling the metric path at start failed; the first requests compile it instead")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception failure);
}

using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.Json;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Server.Mapping;
using Google.Protobuf.Reflection;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Telemetry;

/// <summary>
/// The server's own meter and activity source, both named <see cref="Name"/>, and its instruments. Names follow the
/// OpenTelemetry semantic conventions where one exists (<c>rpc.server.call.duration</c> with <c>rpc.system</c>,
/// <c>rpc.service</c>, <c>rpc.method</c>, <c>rpc.grpc.status_code</c>; <c>error.type</c>), else <c>crm.*</c>. Static, like
/// the store's <see cref="Data.StoreMetrics"/>: the code that measures needs no injected collaborator, and whoever
/// listens to the names (<see cref="TelemetryExtensions.AddCrmTelemetry"/>) gets the measurements.
/// </summary>
public static class CrmMetrics
{
    public const string Name = "CrmGrpc";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    // Seconds, from 1 ms to 2 minutes: a lookup is a millisecond, a fit or a recalculation of a big book a minute.
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private static readonly Histogram<double> RpcDuration = Meter.CreateHistogram(
        "rpc.server.call.duration", "s", "Duration of gRPC calls, refused ones included, by method and status code",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Counter<long> RowsImported = Meter.CreateCounter<long>(
        "crm.import.rows.imported", "{row}", "Rows stored by imports (accepted: inserted or updated; duplicate: already stored as sent), by import kind");

    private static readonly Counter<long> RowsRejected = Meter.CreateCounter<long>(
        "crm.import.rows.rejected", "{row}", "Rows rejected by imports, by import kind and rejection code");

    private static readonly Histogram<double> FitDuration = Meter.CreateHistogram(
        "crm.model.fit.duration", "s", "Duration of model fits (reading the book, both fits, storing the model)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Histogram<double> RecalculationDuration = Meter.CreateHistogram(
        "crm.recalculation.duration", "s", "Duration of recalculations (StreamCustomerMetrics), from the request to the last batch sent",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>crm.v1.RejectionCode's names (as clients see them) by the domain's reason.</summary>
    private static readonly FrozenDictionary<RejectionReason, string> RejectionCodes = Enum.GetValues<RejectionReason>()
        .ToFrozenDictionary(reason => reason, reason => OriginalName(EntityMapper.ToProto(reason)));

    /// <summary>One gRPC call: its method (<c>/package.Service/Method</c> parts), gRPC status code and duration.</summary>
    public static void RecordRpc(string service, string method, int statusCode, TimeSpan elapsed)
    {
        if (RpcDuration.Enabled)
        {
            var tags = new TagList
            {
                { "rpc.system", "grpc" },
                { "rpc.service", service },
                { "rpc.method", method },
                { "rpc.grpc.status_code", statusCode },
            };
            RpcDuration.Record(elapsed.TotalSeconds, tags);
        }
    }

    /// <summary>Rows of one committed import batch that were stored or found already stored.</summary>
    public static void RecordImported(string kind, long accepted, long duplicates)
    {
        if (accepted > 0)
        {
            RowsImported.Add(accepted, new("crm.import.kind", kind), new("crm.import.outcome", "accepted"));
        }

        if (duplicates > 0)
        {
            RowsImported.Add(duplicates, new("crm.import.kind", kind), new("crm.import.outcome", "duplicate"));
        }
    }

    /// <summary>One rejected row of an import.</summary>
    public static void RecordRejected(string kind, RejectionReason reason) =>
        RowsRejected.Add(1, new("crm.import.kind", kind), new("crm.import.rejection_code", RejectionCodes.GetValueOrDefault(reason, reason.ToString())));

    public static void RecordFit(long startedTimestamp, Exception? failure) => Record(FitDuration, startedTimestamp, failure);

    public static void RecordRecalculation(long startedTimestamp, Exception? failure) => Record(RecalculationDuration, startedTimestamp, failure);

    /// <summary>The import kind of rows of <typeparamref name="TRow"/>: its message name in snake case (<c>marketing_spend</c>).</summary>
    public static string ImportKind<TRow>() => ImportKindOf<TRow>.Name;

    /// <summary>Marks <paramref name="activity"/> failed with <paramref name="failure"/>'s type, as the conventions' <c>error.type</c>.</summary>
    public static void Fail(Activity? activity, Exception failure)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity.SetTag("error.type", failure.GetType().FullName);
        }
    }

    private static void Record(Histogram<double> histogram, long startedTimestamp, Exception? failure)
    {
        var seconds = Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds;
        if (failure is null)
        {
            histogram.Record(seconds);
        }
        else
        {
            histogram.Record(seconds, new KeyValuePair<string, object?>("error.type", failure.GetType().FullName));
        }
    }

    private static string OriginalName(Proto.RejectionCode code) =>
        typeof(Proto.RejectionCode).GetField(code.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? code.ToString();

    private static class ImportKindOf<TRow>
    {
        public static readonly string Name = JsonNamingPolicy.SnakeCaseLower.ConvertName(typeof(TRow).Name);
    }
}

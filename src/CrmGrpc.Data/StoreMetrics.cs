using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CrmGrpc.Data;

/// <summary>
/// How long the store's big operations take, as the OpenTelemetry database convention's
/// <c>db.client.operation.duration</c> (seconds), by <c>db.operation.name</c>. A static meter from
/// System.Diagnostics.Metrics: the store depends on no telemetry SDK, and whoever listens to the meter named
/// <see cref="MeterName"/> (the server's OpenTelemetry set-up) gets the measurements.
/// </summary>
public static class StoreMetrics
{
    public const string MeterName = "CrmGrpc.Data";

    /// <summary>The convention's <c>db.system.name</c> of each store.</summary>
    public const string Sqlite = "sqlite";

    public const string Postgres = "postgresql";

    /// <summary>One batch of an import, from its write slot to its commit.</summary>
    public const string WriteBatch = "write_batch";

    /// <summary>One key range of a customer scan (recalculations, segmentations).</summary>
    public const string ScanChunk = "scan_chunk";

    /// <summary>The purchase histories a fit reads, every part, with the caller's work on each chunk.</summary>
    public const string ReadPurchaseHistories = "read_purchase_histories";

    /// <summary>The per-customer purchase days or cohort facts that the models beyond BG/NBD read.</summary>
    public const string ReadModelInputs = "read_model_inputs";

    private static readonly Meter Meter = new(MeterName);

    // Bucket bounds from 0.5 ms to 30 s: a batch write is milliseconds, a fit's read of a million customers seconds.
    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "db.client.operation.duration",
        unit: "s",
        description: "Duration of the store's operations",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary>Records an operation that began at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void Record(string system, string operation, long startedTimestamp)
    {
        if (Duration.Enabled)
        {
            Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
                new KeyValuePair<string, object?>("db.system.name", system), new KeyValuePair<string, object?>("db.operation.name", operation));
        }
    }
}

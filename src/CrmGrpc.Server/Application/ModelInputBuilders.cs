using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;

namespace CrmGrpc.Server.Application;

/// <summary>The server's calls into the model folders' input builders (purchase days and cohorts to model inputs).</summary>
internal static class ModelInputBuilders
{
    public static TimedHistory Timed(ReadOnlySpan<long> purchaseDays, long calibrationEndDay, TimeUnit unit) =>
        throw new NotSupportedException("pending merge");

    public static WeightedSummary Discrete(ReadOnlySpan<long> purchaseDays, long calibrationEndDay, TimeUnit unit) =>
        throw new NotSupportedException("pending merge");

    public static IReadOnlyList<CohortSurvival> Cohorts(IReadOnlyList<(long AcquiredDay, long? ChurnedDay)> customers, long calibrationEndDay, TimeUnit unit) =>
        throw new NotSupportedException("pending merge");
}

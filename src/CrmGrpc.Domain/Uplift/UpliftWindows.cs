using System.Globalization;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Uplift;

/// <summary>
/// The windows around a change: baseline [BaselineStart, EffectiveAt) and post [EffectiveAt, PostEnd), both
/// half-open so the change's own instant counts as post. The baseline is split at <see cref="Midpoint"/> into
/// two halves for the pre-trend check. Either both windows are <c>window_days</c> long, or the caller gives
/// <c>baseline_start</c> and <c>post_end</c>, which must keep the effective date strictly inside.
/// </summary>
public sealed record UpliftWindows
{
    public const int DefaultWindowDays = 90;

    public const int MinWindowDays = 1;

    public const int MaxWindowDays = 3650;

    private UpliftWindows(DateTimeOffset baselineStart, DateTimeOffset effectiveAt, DateTimeOffset postEnd, bool isExplicit)
    {
        BaselineStart = baselineStart.ToUniversalTime();
        EffectiveAt = effectiveAt.ToUniversalTime();
        PostEnd = postEnd.ToUniversalTime();
        IsExplicit = isExplicit;
        // The store keeps milliseconds: the midpoint is whole milliseconds too, so each half is exactly what SQL reads.
        var halfMs = (EffectiveAt.ToUnixTimeMilliseconds() - BaselineStart.ToUnixTimeMilliseconds()) / 2;
        Midpoint = BaselineStart.AddMilliseconds(halfMs);
    }

    public DateTimeOffset BaselineStart { get; }

    /// <summary>End of the first baseline half, start of the second.</summary>
    public DateTimeOffset Midpoint { get; }

    public DateTimeOffset EffectiveAt { get; }

    public DateTimeOffset PostEnd { get; }

    /// <summary>True when the caller gave the windows; false for <c>window_days</c> either side.</summary>
    public bool IsExplicit { get; }

    public Period Baseline => new(BaselineStart, EffectiveAt);

    public Period Post => new(EffectiveAt, PostEnd);

    /// <summary>
    /// The checks that do not need the change: <paramref name="windowDays"/> 0 means the default, and explicit
    /// windows come as a pair instead of it.
    /// </summary>
    public static IReadOnlyList<FieldViolation> ShapeViolations(int windowDays, DateTimeOffset? baselineStart, DateTimeOffset? postEnd)
    {
        var violations = new List<FieldViolation>();
        if (baselineStart is not null || postEnd is not null)
        {
            if (windowDays != 0)
            {
                violations.Add(new("window_days", "give window_days or baseline_start and post_end, not both"));
            }

            if (baselineStart is null)
            {
                violations.Add(new("baseline_start", "is required with post_end"));
            }

            if (postEnd is null)
            {
                violations.Add(new("post_end", "is required with baseline_start"));
            }
        }
        else if (windowDays is not 0 and (< MinWindowDays or > MaxWindowDays))
        {
            violations.Add(new("window_days", $"must be between {MinWindowDays} and {MaxWindowDays} days, was {windowDays}"));
        }

        return violations;
    }

    /// <summary>The windows around <paramref name="effectiveAt"/>; INVALID_ARGUMENT naming the field when they are bad.</summary>
    public static UpliftWindows Create(DateTimeOffset effectiveAt, int windowDays, DateTimeOffset? baselineStart, DateTimeOffset? postEnd)
    {
        var violations = ShapeViolations(windowDays, baselineStart, postEnd).ToList();
        if (violations.Count > 0)
        {
            throw new InvalidArgumentException(violations);
        }

        if (baselineStart is not { } start || postEnd is not { } end)
        {
            var days = TimeSpan.FromDays(windowDays == 0 ? DefaultWindowDays : windowDays);
            return new UpliftWindows(effectiveAt - days, effectiveAt, effectiveAt + days, isExplicit: false);
        }

        var effective = Format(effectiveAt);
        if (start >= effectiveAt)
        {
            violations.Add(new("baseline_start", $"must be before the change's effective date {effective}, was {Format(start)}"));
        }
        else if ((effectiveAt - start).TotalMilliseconds < 2)
        {
            violations.Add(new("baseline_start", "leaves a baseline window too short to split in two halves"));
        }

        if (end <= effectiveAt)
        {
            violations.Add(new("post_end", $"must be after the change's effective date {effective}, was {Format(end)}"));
        }

        return violations.Count > 0
            ? throw new InvalidArgumentException(violations)
            : new UpliftWindows(start, effectiveAt, end, isExplicit: true);
    }

    internal static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

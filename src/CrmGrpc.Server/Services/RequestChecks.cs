using CrmGrpc.Contracts.V1;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Options;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Services;

/// <summary>Request-level checks shared by the services: required messages and ids, entity rules, periods.</summary>
public sealed class RequestChecks(IOptions<CrmOptions> options, TimeProvider time)
{
    public ValidationContext Context() => new(options.Value.Currency, time.GetUtcNow(), options.Value.AllowZeroAmountPurchases);

    /// <summary>Throws INVALID_ARGUMENT naming each violation under <paramref name="prefix"/> (e.g. "customer.").</summary>
    public static void ThrowIfInvalid(IReadOnlyList<FieldViolation> violations, string prefix)
    {
        if (violations.Count > 0)
        {
            throw new InvalidArgumentException(violations.Select(v => v.Under(prefix)).ToList());
        }
    }

    public static T Required<T>(T? message, string field)
        where T : class =>
        message ?? throw new InvalidArgumentException(field, "is required");

    public string RequiredId(string? id, string field)
    {
        ThrowIfInvalid(new FieldChecks(Context()).Id(field, id).Violations, "");
        return id!;
    }

    /// <summary>
    /// The churn definition a request asks for, named <paramref name="field"/>: unset or 0 inactivity days means
    /// <paramref name="serverDefault"/> (<c>Crm:Churn:InactivityDays</c>); negative or more than a hundred years is invalid.
    /// </summary>
    public static Domain.Metrics.ChurnDefinition ToChurnDefinition(ChurnDefinition? definition, int serverDefault, string field = "churn_definition")
    {
        var days = definition?.InactivityDays ?? 0;
        if (days is < 0 or > Domain.Metrics.ChurnDefinition.MaxInactivityDays)
        {
            throw new InvalidArgumentException(
                $"{field}.inactivity_days", $"must be between 0 and {Domain.Metrics.ChurnDefinition.MaxInactivityDays} days, was {days}");
        }

        return new Domain.Metrics.ChurnDefinition(days == 0 ? serverDefault : days);
    }

    /// <summary>The contract's echo of a churn definition.</summary>
    public static ChurnDefinition ToProto(Domain.Metrics.ChurnDefinition definition) => new() { InactivityDays = definition.InactivityDays };

    /// <summary>A half-open period named <paramref name="field"/>; both ends required, end after start.</summary>
    public static Domain.Period ToPeriod(Period? period, string field)
    {
        var violations = new List<FieldViolation>();
        if (period?.Start is null)
        {
            violations.Add(new FieldViolation($"{field}.start", "is required"));
        }

        if (period?.End is null)
        {
            violations.Add(new FieldViolation($"{field}.end", "is required"));
        }

        ThrowIfInvalid(violations, "");
        var start = ProtoTime.ToInstant(period!.Start);
        var end = ProtoTime.ToInstant(period.End);
        if (end <= start)
        {
            throw new InvalidArgumentException($"{field}.end", $"must be after {field}.start");
        }

        return new Domain.Period(start, end);
    }
}

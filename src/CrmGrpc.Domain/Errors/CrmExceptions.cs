namespace CrmGrpc.Domain.Errors;

/// <summary>
/// Failures the caller can act on. The server maps each to one gRPC status; their messages are written for
/// callers and never carry internals (SQL, stack traces).
/// </summary>
public abstract class CrmException(string message) : Exception(message);

/// <summary>The request has bad fields (INVALID_ARGUMENT with a BadRequest listing each).</summary>
public sealed class InvalidArgumentException(IReadOnlyList<FieldViolation> violations)
    : CrmException(Describe(violations))
{
    public InvalidArgumentException(string field, string description)
        : this([new FieldViolation(field, description)])
    {
    }

    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    private static string Describe(IReadOnlyList<FieldViolation> violations) =>
        violations.Count == 1
            ? $"{violations[0].Field}: {violations[0].Description}"
            : $"{violations.Count} invalid fields: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"));
}

/// <summary>A named resource does not exist (NOT_FOUND). The id is echoed bounded (<see cref="Echo.Quote"/>).</summary>
public sealed class NotFoundException(string resource, string id)
    : CrmException($"{resource} {Echo.Quote(id)} was not found");

/// <summary>A resource with this id exists with other content (ALREADY_EXISTS). The id is echoed bounded.</summary>
public sealed class AlreadyExistsException(string resource, string id)
    : CrmException($"{resource} {Echo.Quote(id)} already exists");

/// <summary>The system is not in a state where the request can run, e.g. not enough data (FAILED_PRECONDITION).</summary>
public sealed class FailedPreconditionException(string message) : CrmException(message);

namespace CrmGrpc.Data;

/// <summary>Whether the schema is migrated; the store reports serving only once it is.</summary>
public sealed class StoreReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}

/// <summary>What the health service asks of the store.</summary>
public interface IStoreStatus
{
    /// <summary>Where the book is, for logs and health reports: a file path, or a PostgreSQL host and database.</summary>
    string Location { get; }

    /// <summary>Whether the store is migrated and reachable now.</summary>
    Task<bool> IsServingAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A number that grows with every committed write to the book (customers, transactions, engagement), so that caches of
/// data derived from the book know when they are stale. Storing results (models, recalculation runs) leaves it.
/// </summary>
public interface IBookVersion
{
    /// <summary>The current version; for a store shared by several servers, as the database has it now.</summary>
    ValueTask<long> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The store could not be opened or migrated at start (unreachable, refused, a newer schema): the server stops with this
/// one-line message and a non-zero exit code.
/// </summary>
public sealed class StoreStartException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Tells the store's own errors apart, for the server's mapping of them onto gRPC statuses.</summary>
public interface IStoreFaults
{
    /// <summary>Whether <paramref name="exception"/> says the store cannot be reached now (UNAVAILABLE: retry later).</summary>
    bool IsUnavailable(Exception exception);

    /// <summary>Whether <paramref name="exception"/> says a text of the request cannot be kept or compared by the store (PostgreSQL: a NUL character).</summary>
    bool IsUnstorableText(Exception exception);
}

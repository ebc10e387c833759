namespace CrmGrpc.Cli.Import;

/// <summary>A row the client could not turn into a message: reported with its line, never sent.</summary>
internal sealed record LocalRejection(long Line, string Id, string Field, string Reason);

/// <summary>The outcome of mapping one input row: the message to send, or the local rejection.</summary>
internal readonly record struct RowResult<T>(long Line, T? Item, LocalRejection? Rejection)
    where T : class
{
    public static RowResult<T> Ok(long line, T item) => new(line, item, null);

    public static RowResult<T> Rejected(LocalRejection rejection) => new(rejection.Line, null, rejection);
}

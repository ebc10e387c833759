namespace CrmGrpc.Data.Sqlite.Tests.TestSupport;

/// <summary>A clock that stands still until the test moves it.</summary>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

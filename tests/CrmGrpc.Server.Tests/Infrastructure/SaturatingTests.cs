namespace CrmGrpc.Server.Tests.Infrastructure;

/// <summary>
/// Tests that keep both cores busy for a minute (the mixed load, the fuzzer) run alone, after the others: beside them,
/// tests that time how soon the server stops at a deadline measured the load, not the server.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SaturatingTests
{
    public const string Name = "Saturating";
}

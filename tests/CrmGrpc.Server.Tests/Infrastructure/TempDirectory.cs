namespace CrmGrpc.Server.Tests.Infrastructure;

/// <summary>A scratch folder deleted with the test (and, on PostgreSQL, the databases named after files in it).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crmgrpc-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        StoreUnderTest.Forget(Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server process may still hold the file for a moment; the OS temp cleaner gets it.
        }
    }
}

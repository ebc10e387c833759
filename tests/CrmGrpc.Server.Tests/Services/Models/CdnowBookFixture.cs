using CrmGrpc.Server.Tests.Infrastructure;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>One server with the raw CDNOW sample (2,357 customers, 6,919 purchase lines) imported, for a class of fits; empty when the data are absent.</summary>
public sealed class CdnowBookFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    public InProcessServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        if (SharedData.PathOf(Cdnow.SampleFile) is null)
        {
            return;
        }

        // Eight first orders in the sample are recorded at $0.00; the published fits count them as purchases.
        Server = await InProcessServer.StartAsync(_directory.File("crm.db"), "--Crm:AllowZeroAmountPurchases=true");
        var summary = await Cdnow.LoadAsync(Server, Cdnow.ReadSample());
        Assert.Equal(6919L, summary.Accepted);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();
}

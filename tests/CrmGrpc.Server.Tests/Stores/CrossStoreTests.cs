using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using CrmGrpc.Tests.Postgres;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrmGrpc.Server.Tests.Stores;

/// <summary>The CDNOW sample loaded into a SQLite server and a PostgreSQL server: every heavy answer is the same on both.</summary>
[Trait(StoreUnderTest.Name, StoreUnderTest.Postgres)]
public sealed class CrossStoreTests
{
    private static readonly Timestamp CalibrationEnd = Timestamp.FromDateTimeOffset(new DateTimeOffset(1997, 9, 30, 0, 0, 0, TimeSpan.Zero));
    private static readonly Timestamp AsOf = Timestamp.FromDateTimeOffset(new DateTimeOffset(1998, 6, 30, 0, 0, 0, TimeSpan.Zero));

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task The_same_book_gives_the_same_portfolio_cohorts_segments_recalculation_and_fit_on_SQLite_and_PostgreSQL()
    {
        using var directory = new TempDirectory();
        await using var database = await PostgresTestCluster.CreateDatabaseAsync();
        string[] common = ["--Crm:AllowZeroAmountPurchases=true"];
        await using var sqlite = await InProcessServer.StartAsync(directory.File("crm.db"), [.. common, .. PostgresServers.OnSqlite(directory.File("crm.db"))]);
        await using var postgres = await InProcessServer.StartAsync(directory.File("unused.db"), [.. common, .. PostgresServers.On(database)]);
        var lines = Cdnow.ReadSample();
        Assert.Equal((await Cdnow.LoadAsync(sqlite, lines)).ToString(), (await Cdnow.LoadAsync(postgres, lines)).ToString());

        await SameAsync(s => s.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
        {
            Period = new Period { Start = Timestamp.FromDateTimeOffset(new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero)), End = AsOf },
        }).ResponseAsync);
        await SameAsync(s => s.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
        {
            Period = new Period { Start = Timestamp.FromDateTimeOffset(new DateTimeOffset(1997, 6, 1, 0, 0, 0, TimeSpan.Zero)), End = AsOf },
            GroupBy = new GroupBy { Dimension = GroupByDimension.Segment },
            ChurnDefinition = new ChurnDefinition { InactivityDays = 180 },
        }).ResponseAsync);
        await SameAsync(s => s.Metrics.GetCohortRetentionAsync(new GetCohortRetentionRequest
        {
            Range = new Period { Start = Timestamp.FromDateTimeOffset(new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero)), End = Timestamp.FromDateTimeOffset(new DateTimeOffset(1997, 4, 1, 0, 0, 0, TimeSpan.Zero)) },
            Granularity = Granularity.Month,
            AsOf = AsOf,
        }).ResponseAsync);
        await SameAsync(s => s.Metrics.SegmentCustomersAsync(new SegmentCustomersRequest { Kind = SegmentationKind.Rfm, AsOf = AsOf, PageSize = 1_000 }).ResponseAsync);
        await SameAsync(s => s.Metrics.GetDataQualityReportAsync(new GetDataQualityReportRequest { AsOf = AsOf }).ResponseAsync);

        var fits = new List<FitModelsResponse>();
        foreach (var server in new[] { sqlite, postgres })
        {
            fits.Add(await new ModelService.ModelServiceClient(server.Channel).FitModelsAsync(new FitModelsRequest
            {
                CalibrationEnd = CalibrationEnd,
                TimeUnit = TimeUnit.Weeks,
                Models = { ModelKind.BgNbd, ModelKind.ParetoNbd, ModelKind.BgCnbdK, ModelKind.GammaGamma },
            }));
        }

        // The same inputs give the same optimiser path: the parameters agree to the last digits.
        Assert.Equal(fits[0].Model.BgNbd.R, fits[1].Model.BgNbd.R, 12);
        Assert.Equal(fits[0].Model.BgNbd.Alpha, fits[1].Model.BgNbd.Alpha, 9);
        Assert.Equal(fits[0].Model.Fits.Count, fits[1].Model.Fits.Count);
        for (var i = 0; i < fits[0].Model.Fits.Count; i++)
        {
            Assert.Equal(fits[0].Model.Fits[i].LogLikelihood, fits[1].Model.Fits[i].LogLikelihood, 9);
        }

        var recalculated = new List<List<CustomerMetrics>>();
        foreach (var (server, fit) in new[] { (sqlite, fits[0]), (postgres, fits[1]) })
        {
            using var call = server.Metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest { ModelId = fit.Model.Id, AsOf = AsOf, BatchSize = 500 });
            var customers = new List<CustomerMetrics>();
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                customers.AddRange(message.Batch?.Customers ?? []);
            }

            recalculated.Add(customers);
        }

        Assert.Equal(2_357, recalculated[0].Count);
        Assert.Equal(recalculated[0].Select(c => c.CustomerId), recalculated[1].Select(c => c.CustomerId));
        for (var i = 0; i < recalculated[0].Count; i++)
        {
            var (a, b) = (recalculated[0][i], recalculated[1][i]);
            Assert.Equal(a.HistoricalClv, b.HistoricalClv);
            Assert.Equal(a.ProbabilityAlive, b.ProbabilityAlive, 9);
            Assert.Equal(a.PredictiveClv, b.PredictiveClv, 6);
            Assert.Equal(a.Rfm?.ToString(), b.Rfm?.ToString());
        }

        async Task SameAsync<T>(Func<InProcessServer, Task<T>> call)
            where T : IMessage
        {
            var (left, right) = (await call(sqlite), await call(postgres));
            Assert.Equal(JsonFormatter.Default.Format(left), JsonFormatter.Default.Format(right));
        }
    }
}

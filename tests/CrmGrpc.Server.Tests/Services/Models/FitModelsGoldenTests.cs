using System.Globalization;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>
/// Golden tests of the models beyond BG/NBD through FitModels, from the raw CDNOW sample imported through the RPCs
/// (weeks, calibration end 1997-09-30 inclusive, same-day purchases merged).
/// </summary>
public sealed class FitModelsCdnowGoldenTests(CdnowBookFixture fixture) : IClassFixture<CdnowBookFixture>
{
    private static readonly Timestamp CalibrationEnd = Timestamp.FromDateTime(new DateTime(1997, 9, 30, 0, 0, 0, DateTimeKind.Utc));

    private async Task<ModelFit> FitAsync(ModelKind kind)
    {
        var response = await new ModelService.ModelServiceClient(fixture.Server!.Channel).FitModelsAsync(
            new FitModelsRequest { CalibrationEnd = CalibrationEnd, TimeUnit = TimeUnit.Weeks, Models = { kind } });
        return Assert.Single(response.Fits);
    }

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task ParetoNbd_reproduces_Fader_Hardie_Lee_2005_to_3_decimals_and_the_log_likelihood_to_0_1()
    {
        var fit = await FitAsync(ModelKind.ParetoNbd);

        Assert.True(fit.Converged);
        Assert.Equal(0.553, fit.Parameters["r"], 0.0005);
        Assert.Equal(10.578, fit.Parameters["alpha"], 0.0005);
        Assert.Equal(0.606, fit.Parameters["s"], 0.0005);
        Assert.Equal(11.669, fit.Parameters["beta"], 0.0005);
        Assert.Equal(-9595.0, fit.LogLikelihood, 0.05);
        Assert.Equal(4, fit.StandardErrors.Count);
        Assert.Equal(8 + (2 * 9595.0), fit.Aic, 0.2);
    }

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task MbgNbd_reproduces_lifetimes_test_suite_to_3_decimals()
    {
        var fit = await FitAsync(ModelKind.MbgNbd);

        Assert.True(fit.Converged);
        Assert.Equal(0.525, fit.Parameters["r"], 0.0005);
        Assert.Equal(6.183, fit.Parameters["alpha"], 0.0005);
        Assert.Equal(0.891, fit.Parameters["a"], 0.0005);
        Assert.Equal(1.614, fit.Parameters["b"], 0.0005);
    }

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task BgCnbdK_chooses_k_1_on_CDNOW_and_then_is_BG_NBD()
    {
        var fit = await FitAsync(ModelKind.BgCnbdK);

        Assert.Equal(1, fit.Parameters["k"]);
        Assert.Equal(0.243, fit.Parameters["r"], 0.0005);
        Assert.Equal(4.414, fit.Parameters["alpha"], 0.0005);
        Assert.Equal(0.793, fit.Parameters["a"], 0.0005);
        Assert.Equal(2.426, fit.Parameters["b"], 0.0005);
    }

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task Every_purchase_model_is_validated_on_the_same_holdout_and_ranked_by_its_criteria()
    {
        var request = new FitModelsRequest
        {
            CalibrationEnd = CalibrationEnd,
            HoldoutEnd = Timestamp.FromDateTime(new DateTime(1998, 6, 30, 0, 0, 0, DateTimeKind.Utc)),
            TimeUnit = TimeUnit.Weeks,
            Models = { ModelKind.ParetoNbd, ModelKind.BgNbd, ModelKind.MbgNbd, ModelKind.BgCnbdK, ModelKind.GammaGamma },
        };
        var response = await new ModelService.ModelServiceClient(fixture.Server!.Channel).FitModelsAsync(request);

        Assert.Equal(request.Models, response.Fits.Select(f => f.Kind));
        foreach (var fit in response.Fits.Where(f => f.Kind != ModelKind.GammaGamma))
        {
            Assert.Equal(1882, fit.Holdout.ActualRepeatPurchases);
            Assert.InRange(fit.Holdout.PredictedRepeatPurchases, 1400, 2400);
            Assert.Equal(78, fit.Holdout.Tracking.Count);
            Assert.True(double.IsFinite(fit.Bic) && double.IsFinite(fit.Aic));
        }

        // BG/NBD fits CDNOW better than Pareto/NBD (−9582.4 against −9595.0), so its AIC is lower.
        Assert.True(response.Fits[1].Aic < response.Fits[0].Aic);
        // The stored model predicts with the first purchase model requested: Pareto/NBD.
        var metrics = await fixture.Server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "1", ModelId = response.ModelId, Horizon = 39 });
        Assert.InRange(metrics.ProbabilityAlive, 0, 1);
        Assert.True(metrics.ExpectedPurchases > 0 && metrics.HasPredictiveClv);
    }
    [SharedDataFact(Cdnow.SampleFile)]
    public async Task A_Pareto_NBD_model_serves_the_stream_and_the_at_risk_segment_with_its_own_P_alive()
    {
        var response = await new ModelService.ModelServiceClient(fixture.Server!.Channel).FitModelsAsync(new FitModelsRequest
        {
            CalibrationEnd = CalibrationEnd,
            TimeUnit = TimeUnit.Weeks,
            Models = { ModelKind.ParetoNbd, ModelKind.GammaGamma },
        });
        var fit = response.Fits[0];
        var pareto = (Modeling.Models.IPurchasePredictor)Modeling.Models.ModelCatalog.Find(Modeling.Models.ModelKind.ParetoNbd)!
            .CreatePredictor(new Modeling.Models.ParameterSet(["r", "alpha", "s", "beta"], [fit.Parameters["r"], fit.Parameters["alpha"], fit.Parameters["s"], fit.Parameters["beta"]]))!;

        var streamed = new List<CustomerMetrics>();
        using (var call = fixture.Server.Metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest { ModelId = response.ModelId, BatchSize = 500 }))
        {
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                if (message.Batch is { } batch)
                {
                    streamed.AddRange(batch.Customers);
                }
            }
        }

        Assert.Equal(2357, streamed.Count);
        Assert.All(streamed, m => Assert.Equal(response.ModelId, m.ModelId));
        foreach (var m in streamed.Take(200))
        {
            var history = new Modeling.Models.TimedHistory((int)m.Summary.Frequency, m.Summary.Recency, m.Summary.Age, 0);
            Assert.Equal(pareto.ProbabilityAlive(history), m.ProbabilityAlive, 1e-12);
        }

        var atRisk = await fixture.Server.Metrics.SegmentCustomersAsync(new SegmentCustomersRequest
        {
            Kind = SegmentationKind.AtRisk,
            ModelId = response.ModelId,
            ProbabilityAliveBelow = 0.3,
            PageSize = 1000,
        });
        Assert.NotEmpty(atRisk.Customers);
        var byId = streamed.ToDictionary(m => m.CustomerId);
        Assert.All(atRisk.Customers, c => Assert.True(byId[c.CustomerId].ProbabilityAlive < 0.3));
    }
}

/// <summary>BG/CNBD-k through FitModels on BTYDplus' grocery event log (1,525 customers, 2006-2007), weeks, calibration end 2006-12-31.</summary>
public sealed class FitModelsGroceryGoldenTests : IAsyncLifetime, IDisposable
{
    private const string File = "BTYDplus__groceryElog__groceryElog.csv";
    private readonly TempDirectory _directory = new();
    private InProcessServer? _server;

    public async Task InitializeAsync()
    {
        if (SharedData.PathOf(File) is null)
        {
            return;
        }

        _server = await InProcessServer.StartAsync(_directory.File("crm.db"));
        var events = System.IO.File.ReadLines(SharedData.PathOf(File)!).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => (Customer: "g" + cells[0].Trim('"'), Date: DateTime.ParseExact(cells[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)))
            .ToList();
        await GoldenBooks.LoadAsync(_server, events.Select(e => (e.Customer, e.Date, 100L)));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    [SharedDataFact(File)]
    public async Task BgCnbdK_chooses_k_2_as_BTYDplus_finds()
    {
        var response = await new ModelService.ModelServiceClient(_server!.Channel).FitModelsAsync(new FitModelsRequest
        {
            CalibrationEnd = Timestamp.FromDateTime(new DateTime(2006, 12, 31, 0, 0, 0, DateTimeKind.Utc)),
            TimeUnit = TimeUnit.Weeks,
            Models = { ModelKind.BgCnbdK, ModelKind.BgNbd },
        });

        var cnbd = response.Fits[0];
        Assert.Equal(2, cnbd.Parameters["k"]);
        Assert.True(cnbd.Converged);
        // Regular inter-purchase times: the Erlang-2 model explains the book better than BG/NBD (k = 1) by far.
        Assert.True(cnbd.LogLikelihood > response.Fits[1].LogLikelihood + 10);
    }
}

/// <summary>BG/BB through FitModels on the donations data (Fader, Hardie &amp; Shang 2010) expanded into one customer per donor with yearly donations.</summary>
public sealed class FitModelsDonationsGoldenTests : IAsyncLifetime, IDisposable
{
    private const string File = "lifetimes__donations.csv";
    private readonly TempDirectory _directory = new();
    private InProcessServer? _server;

    public async Task InitializeAsync()
    {
        if (SharedData.PathOf(File) is null)
        {
            return;
        }

        _server = await InProcessServer.StartAsync(_directory.File("crm.db"));
        // Each donor gave first in 1995 (period 0), then in x of the years 1996-2001 with the last in year t_x: the
        // x years t_x - x + 1 ... t_x (any x of them with the last at t_x give the same likelihood).
        var donations = new List<(string, DateTime, long)>();
        var donor = 0;
        foreach (var cells in System.IO.File.ReadLines(SharedData.PathOf(File)!).Skip(1).Select(line => line.Split(',')))
        {
            var (x, tx, weight) = (int.Parse(cells[0], CultureInfo.InvariantCulture), int.Parse(cells[1], CultureInfo.InvariantCulture), int.Parse(cells[3], CultureInfo.InvariantCulture));
            for (var i = 0; i < weight; i++)
            {
                var id = $"d{donor++}";
                donations.Add((id, new DateTime(1995, 5, 1, 0, 0, 0, DateTimeKind.Utc), 5000));
                for (var year = tx - x + 1; year <= tx; year++)
                {
                    donations.Add((id, new DateTime(1995 + year, 5, 1, 0, 0, 0, DateTimeKind.Utc), 5000));
                }
            }
        }

        await GoldenBooks.LoadAsync(_server, donations);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    [SharedDataFact(File)]
    public async Task BgBb_in_calendar_years_reproduces_Fader_Hardie_Shang_2010()
    {
        var response = await new ModelService.ModelServiceClient(_server!.Channel).FitModelsAsync(new FitModelsRequest
        {
            CalibrationEnd = Timestamp.FromDateTime(new DateTime(2001, 12, 31, 0, 0, 0, DateTimeKind.Utc)),
            TimeUnit = TimeUnit.Years,
            // Gamma-Gamma beside a model in calendar years: the spend does not depend on the unit (every gift is $50
            // here, so it is refused as not gamma-shaped, with a warning).
            Models = { ModelKind.BgBb, ModelKind.GammaGamma },
        });

        Assert.Contains(response.Model.Warnings, w => w.StartsWith("Gamma-Gamma not fitted", StringComparison.Ordinal));
        var fit = Assert.Single(response.Fits);
        Assert.Equal(11104, fit.Observations);
        Assert.Equal(1.204, fit.Parameters["alpha"], 0.0005);
        Assert.Equal(0.750, fit.Parameters["beta"], 0.0005);
        Assert.Equal(0.657, fit.Parameters["gamma"], 0.0005);
        Assert.Equal(2.783, fit.Parameters["delta"], 0.0005);
        Assert.Equal(-33225.6, fit.LogLikelihood, 0.05);

        // A donor's predictions come from its years: P(alive) and expected donations in the next 5 years.
        var metrics = await GoldenBooks.Metrics(_server).GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "d0", ModelId = response.ModelId, Horizon = 5 });
        Assert.Equal(6, metrics.Summary.Age);
        Assert.Equal(0, metrics.Summary.Frequency);
        Assert.InRange(metrics.ProbabilityAlive, 0, 1);
        Assert.True(metrics.ExpectedPurchases > 0);
    }
}

/// <summary>sBG through FitModels on Fader &amp; Hardie (2007)'s two segments of 1,000 subscribers, churn recorded, fitted on years 1-7.</summary>
public sealed class FitModelsRetentionGoldenTests : IAsyncLifetime, IDisposable
{
    private const string File = "FaderHardie2007__sbg_retention.csv";
    private readonly TempDirectory _directory = new();
    private InProcessServer? _server;

    public async Task InitializeAsync()
    {
        if (SharedData.PathOf(File) is null)
        {
            return;
        }

        _server = await InProcessServer.StartAsync(_directory.File("crm.db"));
        var rows = System.IO.File.ReadLines(SharedData.PathOf(File)!).Skip(1).Select(line => line.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var customers = new List<Customer>();
        foreach (var (segment, column) in new[] { ("regular", 1), ("high end", 2) })
        {
            for (var year = 0; year < rows.Count; year++)
            {
                // Those alive at the start of this year but not the next churned during it; the survivors of the last year never.
                var lost = year + 1 < rows.Count ? rows[year][column] - rows[year + 1][column] : rows[year][column];
                for (var i = 0; i < lost; i++)
                {
                    var customer = Rows.Customer($"{segment[0]}{customers.Count}", segment);
                    customer.AcquiredAt = Timestamp.FromDateTime(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                    if (year + 1 < rows.Count)
                    {
                        customer.ChurnedAt = Timestamp.FromDateTime(new DateTime(2000 + year, 7, 1, 0, 0, 0, DateTimeKind.Utc));
                    }

                    customers.Add(customer);
                }
            }
        }

        foreach (var batch in customers.Chunk(1000))
        {
            var summary = await Streams.ImportAsync(_server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { batch } }]);
            Assert.Equal(batch.Length, summary.Accepted);
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    [SharedDataTheory(File)]
    [InlineData("regular", 0.704, 1.182)]
    [InlineData("high end", 0.668, 3.806)]
    public async Task Sbg_reproduces_Fader_Hardie_2007_per_segment(string segment, double alpha, double beta)
    {
        var response = await new ModelService.ModelServiceClient(_server!.Channel).FitModelsAsync(new FitModelsRequest
        {
            // Years 1-7: the survivors at the start of each year up to 2007-01-01.
            CalibrationEnd = Timestamp.FromDateTime(new DateTime(2007, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            TimeUnit = TimeUnit.Years,
            Segment = segment,
            Models = { ModelKind.Sbg },
        });

        var fit = Assert.Single(response.Fits);
        Assert.Equal(1000, fit.Observations);
        Assert.Equal(alpha, fit.Parameters["alpha"], 0.0005);
        Assert.Equal(beta, fit.Parameters["beta"], 0.0005);
        Assert.Null(fit.Holdout);

        // The projection: S(1) = β / (α + β); the years after the fit follow the published survivors within 5 %;
        // DERL at 10 % a year is finite and grows with the renewals (the survivors are the loyal ones).
        Assert.Equal(7 + 12, fit.Retention.Count);
        Assert.Equal(fit.Parameters["beta"] / (fit.Parameters["alpha"] + fit.Parameters["beta"]), fit.Retention[0].Survival, 1e-12);
        var rows = System.IO.File.ReadLines(SharedData.PathOf(File)!).Skip(1).Select(line => line.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var column = segment == "regular" ? 1 : 2;
        foreach (var year in Enumerable.Range(8, 5))
        {
            Assert.Equal(rows[year][column] / 1000.0, fit.Retention[year - 1].Survival, rows[year][column] / 1000.0 * 0.05);
        }

        Assert.All(fit.Retention, point => Assert.True(double.IsFinite(point.ExpectedRemainingLifetime) && point.ExpectedRemainingLifetime > 0));
        Assert.True(fit.Retention[10].ExpectedRemainingLifetime > fit.Retention[0].ExpectedRemainingLifetime);
    }
}

/// <summary>Loads purchase events (customer, UTC date, amount in cents) through the import RPCs.</summary>
internal static class GoldenBooks
{
    public static MetricsService.MetricsServiceClient Metrics(InProcessServer server) => server.Metrics;

    public static async Task LoadAsync(InProcessServer server, IEnumerable<(string Customer, DateTime Date, long Cents)> events)
    {
        var list = events.ToList();
        var customers = list.GroupBy(e => e.Customer).Select(g =>
        {
            var customer = Rows.Customer(g.Key);
            customer.AcquiredAt = Timestamp.FromDateTime(g.Min(e => e.Date));
            return customer;
        }).ToList();
        foreach (var batch in customers.Chunk(2000))
        {
            Assert.Equal(batch.Length, (await Streams.ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { batch } }])).Accepted);
        }

        var transactions = list.Select((e, i) =>
        {
            var purchase = Rows.Purchase($"t{i}", e.Customer, e.Cents);
            purchase.OccurredAt = Timestamp.FromDateTime(e.Date);
            return purchase;
        }).ToList();
        foreach (var batch in transactions.Chunk(5000))
        {
            Assert.Equal(batch.Length, (await Streams.ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest { Transactions = { batch } }])).Accepted);
        }
    }
}

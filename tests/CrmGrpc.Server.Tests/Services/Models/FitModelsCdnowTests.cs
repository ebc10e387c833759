using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>
/// Golden tests: the raw CDNOW sample (2,357 customers) imported through the RPCs and fitted through FitModels
/// reproduces the published fits (weeks, calibration end 1997-09-30 inclusive, same-day purchases merged).
/// </summary>
public sealed class FitModelsCdnowTests : IAsyncLifetime, IDisposable
{
    private static readonly Timestamp CalibrationEnd = Timestamp.FromDateTime(new DateTime(1997, 9, 30, 0, 0, 0, DateTimeKind.Utc));
    private readonly TempDirectory _directory = new();
    private InProcessServer? _server;

    public async Task InitializeAsync()
    {
        if (SharedData.PathOf(Cdnow.SampleFile) is null)
        {
            return;
        }

        // Eight first orders in the sample are recorded at $0.00; the published fits count them as purchases.
        _server = await InProcessServer.StartAsync(_directory.File("crm.db"), "--Crm:AllowZeroAmountPurchases=true");
        var summary = await Cdnow.LoadAsync(_server, Cdnow.ReadSample());
        Assert.True(summary.Rejected == 0, string.Join("\n", summary.Errors.Select(e => $"{e.Id} {e.Code} {e.Field} {e.Reason}")));
        Assert.Equal(6919L, summary.Accepted);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    private Task<FitModelsResponse> FitAsync() =>
        new ModelService.ModelServiceClient(_server!.Channel).FitModelsAsync(new FitModelsRequest { CalibrationEnd = CalibrationEnd, TimeUnit = TimeUnit.Weeks }).ResponseAsync;

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task BgNbd_reproduces_Fader_Hardie_Lee_2005_to_3_decimals_and_the_log_likelihood_to_0_1()
    {
        var fit = (await FitAsync()).BgNbd;

        Assert.True(fit.Converged);
        Assert.Equal(0.243, fit.R, 0.0005);
        Assert.Equal(4.414, fit.Alpha, 0.0005);
        Assert.Equal(0.793, fit.A, 0.0005);
        Assert.Equal(2.426, fit.B, 0.0005);
        Assert.Equal(-9582.4, fit.LogLikelihood, 0.05);
        Assert.Equal(4, fit.StandardErrors.Count);
    }

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task GammaGamma_reproduces_note_025_to_2_decimals_on_the_946_repeat_buyers()
    {
        var response = await FitAsync();

        Assert.Equal(946, response.Model.RepeatCustomers);
        Assert.Equal(2357, response.Model.Customers);
        Assert.Equal(6.25, response.GammaGamma.P, 0.005);
        Assert.Equal(3.74, response.GammaGamma.Q, 0.005);
        Assert.Equal(15.44, response.GammaGamma.Gamma, 0.005);
    }

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task The_fit_is_stored_listed_and_used_for_customer_predictions()
    {
        var fit = await FitAsync();
        var models = new ModelService.ModelServiceClient(_server!.Channel);
        var stored = (await models.GetModelAsync(new GetModelRequest { ModelId = fit.ModelId })).Model;
        Assert.Equal(fit.Model, stored);
        Assert.Contains(fit.ModelId, (await models.ListModelsAsync(new ListModelsRequest())).Models.Select(m => m.Id));

        // Customer 1 of the sample (master 00004): purchases on 1997-01-01, -01-18, -08-02 → x = 2,
        // t_x = 213 days / 7, T = 272 days / 7 as of 1997-09-30.
        var customer = await _server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "1", Horizon = 39 });
        Assert.Equal(2, customer.Summary.Frequency);
        Assert.Equal(213.0 / 7, customer.Summary.Recency, 1e-9);
        Assert.Equal(272.0 / 7, customer.Summary.Age, 1e-9);
        Assert.Equal((29.73 + 14.96) / 2, customer.Summary.MonetaryValue, 1e-9);
        Assert.InRange(customer.ProbabilityAlive, 0, 1);
        Assert.True(customer.ExpectedPurchases > 0);
        Assert.Equal(fit.ModelId, customer.ModelId);
        Assert.Equal(29.33 + 29.73 + 14.96, customer.HistoricalClv, 1e-9);
    }
}

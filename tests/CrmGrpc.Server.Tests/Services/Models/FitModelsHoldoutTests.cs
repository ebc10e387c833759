using System.Globalization;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Modeling;
using TimeUnit = CrmGrpc.Contracts.V1.TimeUnit;
using CustomerSummary = CrmGrpc.Modeling.CustomerSummary;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>
/// Holdout validation through FitModels on the raw CDNOW sample: calibration to 1997-09-30, holdout to 1998-06-30
/// (39 weeks). The actual holdout repeat purchases and the weekly cumulative tracking series are BTYD's published
/// ones (cbs file: 1,882; cu_tracking file: 78 weeks).
/// </summary>
public sealed class FitModelsHoldoutTests(CdnowBookFixture fixture) : IClassFixture<CdnowBookFixture>
{
    private const string TrackingFile = "BTYD__cdnowSummary__cu_tracking.csv";
    private static readonly Timestamp CalibrationEnd = At(1997, 9, 30);
    private static readonly Timestamp HoldoutEnd = At(1998, 6, 30);

    private ModelService.ModelServiceClient Models => new(fixture.Server!.Channel);

    private static Timestamp At(int year, int month, int day) => Timestamp.FromDateTime(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc));

    private Task<FitModelsResponse> FitWithHoldoutAsync() => Models.FitModelsAsync(new FitModelsRequest
    {
        CalibrationEnd = CalibrationEnd,
        HoldoutEnd = HoldoutEnd,
        TimeUnit = TimeUnit.Weeks,
        Models = { ModelKind.BgNbd, ModelKind.GammaGamma },
    }).ResponseAsync;

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task The_holdout_counts_the_1882_repeat_purchases_of_BTYDs_cbs_file_and_the_model_predicts_them_from_its_parameters()
    {
        var response = await FitWithHoldoutAsync();

        var bg = Assert.Single(response.Fits, f => f.Kind == ModelKind.BgNbd);
        var holdout = bg.Holdout;
        Assert.Equal(2357, holdout.Customers);
        Assert.Equal(1882, holdout.ActualRepeatPurchases);

        // The expected total is the sum of each customer's conditional expectation over the 39 weeks under the fitted
        // parameters, recomputed here from the stored summaries' definition.
        var parameters = new BgNbdParameters(bg.Parameters["r"], bg.Parameters["alpha"], bg.Parameters["a"], bg.Parameters["b"]);
        var expected = CdnowSummaries().Sum(c => parameters.ConditionalExpectedPurchases(39, c.Frequency, c.Recency, c.Age));
        Assert.Equal(expected, holdout.PredictedRepeatPurchases, expected * 1e-7);
        // Fader, Hardie & Lee (2005) report the BG/NBD forecast of the holdout a little under the actual 1,882.
        Assert.InRange(holdout.PredictedRepeatPurchases, 1550, 1882);
        Assert.True(holdout.MeanAbsoluteError > 0);
        Assert.True(holdout.RootMeanSquaredError >= holdout.MeanAbsoluteError);
        Assert.Equal(HoldoutEnd, holdout.HoldoutEnd);
    }

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task The_weekly_tracking_series_is_BTYDs_cumulative_repeat_purchases_week_by_week()
    {
        var response = await FitWithHoldoutAsync();

        var tracking = Assert.Single(response.Fits, f => f.Kind == ModelKind.BgNbd).Holdout.Tracking;
        var published = File.ReadLines(SharedData.PathOf(TrackingFile)!).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => (Week: int.Parse(cells[0], CultureInfo.InvariantCulture), Cumulative: double.Parse(cells[1], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(published.Count, tracking.Count);
        var start = new DateTime(1997, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < published.Count; i++)
        {
            Assert.Equal(start.AddDays(7 * published[i].Week), tracking[i].End.ToDateTime());
            Assert.Equal(published[i].Cumulative, tracking[i].ActualCumulative);
        }

        // The model tracks the calibration weeks closely (it was fitted on them): within 5 % at week 39.
        Assert.Equal(2457, tracking[38].ActualCumulative);
        Assert.InRange(tracking[38].PredictedCumulative, 2457 * 0.95, 2457 * 1.05);
        Assert.True(tracking.Zip(tracking.Skip(1)).All(pair => pair.Second.PredictedCumulative >= pair.First.PredictedCumulative));
    }

    [SharedDataFact(Cdnow.SampleFile)]
    public async Task Every_fit_reports_its_parameters_by_name_with_standard_errors_AIC_and_BIC()
    {
        var response = await FitWithHoldoutAsync();

        Assert.Equal([ModelKind.BgNbd, ModelKind.GammaGamma], response.Fits.Select(f => f.Kind));
        var bg = response.Fits[0];
        Assert.Equal(["a", "alpha", "b", "r"], bg.Parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(response.BgNbd.R, bg.Parameters["r"]);
        Assert.Equal(response.BgNbd.StandardErrors[0], bg.StandardErrors["r"]);
        Assert.Equal((2 * 4) - (2 * bg.LogLikelihood), bg.Aic, 1e-9);
        Assert.Equal((4 * Math.Log(2357)) - (2 * bg.LogLikelihood), bg.Bic, 1e-9);
        Assert.Equal(2357, bg.Observations);
        var gg = response.Fits[1];
        Assert.Equal(response.GammaGamma.P, gg.Parameters["p"]);
        Assert.Equal(946, gg.Observations);
        Assert.Null(gg.Holdout);
        Assert.Equal(response.Model.Fits, response.Fits);
        Assert.Equal(HoldoutEnd, response.Model.HoldoutEnd);
    }

    /// <summary>The sample's calibration summaries in weeks (BTYD's cbs file, the same customers, 15 digits).</summary>
    private static IEnumerable<CustomerSummary> CdnowSummaries() =>
        File.ReadLines(SharedData.PathOf("BTYD__cdnowSummary__cbs.csv")!).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => new CustomerSummary(
                int.Parse(cells[0], CultureInfo.InvariantCulture),
                double.Parse(cells[1], CultureInfo.InvariantCulture),
                double.Parse(cells[2], CultureInfo.InvariantCulture)));
}

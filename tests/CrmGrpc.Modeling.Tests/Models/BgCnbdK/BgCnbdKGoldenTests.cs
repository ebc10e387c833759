using System.Globalization;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgCnbdK;
using CrmGrpc.Modeling.Tests.TestSupport;
using Xunit.Abstractions;

namespace CrmGrpc.Modeling.Tests.Models.BgCnbdK;

public class BgCnbdKGoldenTests(ITestOutputHelper output)
{
    [SharedDataFact(BgCnbdKTestData.Grocery)]
    public void Grocery_in_weeks_to_2006_12_31_chooses_k_2_as_BTYDplus_does()
    {
        var histories = BgCnbdKTestData.GroceryHistories();
        var fit = BgCnbdKModel.Fit(histories);
        foreach (var pair in fit.LogLikelihoodByK) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"k {pair.Key}: LL {pair.Value:F3}"));
        output.WriteLine(fit.Parameters.ToString());

        Assert.Equal(1525, histories.Length);
        Assert.True(fit.Converged);
        Assert.Equal(2, fit.Parameters.K);
        Assert.True(fit.LogLikelihoodByK[2] > fit.LogLikelihoodByK[1] + 50, "Erlang-2 fits the grocery book far better than BG/NBD");
        Assert.True(fit.LogLikelihoodByK[2] > fit.LogLikelihoodByK[3]);
    }

    [SharedDataFact(BgCnbdKTestData.CdnowSample)]
    public void Cdnow_sample_chooses_k_1_with_the_published_BG_NBD_parameters_to_3_decimals_and_log_likelihood_to_0_1()
    {
        var histories = BgCnbdKTestData.CdnowHistories();
        var fit = BgCnbdKModel.Fit(histories);
        foreach (var pair in fit.LogLikelihoodByK) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"k {pair.Key}: LL {pair.Value:F3}"));
        output.WriteLine(fit.Parameters.ToString());

        Assert.Equal(2357, histories.Length);
        Assert.True(fit.Converged);
        Assert.Equal(1, fit.Parameters.K);
        Assert.Equal(0.243, fit.Parameters.R, 0.0005);
        Assert.Equal(4.414, fit.Parameters.Alpha, 0.0005);
        Assert.Equal(0.793, fit.Parameters.A, 0.0005);
        Assert.Equal(2.426, fit.Parameters.B, 0.0005);
        Assert.Equal(-9582.4, fit.LogLikelihood, 0.05);
        Assert.True(fit.LogLikelihoodByK[1] > fit.LogLikelihoodByK[2]);
    }
}

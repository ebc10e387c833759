using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgBb;
using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests.Models.BgBb;

public class BgBbModelTests
{
    [SharedDataFact(DonationsData.FileName)]
    public void Donations_fit_reproduces_Fader_Hardie_Shang_2010_parameters_to_3_decimals_and_log_likelihood_to_0_1()
    {
        var fit = BgBbModel.Fit(DonationsData.Histories);

        Assert.True(fit.Converged);
        Assert.Equal(11_104, fit.CustomerCount);
        Assert.Equal(1.204, fit.Parameters.Alpha, 0.0005);
        Assert.Equal(0.750, fit.Parameters.Beta, 0.0005);
        Assert.Equal(0.657, fit.Parameters.Gamma, 0.0005);
        Assert.Equal(2.783, fit.Parameters.Delta, 0.0005);
        Assert.Equal(-33225.6, fit.LogLikelihood, 0.05);
        Assert.NotNull(fit.StandardErrors);
        Assert.Empty(fit.Warnings);
    }
}

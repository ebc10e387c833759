using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Tests;

/// <summary>
/// Books that push the models to a limit of their parameter space (issue 13): buyers who never drop out, spend that
/// is not gamma-shaped. Before the fitting range and the evaluation budget, the no-dropout book ran Nelder–Mead for
/// 10,000 iterations (23–43 s at 50,000 customers) and Gamma-Gamma on constant spend reported q = 1e67 as converged.
/// Work is counted in likelihood evaluations (each costs the same, linear in the distinct histories), never timed.
/// </summary>
public class BoundaryFitTests
{
    /// <summary>Poisson buyers, about ten purchases in two years (days), who never drop out; first purchases over a year.</summary>
    private static CustomerSummary[] NoDropoutBook(int customers, ulong seed, GammaGammaParameters? spend = null)
    {
        const double rate = 10.0 / 730;
        return BookSimulator.SimulateSummaries(new BookSimulationSettings(new BgNbdParameters(1e6, 1e6 / rate, 1e-9, 1e9), customers, 730)
        {
            AcquisitionWindow = 365,
            TimeResolution = 1,
            Seed = seed,
            Spend = spend ?? new GammaGammaParameters(6, 4, 15),
        });
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void A_book_without_dropout_stops_at_the_limit_within_the_evaluation_budget_and_names_it(ulong seed)
    {
        var book = NoDropoutBook(5_000, seed);
        var options = new BgNbdFitOptions();

        var fit = BgNbdModel.Fit(book, options);

        // Converged at the limit well inside the budget (90 and 139 evaluations): f is flat there to its rounding, so
        // the fit stops instead of spending the budget on Nelder–Mead along the ridge (400 evaluations before the stall
        // test; 10,000 Nelder–Mead iterations before the budget).
        Assert.True(fit.Converged, $"{fit.Method}, {fit.Evaluations} evaluations");
        Assert.InRange(fit.Evaluations, 1, 200);
        Assert.True(fit.AtLimit);
        Assert.True(Math.Log(fit.Parameters.A) <= -BgNbdModel.LogParameterLimit + 1, $"a = {fit.Parameters.A}");
        Assert.Contains(fit.Warnings, w => w.Contains("no evidence of customers dropping out", StringComparison.Ordinal));
        Assert.Null(fit.StandardErrors);
        Assert.True(double.IsFinite(fit.LogLikelihood) && fit.LogLikelihood < 0, $"log-likelihood {fit.LogLikelihood}");
        foreach (double p in new[] { fit.Parameters.R, fit.Parameters.Alpha, fit.Parameters.A, fit.Parameters.B })
        {
            Assert.True(double.IsFinite(p) && p > 0);
        }
        // Every customer is alive and keeps buying at the book's rate: the limit model still predicts sensibly.
        var customer = book.First(c => c.Frequency > 3);
        Assert.Equal(1, fit.Parameters.ProbabilityAlive(customer.Frequency, customer.Recency, customer.Age), 1e-4);
    }

    [Fact]
    public void The_evaluation_budget_bounds_the_work_whatever_the_book()
    {
        var book = NoDropoutBook(5_000, 3);
        var fit = BgNbdModel.Fit(book, new BgNbdFitOptions { MaxEvaluations = 12, ComputeStandardErrors = false });

        Assert.InRange(fit.Evaluations, 1, 12);
        Assert.True(double.IsFinite(fit.LogLikelihood));
    }

    [Fact]
    public void An_interior_fit_has_no_limit_warnings_and_keeps_its_standard_errors()
    {
        var book = BookSimulator.SimulateSummaries(new BookSimulationSettings(new BgNbdParameters(0.3, 5, 0.8, 2.5), 5_000, 52) { AcquisitionWindow = 26, Seed = 5 });

        var fit = BgNbdModel.Fit(book);

        Assert.True(fit.Converged);
        Assert.False(fit.AtLimit);
        Assert.Empty(fit.Warnings);
        Assert.NotNull(fit.StandardErrors);
    }

    [Fact]
    public void Gamma_gamma_on_constant_spend_says_the_spend_is_not_gamma_shaped_instead_of_an_absurd_fit()
    {
        var book = NoDropoutBook(5_000, 1).Select(c => c with { MonetaryValue = c.Frequency > 0 ? 25 : 0 }).ToArray();
        var options = new GammaGammaFitOptions();

        var fit = GammaGammaModel.Fit(book, options);

        Assert.NotNull(fit.Unusable);
        Assert.Contains("not gamma-shaped", fit.Unusable, StringComparison.Ordinal);
        Assert.InRange(fit.Evaluations, 1, options.MaxEvaluations);
        Assert.True(double.IsFinite(fit.LogLikelihood));
        Assert.True(Math.Log(fit.Parameters.Q) <= GammaGammaModel.LogParameterLimit, $"q = {fit.Parameters.Q}");
        Assert.Null(fit.StandardErrors);
    }

    [Fact]
    public void Gamma_gamma_on_two_levels_of_spend_says_the_spend_is_not_gamma_shaped()
    {
        var book = NoDropoutBook(5_000, 1).Select((c, i) => c with { MonetaryValue = c.Frequency > 0 ? (i % 2 == 0 ? 10 : 1000) : 0 }).ToArray();

        var fit = GammaGammaModel.Fit(book);

        Assert.Contains("not gamma-shaped", fit.Unusable, StringComparison.Ordinal);
        Assert.InRange(fit.Evaluations, 1, new GammaGammaFitOptions().MaxEvaluations);
    }

    [Fact]
    public void Gamma_gamma_on_gamma_shaped_spend_is_usable()
    {
        var book = NoDropoutBook(5_000, 1, new GammaGammaParameters(6, 4, 15));

        var fit = GammaGammaModel.Fit(book);

        Assert.Null(fit.Unusable);
        Assert.True(fit.Converged);
        Assert.False(fit.AtLimit);
        Assert.NotNull(fit.StandardErrors);
    }

    [Fact]
    public void Fits_with_a_cancelled_token_throw_before_any_work()
    {
        var book = NoDropoutBook(500, 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => BgNbdModel.Fit(book, null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => GammaGammaModel.Fit(book, null, cancelled.Token));
    }
}

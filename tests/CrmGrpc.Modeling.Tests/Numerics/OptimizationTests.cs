using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Tests.Numerics;

public class OptimizationTests
{
    /// <summary>Rosenbrock's banana valley, minimum 0 at (1, 1).</summary>
    private sealed class Rosenbrock : IDifferentiableObjective
    {
        public int Dimension => 2;

        public double Evaluate(ReadOnlySpan<double> p, Span<double> g)
        {
            double x = p[0], y = p[1];
            g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
            g[1] = 200 * (y - x * x);
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }
    }

    /// <summary>A quadratic that is undefined (NaN) left of x = −1, to exercise the line search's backtracking.</summary>
    private sealed class WalledQuadratic : IDifferentiableObjective
    {
        public int Dimension => 2;

        public double Evaluate(ReadOnlySpan<double> p, Span<double> g)
        {
            if (p[0] < -1) return double.NaN;
            g[0] = 2 * (p[0] + 0.5);
            g[1] = 8 * (p[1] - 3);
            return (p[0] + 0.5) * (p[0] + 0.5) + 4 * (p[1] - 3) * (p[1] - 3);
        }
    }

    [Fact]
    public void Bfgs_finds_the_Rosenbrock_minimum_to_1e_6()
    {
        var outcome = Bfgs.Minimize(new Rosenbrock(), [-1.2, 1], 1e-9, 500);
        Assert.True(outcome.Converged);
        Assert.Equal(1, outcome.Point[0], 1e-6);
        Assert.Equal(1, outcome.Point[1], 1e-6);
    }

    [Fact]
    public void Nelder_Mead_finds_the_Rosenbrock_minimum_to_1e_4()
    {
        var outcome = NelderMead.Minimize(new Rosenbrock(), [-1.2, 1], 10_000);
        Assert.True(outcome.Converged);
        Assert.Equal(1, outcome.Point[0], 1e-4);
        Assert.Equal(1, outcome.Point[1], 1e-4);
    }

    [Fact]
    public void Minimizer_backs_off_from_undefined_regions_and_converges_to_1e_8()
    {
        var outcome = Minimizer.Minimize(new WalledQuadratic(), [30, -40], 1e-10, 200);
        Assert.True(outcome.Converged);
        Assert.Equal(-0.5, outcome.Point[0], 1e-8);
        Assert.Equal(3, outcome.Point[1], 1e-8);
    }

    [Fact]
    public void Curvature_of_a_quadratic_is_exact_to_1e_6_and_a_singular_matrix_has_no_inverse()
    {
        var hessian = Curvature.Hessian(new WalledQuadratic(), [0.0, 0.0]);
        Assert.Equal(2, hessian[0, 0], 1e-6);
        Assert.Equal(8, hessian[1, 1], 1e-6);
        Assert.Equal(0, hessian[0, 1], 1e-6);

        var inverse = Curvature.InversePositiveDefinite(new double[,] { { 4, 2 }, { 2, 3 } });
        Assert.NotNull(inverse);
        Assert.Equal(3.0 / 8, inverse[0, 0], 1e-14);
        Assert.Equal(-2.0 / 8, inverse[0, 1], 1e-14);
        Assert.Equal(4.0 / 8, inverse[1, 1], 1e-14);

        Assert.Null(Curvature.InversePositiveDefinite(new double[,] { { 1, 1 }, { 1, 1 } }));
        Assert.Null(Curvature.InversePositiveDefinite(new double[,] { { 1, 0 }, { 0, -1 } }));
    }
}

/// <summary>The box, the evaluation budget and cancellation of <see cref="Minimizer"/> (issue 13).</summary>
public class BoundedOptimizationTests
{
    /// <summary>(x − 5)² + (y + 0.25)²: the minimum (5, −0.25) lies outside the box [−1, 1]², the box's at (1, −0.25).</summary>
    private sealed class ShiftedQuadratic : IDifferentiableObjective
    {
        public int Dimension => 2;

        public int Evaluations { get; private set; }

        public Action<int>? OnEvaluation { get; init; }

        public double Evaluate(ReadOnlySpan<double> p, Span<double> g)
        {
            Evaluations++;
            OnEvaluation?.Invoke(Evaluations);
            g[0] = 2 * (p[0] - 5);
            g[1] = 2 * (p[1] + 0.25);
            return (p[0] - 5) * (p[0] - 5) + (p[1] + 0.25) * (p[1] + 0.25);
        }
    }

    private static OptimizationSettings Box(int maxEvaluations = int.MaxValue, CancellationToken token = default) => new(1e-10, 200)
    {
        Lower = [-1, -1],
        Upper = [1, 1],
        MaxEvaluations = maxEvaluations,
        CancellationToken = token,
    };

    [Fact]
    public void Projected_bfgs_holds_a_coordinate_on_its_face_and_converges_in_the_other()
    {
        var outcome = Minimizer.Minimize(new ShiftedQuadratic(), [0, 0], Box());

        Assert.True(outcome.Converged);
        Assert.Equal(1, outcome.Point[0]);
        Assert.Equal(-0.25, outcome.Point[1], 1e-9);
    }

    [Fact]
    public void The_evaluation_budget_stops_every_method()
    {
        var objective = new ShiftedQuadratic();
        var start = new double[] { -0.9, 0.9 };
        var outcome = Minimizer.Minimize(objective, start, Box(maxEvaluations: 2));

        Assert.Equal(2, objective.Evaluations);
        Assert.Equal(2, outcome.Evaluations);
    }

    [Fact]
    public void Cancellation_stops_the_minimiser_before_the_next_evaluation()
    {
        using var source = new CancellationTokenSource();
        var objective = new ShiftedQuadratic { OnEvaluation = n => { if (n == 3) source.Cancel(); } };

        Assert.ThrowsAny<OperationCanceledException>(() => Minimizer.Minimize(objective, [0, 0], Box(token: source.Token)));
        Assert.Equal(3, objective.Evaluations);
    }

    [Fact]
    public void A_likelihood_evaluation_over_several_chunks_stops_on_a_cancelled_token()
    {
        // 40,000 distinct repeat histories: three chunks, so the evaluation runs in Parallel.For, which checks the token.
        var histories = Enumerable.Range(0, 40_000).Select(i => new WeightedSummary(1 + i % 20, i % 200 / 4.0, 50 + i / 200 / 4.0, 1)).ToArray();
        using var source = new CancellationTokenSource();
        var likelihood = new BgNbdLikelihood(histories, 0, -1, source.Token);
        var gradient = new double[4];
        Assert.True(double.IsFinite(likelihood.Evaluate([0.1, 0.1, 0.1, 0.1], gradient)));

        source.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => likelihood.Evaluate([0.1, 0.1, 0.1, 0.1], gradient));
    }
}

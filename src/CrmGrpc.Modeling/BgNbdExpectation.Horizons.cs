using System.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>
/// The conditional expectation at several horizons of one customer in one pass (predictive CLV needs 12 monthly
/// cumulative values). Both series have coefficients that do not depend on the horizon, only on the powers of z:
/// each coefficient ratio (the division) is computed once per term and applied to a block of horizons' z in SIMD
/// lanes (4 with AVX2), whose state stays in registers.
/// Every lane repeats the scalar arithmetic operation for operation and freezes where the scalar loop would stop,
/// and the choice of method per horizon is the scalar one, so each value is bit for bit what
/// <see cref="IfAlive(double, double, double, double, int, double, double)"/> returns.
/// </summary>
internal static partial class BgNbdExpectation
{
    /// <summary>destination[i] = Q at horizons[i] (see the single-horizon overload).</summary>
    public static void IfAlive(double r, double alpha, double a, double b, int x, double age,
        ReadOnlySpan<double> horizons, Span<double> destination)
    {
        int count = horizons.Length;
        if (destination.Length < count) throw new ArgumentException("The destination is shorter than the horizons.", nameof(destination));
        if (count == 0) return;
        double shape = r + x, bx = b + x;

        const int StackLimit = 64;
        Span<double> eulerZ = count <= StackLimit ? stackalloc double[count] : new double[count];
        Span<double> binomialZ = count <= StackLimit ? stackalloc double[count] : new double[count];
        Span<int> eulerIndex = count <= StackLimit ? stackalloc int[count] : new int[count];
        Span<int> binomialIndex = count <= StackLimit ? stackalloc int[count] : new int[count];
        int eulerCount = 0, binomialCount = 0;
        for (int i = 0; i < count; i++)
        {
            double u = horizons[i] / (alpha + age);
            if (u == 0)
            {
                destination[i] = 0;
                continue;
            }
            if (TryPointMass(shape, a, bx, u, PointMassTolerance, out double q, out _))
            {
                destination[i] = q;
                continue;
            }
            // The order TrySeries would try them in; the first series goes into the batch, the rest stays scalar.
            SeriesCosts(r, a, b, x, u, out double eulerCost, out double binomialCost);
            if (eulerCost <= binomialCost && eulerCost <= SeriesTermBudget)
            {
                eulerZ[eulerCount] = u / (1 + u);
                eulerIndex[eulerCount++] = i;
            }
            else if (binomialCost < eulerCost && binomialCost <= SeriesTermBudget)
            {
                binomialZ[binomialCount] = u / (1 + u);
                binomialIndex[binomialCount++] = i;
            }
            else
            {
                destination[i] = Math.Max(Quadrature(r, a, b, x, u), 0);
            }
        }

        if (eulerCount > 0)
        {
            Span<double> values = eulerCount <= StackLimit ? stackalloc double[eulerCount] : new double[eulerCount];
            Span<bool> ok = eulerCount <= StackLimit ? stackalloc bool[eulerCount] : new bool[eulerCount];
            SeriesFormMany(r, a, b, x, eulerZ[..eulerCount], SeriesTermBudget, values, ok);
            for (int j = 0; j < eulerCount; j++)
            {
                int i = eulerIndex[j];
                double u = horizons[i] / (alpha + age);
                if (ok[j])
                {
                    destination[i] = Math.Max(values[j], 0);
                    continue;
                }
                SeriesCosts(r, a, b, x, u, out _, out double binomialCost);
                destination[i] = binomialCost <= SeriesTermBudget && TryNegativeBinomialSeries(shape, a, bx, u, SeriesTermBudget, out double q)
                    ? Math.Max(q, 0) : Math.Max(Quadrature(r, a, b, x, u), 0);
            }
        }

        if (binomialCount > 0)
        {
            Span<double> values = binomialCount <= StackLimit ? stackalloc double[binomialCount] : new double[binomialCount];
            Span<bool> ok = binomialCount <= StackLimit ? stackalloc bool[binomialCount] : new bool[binomialCount];
            NegativeBinomialSeriesMany(shape, a, bx, binomialZ[..binomialCount], SeriesTermBudget, values, ok);
            for (int j = 0; j < binomialCount; j++)
            {
                int i = binomialIndex[j];
                double u = horizons[i] / (alpha + age);
                if (ok[j])
                {
                    destination[i] = Math.Max(values[j], 0);
                    continue;
                }
                SeriesCosts(r, a, b, x, u, out double eulerCost, out _);
                destination[i] = eulerCost <= SeriesTermBudget && TrySeriesForm(r, a, b, x, u, SeriesTermBudget, out double q)
                    ? Math.Max(q, 0) : Math.Max(Quadrature(r, a, b, x, u), 0);
            }
        }
    }

    /// <summary>
    /// <see cref="TrySeriesForm"/> for several z at once: the H series' lanes advance together and each freezes at
    /// the term where the scalar loop (<see cref="TrySumH"/>) would return.
    /// </summary>
    private static void SeriesFormMany(double r, double a, double b, int x, ReadOnlySpan<double> zs, int maxTerms,
        Span<double> values, Span<bool> ok)
    {
        int width = Vector<double>.Count;
        double c = a + b + x - 1, cMinusA = a + b - 1 - r, cPlusOne = c + 1;
        double settledAfter = Math.Max(1, -cMinusA);
        var epsilon = new Vector<double>(1e-16);
        Span<double> lanes = stackalloc double[width];
        // One block of lanes at a time, its whole state in registers; the coefficient is recomputed per block (a
        // division per term), which is cheaper than keeping every block's state in memory.
        for (int offset = 0; offset < zs.Length; offset += width)
        {
            int used = Math.Min(width, zs.Length - offset);
            lanes.Clear();
            zs.Slice(offset, used).CopyTo(lanes);
            var z = new Vector<double>(lanes);
            var term = cMinusA * z;
            var sum = term;
            var largest = Vector.Abs(term);
            var terms = Vector<double>.One;
            var active = ~Vector.Equals(term, Vector<double>.Zero); // a zero first term ends the scalar loop at once
            z = Vector.ConditionalSelect(active, z, Vector<double>.Zero);
            // A finished lane's z is set to 0: its later terms are exactly 0, leaving its sum and largest term as they
            // were. A non-finite sum stays non-finite, so failures are read off at the end.
            for (int k = 1; k < maxTerms && active != Vector<long>.Zero; k++)
            {
                double coefficient = (cMinusA + k) * (a + k - 1) / ((cPlusOne + k - 1) * (k + 1));
                var ratio = coefficient * z;
                term *= ratio;
                sum += term;
                var magnitude = Vector.Abs(term);
                largest = Vector.Max(largest, magnitude);
                var done = Vector.Equals(term, Vector<double>.Zero);
                if (k + 1 > settledAfter)
                {
                    var bound = Vector.Max(Vector.Abs(ratio), z);
                    done |= Vector.LessThan(bound, Vector<double>.One)
                        & Vector.LessThanOrEqual(magnitude * bound, epsilon * Vector.Abs(sum) * (Vector<double>.One - bound));
                }
                done &= active;
                if (done != Vector<long>.Zero)
                {
                    terms = Vector.ConditionalSelect(done, new Vector<double>(k + 1), terms);
                    active &= ~done;
                    z = Vector.ConditionalSelect(active, z, Vector<double>.Zero);
                }
            }
            for (int lane = 0; lane < used; lane++)
            {
                int j = offset + lane;
                ok[j] = active[lane] == 0 && double.IsFinite(sum[lane]) && TryFinishSeriesForm(a, c, zs[j], sum[lane], largest[lane], (int)terms[lane], out values[j]);
            }
        }
    }

    /// <summary>
    /// <see cref="TryNegativeBinomialSeries"/> for several z at once: β_i and B_i are shared, the weights are per lane,
    /// and each lane freezes at the term where the scalar loop would return.
    /// </summary>
    private static void NegativeBinomialSeriesMany(double shape, double a, double bx, ReadOnlySpan<double> zs, int maxTerms,
        Span<double> values, Span<bool> ok)
    {
        int width = Vector<double>.Count;
        double n = a + bx;
        var epsilon = new Vector<double>(1e-16);
        var huge = new Vector<double>(1e250);
        var shrink = new Vector<double>(1e-250);
        Span<double> lanes = stackalloc double[width];
        for (int offset = 0; offset < zs.Length; offset += width)
        {
            int used = Math.Min(width, zs.Length - offset);
            lanes.Fill(0.5); // padding lanes run harmlessly and are never read
            zs.Slice(offset, used).CopyTo(lanes);
            var z = new Vector<double>(lanes);
            var weight = Vector<double>.One;
            var weights = Vector<double>.One;
            var sum = Vector<double>.Zero;
            var ratio = shape * z;
            var active = Vector<long>.AllBitsSet;
            double beta = 1, cumulative = 0;
            // A finished lane's z and ratio are set to 0: its later weights are exactly 0 and its sums stay as they were.
            for (int i = 1; i <= maxTerms && active != Vector<long>.Zero; i++)
            {
                cumulative += beta;
                beta *= (bx + i - 1) / (n + i - 1);
                var cumulativeVector = new Vector<double>(cumulative);
                weight *= ratio;
                weights += weight;
                sum += weight * cumulativeVector;
                var rescale = Vector.GreaterThan(weight, huge);
                if (rescale != Vector<long>.Zero)
                {
                    weight = Vector.ConditionalSelect(rescale, weight * shrink, weight);
                    weights = Vector.ConditionalSelect(rescale, weights * shrink, weights);
                    sum = Vector.ConditionalSelect(rescale, sum * shrink, sum);
                }
                ratio = (shape + i) / (i + 1) * z;
                var rho = Vector.Max(ratio, z);
                var gap = Vector<double>.One - rho;
                var done = active & Vector.GreaterThan(gap, Vector<double>.Zero)
                    & Vector.LessThanOrEqual(weight * rho * (cumulativeVector * gap + new Vector<double>(beta)), epsilon * sum * gap * gap)
                    & Vector.LessThanOrEqual(weight * rho, epsilon * weights * gap);
                if (done != Vector<long>.Zero)
                {
                    active &= ~done;
                    z = Vector.ConditionalSelect(active, z, Vector<double>.Zero);
                    ratio = Vector.ConditionalSelect(active, ratio, Vector<double>.Zero);
                }
            }
            for (int lane = 0; lane < used; lane++)
            {
                int j = offset + lane;
                values[j] = sum[lane] / weights[lane];
                ok[j] = active[lane] == 0 && double.IsFinite(values[j]);
            }
        }
    }
}

namespace CrmGrpc.Modeling.Models;

/// <summary>
/// Named parameter values in the model's own order, with API.md's names (<c>r</c>, <c>alpha</c>, <c>s</c>, <c>beta</c>,
/// <c>a</c>, <c>b</c>, <c>k</c>, <c>gamma</c>, <c>delta</c>, <c>p</c>, <c>q</c>).
/// </summary>
public sealed class ParameterSet : IEquatable<ParameterSet>
{
    private readonly string[] _names;
    private readonly double[] _values;

    public ParameterSet(IReadOnlyList<string> names, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        if (names.Count != values.Count) throw new ArgumentException("One value per name.", nameof(values));
        _names = [.. names];
        _values = [.. values];
    }

    public IReadOnlyList<string> Names => _names;

    public IReadOnlyList<double> Values => _values;

    public int Count => _names.Length;

    /// <summary>The value of <paramref name="name"/>; <see cref="KeyNotFoundException"/> when the model has no such parameter.</summary>
    public double this[string name] => TryGet(name, out var value) ? value : throw new KeyNotFoundException($"No parameter '{name}'.");

    public bool TryGet(string name, out double value)
    {
        int index = Array.IndexOf(_names, name);
        value = index >= 0 ? _values[index] : double.NaN;
        return index >= 0;
    }

    public IEnumerable<KeyValuePair<string, double>> Pairs() => _names.Select((name, i) => KeyValuePair.Create(name, _values[i]));

    public bool Equals(ParameterSet? other) => other is not null && _names.AsSpan().SequenceEqual(other._names) && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as ParameterSet);

    public override int GetHashCode() => HashCode.Combine(_names.Length, _values.Length > 0 ? _values[0] : 0);

    public override string ToString() => string.Join(", ", Pairs().Select(p => FormattableString.Invariant($"{p.Key} {p.Value:G6}")));
}

/// <summary>The outcome of one model's maximum-likelihood fit.</summary>
/// <param name="Kind">The model.</param>
/// <param name="Parameters">Estimates, in the time unit of the data.</param>
/// <param name="StandardErrors">Asymptotic standard errors with the same names; null when the information matrix is singular
/// or a parameter is at a limit of its range (a warning then says so).</param>
/// <param name="LogLikelihood">Log-likelihood at the estimates, without any penalty.</param>
/// <param name="Observations">N of the BIC: customers (or, for sBG, customers acquired).</param>
/// <param name="Converged">Whether the optimiser met its tolerance.</param>
/// <param name="Iterations">Optimiser iterations.</param>
public sealed record ModelFit(
    ModelKind Kind,
    ParameterSet Parameters,
    ParameterSet? StandardErrors,
    double LogLikelihood,
    long Observations,
    bool Converged,
    int Iterations)
{
    /// <summary>Why the estimates need care (a boundary solution, a k at the end of its search range, …).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Number of estimated parameters p (BG/CNBD-k counts its k).</summary>
    public int ParameterCount => Parameters.Count;

    /// <summary>AIC = 2p − 2LL.</summary>
    public double Aic => 2 * ParameterCount - 2 * LogLikelihood;

    /// <summary>BIC = p ln N − 2LL.</summary>
    public double Bic => ParameterCount * Math.Log(Math.Max(1, Observations)) - 2 * LogLikelihood;
}

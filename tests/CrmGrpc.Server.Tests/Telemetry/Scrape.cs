using System.Text.RegularExpressions;

namespace CrmGrpc.Server.Tests.Telemetry;

/// <summary>Reads Prometheus' text format from a web endpoint's /metrics.</summary>
public static partial class Scrape
{
    /// <summary>
    /// Scrapes until a sample of <paramref name="metric"/> carries every label of <paramref name="labels"/> (a call's
    /// measurement is recorded just after its response is sent, and the exporter caches a scrape briefly); returns the text.
    /// </summary>
    public static async Task<string> UntilAsync(HttpClient http, string webAddress, string metric, params (string Name, string Value)[] labels)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string text;
        do
        {
            text = await http.GetStringAsync(webAddress + "/metrics");
            if (Samples(text, metric, labels).Any())
            {
                return text;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException(
            $"no sample of {metric} with {string.Join(", ", labels.Select(l => $"{l.Name}=\"{l.Value}\""))} in /metrics:\n{text}");
    }

    /// <summary>The sample lines of <paramref name="metric"/> that carry every label given.</summary>
    public static IEnumerable<string> Samples(string text, string metric, params (string Name, string Value)[] labels) =>
        text.Split('\n').Where(line =>
            (line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            && labels.All(label => line.Contains($"{label.Name}=\"{label.Value}\"", StringComparison.Ordinal)));

    /// <summary>The value of a sample line.</summary>
    public static double Value(string sample) =>
        double.Parse(SampleValue().Match(sample).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\}?\s(\S+)(\s\d+)?$")]
    private static partial Regex SampleValue();
}

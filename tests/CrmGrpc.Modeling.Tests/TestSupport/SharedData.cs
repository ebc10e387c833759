using System.Globalization;
using System.Runtime.CompilerServices;

namespace CrmGrpc.Modeling.Tests.TestSupport;

/// <summary>
/// Finds the shared reference data sets (not part of the repository): the folder named by the environment variable
/// CRM_SHARED_DATA, else ../shared/data beside the repository root (the folder holding CrmGrpc.sln).
/// </summary>
internal static class SharedData
{
    public const string EnvironmentVariable = "CRM_SHARED_DATA";

    public const string CdnowSummary = "lifetimes__cdnow_customers_summary_with_transactions.csv";
    public const string BtydCdnowSummary = "BTYD__cdnowSummary__cbs.csv";
    public const string CdnowSample = "lifetimes__CDNOW_sample.txt";

    private static readonly string? DataDirectory = Locate();

    /// <summary>Full path of a shared data file, or null when it is not available.</summary>
    public static string? Find(string fileName)
    {
        if (DataDirectory is null) return null;
        string path = Path.Combine(DataDirectory, fileName);
        return File.Exists(path) ? path : null;
    }

    public static string Require(string fileName)
        => Find(fileName) ?? throw new FileNotFoundException($"Shared data file {fileName} not found.", fileName);

    public static string MissingMessage(string fileName)
        => $"Reference data '{fileName}' not found: place the shared data folder at ../shared/data beside the repository root or set {EnvironmentVariable}.";

    /// <summary>Rows of a comma-separated file with a header, quotes stripped, as column-name → text maps.</summary>
    public static IEnumerable<Dictionary<string, string>> ReadCsv(string fileName)
    {
        using var reader = new StreamReader(Require(fileName));
        var header = Split(reader.ReadLine() ?? throw new InvalidDataException($"{fileName} is empty."));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var cells = Split(line);
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++) row[header[i]] = cells[i];
            yield return row;
        }
    }

    public static double Number(this Dictionary<string, string> row, string column)
        => double.Parse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string[] Split(string line) => [.. line.Split(',').Select(cell => cell.Trim().Trim('"'))];

    private static string? Locate()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            string nested = Path.Combine(configured, "data");
            return Directory.Exists(nested) && !File.Exists(Path.Combine(configured, CdnowSummary)) ? nested : configured;
        }
        // The source file's compile-time path survives builds into any artifacts folder; the output folder is a fallback.
        foreach (string? start in new[] { Path.GetDirectoryName(SourcePath()), AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CrmGrpc.sln")))
                {
                    string candidate = Path.Combine(directory.FullName, "..", "shared", "data");
                    return Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
                }
            }
        }
        return null;
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}

/// <summary>A fact that is skipped, with a clear message, when a shared reference data file is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] fileNames)
    {
        FileNames = fileNames;
        var missing = fileNames.FirstOrDefault(name => SharedData.Find(name) is null);
        if (missing is not null) Skip = SharedData.MissingMessage(missing);
    }

    public IReadOnlyList<string> FileNames { get; }
}

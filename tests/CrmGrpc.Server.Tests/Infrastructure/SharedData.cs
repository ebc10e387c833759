namespace CrmGrpc.Server.Tests.Infrastructure;

/// <summary>
/// The reference data sets in ../shared/data beside the checkout (or CRM_SHARED_DATA). They are not the
/// project's files: tests that need one skip with a message when it is absent.
/// </summary>
public static class SharedData
{
    public static string? Directory { get; } = Locate();

    public static string? PathOf(string file) =>
        Directory is { } directory && File.Exists(System.IO.Path.Combine(directory, file)) ? System.IO.Path.Combine(directory, file) : null;

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("CRM_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CrmGrpc.sln")))
            {
                return System.IO.Path.Combine(directory.FullName, "..", "shared", "data");
            }
        }

        return null;
    }
}

/// <summary>A fact that needs a file of ../shared/data and skips, saying so, when it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string file)
    {
        if (SharedData.PathOf(file) is null)
        {
            Skip = $"../shared/data/{file} is not present (set CRM_SHARED_DATA to its folder to run this test)";
        }
    }
}

/// <summary>A theory that needs a file of ../shared/data and skips, saying so, when it is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute(string file)
    {
        if (SharedData.PathOf(file) is null)
        {
            Skip = $"../shared/data/{file} is not present (set CRM_SHARED_DATA to its folder to run this test)";
        }
    }
}

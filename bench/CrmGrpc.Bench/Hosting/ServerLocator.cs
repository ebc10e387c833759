using System.Diagnostics;
using System.Reflection;

namespace CrmGrpc.Bench.Hosting;

/// <summary>
/// Finds the server to measure: --server-dll, else the Release build of CrmGrpc.Server in this build's
/// artifacts root (<c>ROOT/bin/CrmGrpc.Server/release/</c> beside <c>ROOT/bin/CrmGrpc.Bench/…</c>), building
/// it there when it is absent (or when --build-server says so).
/// </summary>
internal static class ServerLocator
{
    private const string ServerProject = "CrmGrpc.Server";
    private const string CliProject = "CrmGrpc.Cli";

    /// <summary>The located server, and a warning when its build looks older than the sources.</summary>
    public sealed record Located(FileInfo Dll, string? Warning);

    public static async Task<Located> LocateAsync(BenchSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        if (settings.ServerDll is { } given)
        {
            return given.Exists
                ? new Located(given, null)
                : throw new BenchException($"--server-dll {given.FullName} does not exist");
        }

        var artifactsRoot = ArtifactsRoot();
        var dll = new FileInfo(Path.Combine(artifactsRoot, "bin", ServerProject, "release", ServerProject + ".dll"));
        var repository = RepositoryRoot();
        if (!dll.Exists || settings.BuildServer)
        {
            log($"building {ServerProject} (Release) into {artifactsRoot}");
            await BuildAsync(repository, artifactsRoot, Path.Combine("src", ServerProject, ServerProject + ".csproj"), cancellationToken);
            dll.Refresh();
            if (!dll.Exists)
            {
                throw new BenchException($"the build succeeded but {dll.FullName} is not there");
            }

            return new Located(dll, null);
        }

        var newestSource = NewestSource(repository);
        var warning = newestSource is { } source && source.LastWriteTimeUtc > dll.LastWriteTimeUtc
            ? $"the server build ({dll.LastWriteTimeUtc:u}) is older than {Path.GetRelativePath(repository, source.FullName)} "
              + $"({source.LastWriteTimeUtc:u}); pass --build-server to measure the current sources"
            : null;
        return new Located(dll, warning);
    }

    /// <summary>ROOT in ROOT/bin/CrmGrpc.Bench/PIVOT/: this build's artifacts root.</summary>
    private static string ArtifactsRoot() =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));

    private static string RepositoryRoot()
    {
        var root = typeof(ServerLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return root is not null && File.Exists(Path.Combine(root, "src", ServerProject, ServerProject + ".csproj"))
            ? root
            : throw new BenchException("cannot find the repository to build the server from; pass --server-dll");
    }

    private static FileInfo? NewestSource(string repository)
    {
        string[] patterns = ["*.cs", "*.csproj", "*.sql", "*.json", "*.proto", "*.props"];
        var roots = new[] { Path.Combine(repository, "src"), Path.Combine(repository, "protos") }.Where(Directory.Exists);
        return roots
            .SelectMany(root => patterns.SelectMany(p => Directory.EnumerateFiles(root, p, SearchOption.AllDirectories)))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .Select(path => new FileInfo(path))
            .MaxBy(file => file.LastWriteTimeUtc);
    }

    /// <summary>
    /// The Release build of the <c>crm</c> command-line client in this build's artifacts root
    /// (<c>ROOT/bin/CrmGrpc.Cli/release/crm.dll</c>), built there when it is absent (or when --build-server says so).
    /// </summary>
    public static async Task<FileInfo> LocateCliAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var artifactsRoot = ArtifactsRoot();
        var dll = new FileInfo(Path.Combine(artifactsRoot, "bin", CliProject, "release", "crm.dll"));
        if (!dll.Exists || settings.BuildServer)
        {
            await BuildAsync(RepositoryRoot(), artifactsRoot, Path.Combine("clients", "csharp", CliProject, CliProject + ".csproj"), cancellationToken);
            dll.Refresh();
            if (!dll.Exists)
            {
                throw new BenchException($"the build succeeded but {dll.FullName} is not there");
            }
        }

        return dll;
    }

    private static async Task BuildAsync(string repository, string artifactsRoot, string project, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repository,
        };
        foreach (var argument in new[]
                 {
                     "build", project, "-c", "Release",
                     "-p:ArtifactsPath=" + artifactsRoot, "-nologo", "-v:q",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start) ?? throw new BenchException("could not start dotnet build");
        var output = build.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = build.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await build.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            build.Kill(entireProcessTree: true);
            throw;
        }

        if (build.ExitCode != 0)
        {
            throw new BenchException($"building {project} failed:{Environment.NewLine}{await output}{await error}");
        }
    }
}

/// <summary>The dotnet host running this process, to run the server and the build with the same runtime.</summary>
internal static class DotnetHost
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        // DOTNET_HOST_PATH is set under `dotnet run`/MSBuild; otherwise the host sits three levels above the runtime.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromEnvironment && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var runtimeDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var beside = System.IO.Path.GetFullPath(System.IO.Path.Combine(runtimeDirectory, "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(beside) ? beside : "dotnet";
    }
}

/// <summary>A failure of the run itself (not of a measured figure), reported as one line.</summary>
internal sealed class BenchException(string message) : Exception(message);

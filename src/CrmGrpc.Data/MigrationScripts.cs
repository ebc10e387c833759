using System.Reflection;

namespace CrmGrpc.Data;

/// <summary>One schema migration: its number, its file name without <c>.sql</c>, and its statements.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql);

/// <summary>Each store's migrations: the <c>Migrations/NNNN_name.sql</c> files embedded in its assembly.</summary>
public static class MigrationScripts
{
    /// <summary>
    /// The scripts embedded in <paramref name="assembly"/> under <paramref name="resourcePrefix"/>, ordered by number;
    /// numbers must run 1, 2, 3 … without gaps, so a missing or misnamed file fails at start, not on some database later.
    /// </summary>
    public static IReadOnlyList<MigrationScript> Load(Assembly assembly, string resourcePrefix)
    {
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[resourcePrefix.Length..^".sql".Length];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                return new MigrationScript(version, name, Read(assembly, n));
            })
            .OrderBy(s => s.Version)
            .ToList();
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migration numbers must run 1, 2, 3 … without gaps; found {scripts[i].Name}.");
            }
        }

        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

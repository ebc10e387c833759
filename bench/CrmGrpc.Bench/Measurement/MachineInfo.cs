using System.Globalization;
using System.Runtime.InteropServices;

namespace CrmGrpc.Bench.Measurement;

/// <summary>A one-line description of the machine: CPU model, logical cores, memory.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ProcField("/proc/meminfo", "MemTotal") is { } total
            && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $", {kb / 1024.0 / 1024.0:N1} GiB")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{cpu}, {Environment.ProcessorCount} logical cores{memory}, {RuntimeInformation.OSArchitecture}");
    }

    private static string? ProcField(string path, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line.AsSpan(0, colon).Trim().SequenceEqual(name))
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}

using System.ComponentModel.DataAnnotations;

namespace CrmGrpc.Server.Limits;

/// <summary>
/// Per-caller limits (section <c>Crm:Limits</c>); a caller is its API key's name or token's subject, else its remote
/// address. 0 (the default) leaves a limit off.
/// </summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Crm:Limits";

    /// <summary>Largest value of each setting: far above any real caller, and 2× it still fits an int.</summary>
    public const int MaxValue = 1_000_000;

    /// <summary>Calls a caller may make per second, sustained; 0 = unlimited.</summary>
    [Range(0, MaxValue)]
    public int RequestsPerSecond { get; set; }

    /// <summary>Calls a caller may make at once after being quiet (the token bucket's size); 0 = twice <see cref="RequestsPerSecond"/>.</summary>
    [Range(0, MaxValue)]
    public int Burst { get; set; }

    /// <summary>Streaming calls (client, server or both) a caller may have in flight at once; 0 = unlimited.</summary>
    [Range(0, MaxValue)]
    public int ConcurrentStreams { get; set; }

    /// <summary>The bucket's size: <see cref="Burst"/>, else twice the rate, so a client may catch up after a pause.</summary>
    public int EffectiveBurst => Burst > 0 ? Burst : 2 * RequestsPerSecond;
}

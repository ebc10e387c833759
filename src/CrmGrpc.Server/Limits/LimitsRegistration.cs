using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Limits;

/// <summary>Registers and places the per-caller limits (<see cref="LimitsOptions"/>).</summary>
public static class LimitsRegistration
{
    public static IServiceCollection AddCrmLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => o.Burst == 0 || o.Burst >= o.RequestsPerSecond,
                "Crm:Limits:Burst must be at least Crm:Limits:RequestsPerSecond (or 0 for twice the rate)")
            .ValidateOnStart();
        services.AddSingleton<CallerLimits>();
        return services;
    }

    /// <summary>Must come right after the authorization middleware: limits count the caller it found.</summary>
    public static IApplicationBuilder UseCrmLimits(this IApplicationBuilder app) => app.UseMiddleware<CallerLimitsMiddleware>();
}

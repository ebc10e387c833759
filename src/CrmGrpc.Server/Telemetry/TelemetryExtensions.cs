using System.ComponentModel.DataAnnotations;
using CrmGrpc.Data;
using CrmGrpc.Server.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CrmGrpc.Server.Telemetry;

/// <summary>How the console log is written (section <c>Crm:Logging</c>; <c>--log-format</c>).</summary>
public sealed class LogFormatOptions
{
    public const string SectionName = "Crm:Logging";

    public const string Simple = "simple";

    public const string Json = "json";

    /// <summary><c>simple</c> (the default: one readable line an entry) or <c>json</c> (one JSON object a line, scopes included).</summary>
    [AllowedValues(Simple, Json)]
    public string Format { get; set; } = Simple;
}

/// <summary>Metrics, traces and logs: OpenTelemetry's SDK with the Prometheus exporter, OTLP when asked, trace ids in the log.</summary>
public static class TelemetryExtensions
{
    /// <summary>The standard variable that names an OTLP collector; without it nothing is pushed anywhere.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Registers OpenTelemetry: our meters (<see cref="CrmMetrics.Name"/>, <see cref="StoreMetrics.MeterName"/>), ASP.NET
    /// Core's and the runtime's, exported for Prometheus (<see cref="MapCrmTelemetry"/>); when
    /// <see cref="OtlpEndpointVariable"/> is set, traces of every request (ASP.NET Core's server span, with gRPC's attributes)
    /// and of our own work, and OTLP export of traces, metrics and logs. The log gets the trace and span ids in its scopes and, with
    /// <c>Crm:Logging:Format=json</c>, the console writes JSON.
    /// </summary>
    public static WebApplicationBuilder AddCrmTelemetry(this WebApplicationBuilder builder)
    {
        var logFormat = builder.Configuration.GetSection(LogFormatOptions.SectionName).Get<LogFormatOptions>() ?? new LogFormatOptions();
        if (logFormat.Format is not (LogFormatOptions.Simple or LogFormatOptions.Json))
        {
            throw new StartupRefusedException(
                $"refusing to start: {LogFormatOptions.SectionName}:Format (--log-format) must be '{LogFormatOptions.Simple}' or '{LogFormatOptions.Json}', was '{logFormat.Format}'");
        }

        builder.Services.AddOptions<LogFormatOptions>().BindConfiguration(LogFormatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Logging.Configure(logging =>
            logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (logFormat.Format == LogFormatOptions.Json)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true; // the trace and span ids are a scope
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "crm-grpc"))
            .WithMetrics(metrics => metrics
                .AddMeter(CrmMetrics.Name, StoreMetrics.MeterName)
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            // Spans are recorded only when something receives them: ASP.NET Core still starts each request's activity
            // (its trace id is in the log either way), but filling and processing spans nobody reads costs every call.
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(CrmMetrics.Name)
                    .AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Prometheus' text format at <c>/metrics</c>, on the web endpoints only.</summary>
    public static WebApplication MapCrmTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint().WebOnly();
        return app;
    }
}

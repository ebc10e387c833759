using CrmGrpc.Data;
using CrmGrpc.Server.Application;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Import;
using CrmGrpc.Server.Interceptors;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Services;
using CrmGrpc.Server.Services.Metrics;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CrmGrpc.Server.Hosting;

/// <summary>Builds the host: used by Program.cs and, with other arguments, by the in-process tests.</summary>
public static class CrmServerApp
{
    /// <summary>Where the service listens when neither --urls nor configuration says: loopback, plain HTTP/2.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Short command-line switches onto their configuration keys.</summary>
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--db"] = $"{StoreOptions.SectionName}:DatabasePath",
        ["--currency"] = $"{CrmOptions.SectionName}:Currency",
    };

    public static WebApplication Build(string[] args) => Build(args, configure: null);

    /// <summary>The same, with <paramref name="configure"/> run on the builder last (the tests add a log capture).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure)
    {
        // appsettings.json is read from beside the binary whatever the working directory; relative paths
        // given by the caller (--db) still resolve against the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        builder.AddCrmStore();
        builder.AddCrmGrpc();
        configure?.Invoke(builder);
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (AnonymousAccess.Refusal(ListenUrls(builder.Configuration), auth) is { } reason)
        {
            throw new StartupRefusedException(reason);
        }

        var app = builder.Build();
        app.MapCrmGrpc();
        return app;
    }

    /// <summary>Every URL Kestrel will listen on: its configured endpoints and <c>urls</c> (the default when neither is set).</summary>
    internal static IReadOnlyList<string> ListenUrls(IConfiguration configuration)
    {
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls.Count == 0 ? [DefaultUrl] : urls;
    }

    /// <summary>Registers the gRPC layer: options, interceptors, services, health and reflection.</summary>
    public static WebApplicationBuilder AddCrmGrpc(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // gRPC without TLS needs HTTP/2 with prior knowledge (h2c) on every endpoint.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));

        builder.Services.AddOptions<CrmOptions>()
            .BindConfiguration(CrmOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => Domain.Validation.Currencies.IsIsoCode(o.Currency), "Crm:Currency must be an ISO-4217 code")
            .Validate(
                o => o.Churn.InactivityDays is >= 0 and <= Domain.Metrics.ChurnDefinition.MaxInactivityDays,
                $"Crm:Churn:InactivityDays must be between 0 and {Domain.Metrics.ChurnDefinition.MaxInactivityDays}")
            .ValidateOnStart();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<CallerAuthenticator>();
        builder.Services.AddAuthentication().AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((bearer, auth) =>
        {
            var jwt = auth.Value.Jwt;
            bearer.MapInboundClaims = false; // the role claim is read under the name configured, as the token has it
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKeys = [.. jwt.SigningKeys.Select(k => JwtSigningKeys.TryParse(k, out var key, out _) ? key : null).OfType<SecurityKey>()],
                RoleClaimType = jwt.RoleClaim,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
        });
        builder.Services.AddSingleton<FailedAttemptLog>();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Who may call what is decided before any of these, by RpcAuthorizationMiddleware (MapCrmGrpc).
        builder.Services.AddGrpc(grpc =>
        {
            // Outermost first: the logger sees the status the exception interceptor chose.
            grpc.Interceptors.Add<LoggingInterceptor>();
            grpc.Interceptors.Add<ExceptionInterceptor>();
            grpc.Interceptors.Add<TimestampRangeInterceptor>();
            // Innermost: heavy calls run on the heavy threads (bad timestamps were refused without taking a place), and
            // failures there still reach the exception interceptor.
            grpc.Interceptors.Add<HeavyWorkInterceptor>();
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<CrmOptions>>((grpc, crm) =>
        {
            grpc.MaxReceiveMessageSize = crm.Value.MaxMessageBytes;
            grpc.MaxSendMessageSize = crm.Value.MaxMessageBytes;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store");
        builder.Services.Configure<HealthCheckPublisherOptions>(publisher =>
        {
            publisher.Delay = TimeSpan.Zero;
            publisher.Period = TimeSpan.FromSeconds(2);
        });

        builder.Services.AddOptions<HeavyWorkOptions>().BindConfiguration(HeavyWorkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<HeavyWork>();
        builder.Services.AddSingleton<ImportRunner>();
        builder.Services.AddSingleton<ModelResolver>();
        builder.Services.AddSingleton<ModelFitter>();
        builder.Services.AddSingleton<CustomerMetricsContext>();
        builder.Services.AddSingleton<RequestChecks>();

        // Last, after every AddGrpc* call: a request message that does not parse is INVALID_ARGUMENT on every RPC.
        builder.Services.ReplaceGrpcBinderWithParseChecking();
        return builder;
    }

    public static WebApplication MapCrmGrpc(this WebApplication app)
    {
        // After routing (WebApplication routes first), before every gRPC endpoint: health, reflection and ours.
        app.UseMiddleware<RpcAuthorizationMiddleware>();
        app.MapGrpcService<CustomerGrpcService>();
        app.MapGrpcService<TransactionGrpcService>();
        app.MapGrpcService<EngagementGrpcService>();
        app.MapGrpcService<MetricsGrpcService>();
        app.MapGrpcService<ModelGrpcService>();
        app.MapGrpcService<UpliftGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}

using CrmGrpc.Data;
using CrmGrpc.Server.Application;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Import;
using CrmGrpc.Server.Interceptors;
using CrmGrpc.Server.Limits;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Services;
using CrmGrpc.Server.Services.Metrics;
using CrmGrpc.Server.Telemetry;
using CrmGrpc.Server.Web;
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
        ["--store"] = $"{StoreOptions.SectionName}:Provider",
        ["--pg"] = $"{StoreOptions.SectionName}:ConnectionString",
        ["--currency"] = $"{CrmOptions.SectionName}:Currency",
        ["--web-urls"] = $"{WebOptions.SectionName}:Urls",
        ["--log-format"] = $"{LogFormatOptions.SectionName}:Format",
    };

    public static WebApplication Build(string[] args) => Build(args, configure: null);

    /// <summary>The same, with <paramref name="configure"/> run on the builder last (the tests add a log capture).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure)
    {
        // appsettings.json is read from beside the binary whatever the working directory; relative paths
        // given by the caller (--db) still resolve against the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (AnonymousAccess.Refusal(ListenUrls(builder.Configuration), auth) is { } reason)
        {
            throw new StartupRefusedException(reason);
        }

        // A store that cannot open at start stops the host with a StoreStartException, which Program.cs prints as one line;
        // the host would first log it at Error with its stack ("Hosting failed to start"). Any other start failure still
        // reaches Program.cs whole.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.AddCrmEndpoints();
        builder.AddCrmStore();
        builder.AddCrmTelemetry();
        // Before AddCrmGrpc: AddGrpcSwagger calls AddGrpc, whose binder AddCrmGrpc replaces last.
        builder.AddCrmApiDocs();
        builder.AddCrmGrpc();
        configure?.Invoke(builder);

        var app = builder.Build();
        var endpoints = app.Services.GetRequiredService<ServerEndpoints>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServerEndpoints).FullName!);
        app.Lifetime.ApplicationStarted.Register(() => endpoints.LogAddresses(logger));
        app.UseMiddleware<EndpointSeparationMiddleware>();
        // gRPC-Web calls (on web connections only, by the separation above) become gRPC calls for everything after:
        // metrics, authorization and limits see their status and trailers as for gRPC.
        app.UseGrpcWeb();
        app.UseMiddleware<RpcMetricsMiddleware>();
        app.MapCrmGrpc();
        app.MapCrmTelemetry();
        app.MapCrmApiDocs();
        app.MapCrmDashboard();
        return app;
    }

    /// <summary>
    /// Every URL the server will listen on, for the secure-by-default check: <c>urls</c> and Kestrel's configured
    /// endpoints (the default when neither is set), and the web endpoints.
    /// </summary>
    internal static IReadOnlyList<string> ListenUrls(IConfiguration configuration)
    {
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange(ServerEndpoints.KestrelEndpointUrls(configuration));
        if (urls.Count == 0)
        {
            urls.Add(DefaultUrl);
        }

        urls.AddRange(ServerEndpoints.Plan(configuration).Where(u => u.Kind == EndpointKind.Web).Select(u => u.Url));
        return urls;
    }

    /// <summary>
    /// Binds the gRPC and web endpoints (<see cref="ServerEndpoints"/>), https ones with the default certificate
    /// (<see cref="TlsCertificate"/>), which is loaded now so a bad one refuses the start.
    /// </summary>
    public static WebApplicationBuilder AddCrmEndpoints(this WebApplicationBuilder builder)
    {
        var planned = ServerEndpoints.Plan(builder.Configuration);
        var certificate = TlsCertificate.LoadIfNeeded(
            [.. planned.Select(u => u.Url), .. ServerEndpoints.KestrelEndpointUrls(builder.Configuration)], builder.Configuration);
        var endpoints = new ServerEndpoints(planned, certificate);
        builder.Services.AddSingleton(endpoints);
        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Every URL is bound in code, so the host's address settings are unused: the ports the .NET container images set
        // (ASPNETCORE_HTTP_PORTS) are dropped so they are not reported as overridden. urls cannot be cleared (the host
        // keeps its own copy of the command line), so Kestrel still logs that it "overrides" them: it binds them here.
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Endpoints of Kestrel:Endpoints serve gRPC: without TLS that needs HTTP/2 with prior knowledge (h2c).
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            endpoints.Listen(kestrel);
        });
        return builder;
    }

    /// <summary>Registers the gRPC layer: options, interceptors, services, health and reflection.</summary>
    public static WebApplicationBuilder AddCrmGrpc(this WebApplicationBuilder builder)
    {
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
        builder.Services.AddCrmLimits();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Who may call what is decided before any of these, by RpcAuthorizationMiddleware (MapCrmGrpc).
        builder.Services.AddGrpc(grpc =>
        {
            // Outermost first: the logger sees the status the exception interceptor chose.
            grpc.Interceptors.Add<LoggingInterceptor>();
            grpc.Interceptors.Add<ExceptionInterceptor>();
            grpc.Interceptors.Add<RequestFieldsInterceptor>();
            // Heavy calls run on the heavy threads (bad timestamps were refused without taking a place), and failures there
            // still reach the exception interceptor.
            grpc.Interceptors.Add<HeavyWorkInterceptor>();
            // Innermost, on the heavy threads: the permission to read a replica is set in the call's own flow.
            grpc.Interceptors.Add<ReplicaReadsInterceptor>();
            grpc.EnableDetailedErrors = false;
        }).AddCrmJsonApi();
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
        builder.Services.AddHostedService<MetricsWarmUp>();
        builder.Services.AddSingleton<ImportRunner>();
        builder.Services.AddSingleton<ModelResolver>();
        builder.Services.AddSingleton<ModelGrids>();
        builder.Services.AddSingleton<ModelFitter>();
        builder.Services.AddSingleton<ModelImporter>();
        builder.Services.AddSingleton<CustomerMetricsContext>();
        builder.Services.AddSingleton<RequestChecks>();

        // Last, after every AddGrpc* call: a request message that does not parse is INVALID_ARGUMENT on every RPC.
        builder.Services.ReplaceGrpcBinderWithParseChecking();
        return builder;
    }

    public static WebApplication MapCrmGrpc(this WebApplication app)
    {
        // After routing (WebApplication routes first), before every gRPC endpoint: health, reflection and ours, called
        // over gRPC or, on a web connection, over gRPC-Web. Web routes (/metrics) are not RPCs and never come this way:
        // on a web connection only a gRPC method's endpoint does. Limits come after authorization: they count the
        // caller it found.
        app.UseWhen(IsRpc, grpc =>
        {
            grpc.UseMiddleware<RpcAuthorizationMiddleware>();
            grpc.UseCrmLimits();
            grpc.UseMiddleware<JsonQueryCheckMiddleware>();
        });
        app.MapGrpcService<CustomerGrpcService>().EnableGrpcWeb();
        app.MapGrpcService<TransactionGrpcService>().EnableGrpcWeb();
        app.MapGrpcService<EngagementGrpcService>().EnableGrpcWeb();
        app.MapGrpcService<MetricsGrpcService>().EnableGrpcWeb();
        app.MapGrpcService<ModelGrpcService>().EnableGrpcWeb();
        app.MapGrpcService<UpliftGrpcService>().EnableGrpcWeb();
        app.MapGrpcService<AdminGrpcService>().EnableGrpcWeb();
        app.MapGrpcHealthChecksService().EnableGrpcWeb();
        // Reflection is bidirectional streaming, which gRPC-Web cannot carry: gRPC only.
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>
    /// Whether the request is a call for authorization and limits: everything on a gRPC connection (an unknown method
    /// included), and on a web connection a call to a gRPC method.
    /// </summary>
    private static bool IsRpc(HttpContext context) =>
        !WebConnectionFeature.IsWeb(context) || context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
}

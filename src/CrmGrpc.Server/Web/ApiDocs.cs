using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Hosting;
using Microsoft.OpenApi;

namespace CrmGrpc.Server.Web;

/// <summary>
/// The JSON API described: its OpenAPI document at <see cref="DocumentPath"/> (Swashbuckle, with the transcoded routes
/// found by Microsoft.AspNetCore.Grpc.Swagger and the proto comments as descriptions) and Swagger UI at
/// <see cref="PagePath"/>, served from the package's embedded files (no CDN). Both on the web endpoints only. Swashbuckle
/// 11 reads the routes that Grpc.Swagger describes; its XML-comments filters are Swashbuckle 6's, hence
/// <see cref="ProtoCommentsOperationFilter"/>.
/// </summary>
public static class ApiDocs
{
    public const string DocumentName = "v1";

    public const string DocumentPath = "/openapi/" + DocumentName + ".json";

    public const string PagePath = "/docs";

    private const string ApiKeyScheme = "apiKey";

    /// <summary>The contract's XML documentation (its proto comments), beside the binary.</summary>
    private static readonly string ContractComments = Path.Combine(AppContext.BaseDirectory, "CrmGrpc.Contracts.xml");

    public static WebApplicationBuilder AddCrmApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "CrmGrpc JSON API",
                Version = DocumentName,
                Description = "gRPC JSON transcoding of the crm.v1 services (protos/crm/v1). Authenticate with the x-api-key "
                    + "header (or a bearer token) when the server has keys. Errors are {code, message, details}: the gRPC status, "
                    + "with a google.rpc.BadRequest naming each bad field.",
            });
            // Swagger UI's "Authorize" sends the key on every call it tries out.
            swagger.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = CallerAuthenticator.ApiKeyHeader,
                Description = "An API key (Crm:Auth:ApiKeys); not needed when the server has no keys configured.",
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] });
            // The proto comments: on messages and fields (Swashbuckle's own reader), on each RPC (ours).
            swagger.IncludeXmlComments(ContractComments);
            swagger.OperationFilter<ProtoCommentsOperationFilter>(ContractComments);
        });
        return builder;
    }

    public static WebApplication MapCrmApiDocs(this WebApplication app)
    {
        app.MapSwagger("/openapi/{documentName}.json").WebOnly();
        // Swagger UI is middleware, not an endpoint: kept off the gRPC endpoints by the connection it came in on.
        app.UseWhen(WebConnectionFeature.IsWeb, web => web.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = PagePath.TrimStart('/');
            ui.SwaggerEndpoint(DocumentPath, "CrmGrpc JSON API " + DocumentName);
            ui.DocumentTitle = "CrmGrpc JSON API";
        }));
        return app;
    }
}

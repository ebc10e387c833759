using System.Xml.Linq;
using Grpc.AspNetCore.Server;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CrmGrpc.Server.Web;

/// <summary>
/// Each JSON route's summary and description from its RPC's proto comment, which the generated service base carries as
/// XML documentation. (Microsoft.AspNetCore.Grpc.Swagger's own filter for this is built against an older Swashbuckle
/// and fails to load with this one.)
/// </summary>
public sealed class ProtoCommentsOperationFilter : IOperationFilter
{
    private readonly Dictionary<string, string> _methodSummaries;

    /// <param name="xmlDocumentation">The contract's XML documentation file.</param>
    public ProtoCommentsOperationFilter(string xmlDocumentation) =>
        _methodSummaries = XDocument.Load(xmlDocumentation).Descendants("member")
            .Select(member => (Name: (string?)member.Attribute("name") ?? "", Summary: member.Element("summary")?.Value))
            .Where(member => member.Name.StartsWith("M:", StringComparison.Ordinal) && member.Name.Contains('(', StringComparison.Ordinal)
                && !string.IsNullOrWhiteSpace(member.Summary))
            .GroupBy(member => member.Name[..member.Name.IndexOf('(', StringComparison.Ordinal)], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => Tidy(group.First().Summary!), StringComparer.Ordinal);

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        // The service class derives from the generated base, whose method is the one documented.
        var grpc = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<GrpcMethodMetadata>().FirstOrDefault();
        if (grpc?.ServiceType.BaseType?.FullName is not { } serviceBase
            || !_methodSummaries.TryGetValue($"M:{serviceBase.Replace('+', '.')}.{grpc.Method.Name}", out var comment))
        {
            return;
        }

        var lines = comment.Split('\n');
        operation.Summary = lines[0];
        operation.Description = comment;
    }

    /// <summary>The comment's lines without the XML file's indentation.</summary>
    private static string Tidy(string summary) =>
        string.Join('\n', summary.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
}

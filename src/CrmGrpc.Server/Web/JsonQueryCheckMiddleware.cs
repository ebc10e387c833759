using System.Text;
using System.Text.Json;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Server.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Primitives;

namespace CrmGrpc.Server.Web;

/// <summary>
/// Checks a JSON route's query parameters before the transcoding binds them, so bad input is INVALID_ARGUMENT with a
/// google.rpc.BadRequest naming the field, as everywhere else: the transcoding itself answers a value it cannot read
/// with a message that names no field, and drops a parameter that names no field. Each parameter must name a field of
/// the request (by its proto or JSON name, dotted for nested ones) and its values must read as that field's proto3 JSON
/// (Google.Protobuf's parser reads them). Runs after authorization and limits: a stranger learns nothing from it.
/// </summary>
public sealed class JsonQueryCheckMiddleware(RequestDelegate next)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public Task InvokeAsync(HttpContext context)
    {
        // With body "*" every field comes from the body, and the transcoding reads no query parameter.
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { } route
            && route.HttpRule.Body != "*"
            && context.Request.Query.Count > 0
            && Violations(route.MethodDescriptor.InputType, context.Request.Query) is { Count: > 0 } violations)
        {
            var refusal = Statuses.ToRpcException(new InvalidArgumentException(violations)).GetRpcStatus()
                ?? new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = "invalid query parameters" };
            return RefusedCall.WriteAsync(context, refusal);
        }

        return next(context);
    }

    internal static List<FieldViolation> Violations(MessageDescriptor request, IQueryCollection query)
    {
        var violations = new List<FieldViolation>();
        foreach (var (key, values) in query)
        {
            if (Resolve(request, key) is not { } path)
            {
                violations.Add(new FieldViolation(key, $"is not a field of {request.FullName} that a query parameter can set"));
                continue;
            }

            var field = path[^1];
            try
            {
                Parser.Parse(Nest(path, LeafJson(field, values)), request);
            }
            catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                violations.Add(new FieldViolation(
                    string.Join('.', path.Select(f => f.Name)),
                    $"{Echo.Quote(values.ToString())} is not a valid {TypeName(field)}"));
            }
        }

        return violations;
    }

    /// <summary>The fields a dotted parameter name walks through, by proto or JSON name; null when it names no settable field.</summary>
    private static List<FieldDescriptor>? Resolve(MessageDescriptor message, string name)
    {
        var path = new List<FieldDescriptor>();
        var current = message;
        var segments = name.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var field = current?.Fields.InDeclarationOrder().FirstOrDefault(f => f.Name == segments[i] || f.JsonName == segments[i]);
            if (field is null)
            {
                return null;
            }

            path.Add(field);
            var isMessage = field.FieldType == FieldType.Message;
            if (i == segments.Length - 1)
            {
                // A message is set through its fields, but for the types whose JSON is a string (timestamps, masks).
                return !field.IsMap && (!isMessage || IsStringValued(field.MessageType)) ? path : null;
            }

            if (!isMessage || field.IsRepeated)
            {
                return null;
            }

            current = field.MessageType;
        }

        return null;
    }

    private static bool IsStringValued(MessageDescriptor type) =>
        type.FullName is "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.FieldMask";

    /// <summary>The values as the field's JSON: numbers and names as strings (proto3 JSON reads both), bools and enum numbers bare.</summary>
    private static string LeafJson(FieldDescriptor field, StringValues values)
    {
        string One(string? value) => field.FieldType switch
        {
            FieldType.Bool when value is "true" or "false" => value,
            FieldType.Enum when int.TryParse(value, out _) => value!,
            _ => JsonSerializer.Serialize(value ?? ""),
        };

        return field.IsRepeated ? "[" + string.Join(',', values.Select(One)) + "]" : One(values.Count == 1 ? values[0] : values.ToString());
    }

    private static string Nest(List<FieldDescriptor> path, string leaf)
    {
        var json = new StringBuilder(leaf);
        for (var i = path.Count - 1; i >= 0; i--)
        {
            json.Insert(0, "{" + JsonSerializer.Serialize(path[i].JsonName) + ":").Append('}');
        }

        return json.ToString();
    }

    private static string TypeName(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message => field.MessageType.Name,
        FieldType.Enum => field.EnumType.Name,
        _ => field.FieldType.ToString().ToLowerInvariant(),
    };
}

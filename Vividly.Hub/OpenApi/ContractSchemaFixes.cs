using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vividly.Hub.OpenApi;

/// <summary>
/// Says in the schema what the contract's JSON writes, where the schema generator cannot see it:
/// numbers are written as numbers (the web defaults also read them from strings, so the generator
/// allows "integer or string"), times through the contract's own converter are strings, a
/// <c>JsonObject</c> holds any properties, and a nullable property (a <c>JsonObject?</c>, a
/// <c>DateTimeOffset?</c>) may be null, unless it is left out when null: then null is not added
/// (a message it refers to stays an object).
/// </summary>
internal sealed class ContractSchemaFixes : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } both && both.HasFlag(JsonSchemaType.String) &&
            (both.HasFlag(JsonSchemaType.Integer) || both.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = both & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(DateTimeOffset)) schema.Type ??= JsonSchemaType.String;
        if (type == typeof(JsonObject)) schema.AdditionalProperties ??= new OpenApiSchema();

        if (context.JsonPropertyInfo is { IsGetNullable: true } property && !OmittedWhenNull(property) &&
            schema.Type is { } written && !written.HasFlag(JsonSchemaType.Null))
            schema.Type = written | JsonSchemaType.Null;
        return Task.CompletedTask;
    }

    private static bool OmittedWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().Any(ignore => ignore.Condition == JsonIgnoreCondition.WhenWritingNull) == true;
}

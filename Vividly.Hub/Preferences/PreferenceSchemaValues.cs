using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vividly.Hub.Preferences;

/// <summary>
/// Lists in the OpenAPI document the values the preferences' text fields take, which the model
/// keeps as strings (they are read by hand, to name a bad one), so generated clients get them as unions.
/// </summary>
internal sealed class PreferenceSchemaValues : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not { } property) return Task.CompletedTask;
        var values = (property.DeclaringType.Name, property.Name) switch
        {
            (nameof(ChannelPreferences), "email_cadence") or (nameof(EffectiveCadence), "value") => EmailCadences.All,
            (nameof(EffectiveChannel) or nameof(EffectiveCadence), "source") => PreferenceSources.Values,
            _ => null,
        };
        if (values is null) return Task.CompletedTask;
        schema.Enum = [.. values.Select(value => (JsonNode)JsonValue.Create(value))];
        // A value that may be null must list null too, or a strict validator refuses it.
        if (schema.Type?.HasFlag(JsonSchemaType.Null) == true) schema.Enum.Add(null!);
        return Task.CompletedTask;
    }
}

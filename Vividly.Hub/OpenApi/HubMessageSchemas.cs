using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Vividly.Hub.Client.Contract;
using ConnectionInfo = Vividly.Hub.Client.Contract.ConnectionInfo;

namespace Vividly.Hub.OpenApi;

/// <summary>
/// Adds the messages the SignalR hub sends and answers, and the plain stream's event data, to the
/// document's components: no REST endpoint returns them, yet clients need their shapes as much
/// as the REST ones.
/// </summary>
internal sealed class HubMessageSchemas : IOpenApiDocumentTransformer
{
    private static readonly Type[] Messages =
    [
        typeof(Notification), typeof(NotificationState), typeof(ConnectionInfo), typeof(InboxChange), typeof(ResumeRequest), typeof(ResumePage),
        typeof(PublishRequest), typeof(PublishResult),
        typeof(StreamEstablished), typeof(StreamHeartbeat), typeof(StreamReconnect), typeof(RemovedHistory),
    ];

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // The options the document's schemas come from: the contract's, applied to the HTTP JSON options.
        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        foreach (var type in Messages)
        {
            // A REST endpoint's answer may have brought it already.
            if (document.Components?.Schemas?.ContainsKey(type.Name) == true) continue;
            var schema = await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken);
            ReferToOtherMessages(schema, type, document, json);
            document.AddComponent(type.Name, schema);
        }
    }

    /// <summary>A schema made here has the messages it holds inlined; the document names them once instead.</summary>
    private static void ReferToOtherMessages(IOpenApiSchema schema, Type type, OpenApiDocument document, JsonSerializerOptions json)
    {
        foreach (var property in json.GetTypeInfo(type).Properties)
        {
            if (schema.Properties is null || !schema.Properties.TryGetValue(property.Name, out var inline)) continue;
            if (Messages.Contains(property.PropertyType))
                schema.Properties[property.Name] = new OpenApiSchemaReference(property.PropertyType.Name, document);
            else if (inline is OpenApiSchema list && json.GetTypeInfo(property.PropertyType).ElementType is { } element && Messages.Contains(element))
                list.Items = new OpenApiSchemaReference(element.Name, document);
        }
    }
}

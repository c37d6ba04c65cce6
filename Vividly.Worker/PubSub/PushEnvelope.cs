using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vividly.Worker.PubSub;

/// <summary>A Pub/Sub push delivery: <c>{ message: { data, message_id | messageId, attributes }, subscription }</c>.</summary>
public sealed record PushEnvelope(PushMessage? Message, string? Subscription);

public sealed record PushMessage(
    string? Data,
    string? MessageId,
    [property: JsonPropertyName("messageId")] string? PubSubMessageId,
    IReadOnlyDictionary<string, string>? Attributes)
{
    public string? Id => MessageId ?? PubSubMessageId;
}

/// <summary>What the Vividly backend asks for: the decoded <c>data</c> of a push.</summary>
public sealed record ContentRequest(string RequestId, string StudentId, string Topic)
{
    /// <summary>Decodes and checks a push message's data; answers why not when it is unusable.</summary>
    public static ContentRequest? TryDecode(PushMessage? message, JsonSerializerOptions json, out string error)
    {
        error = "";
        if (string.IsNullOrEmpty(message?.Data))
        {
            error = "message.data is required.";
            return null;
        }
        ContentRequestData? data;
        try
        {
            data = JsonSerializer.Deserialize<ContentRequestData>(Convert.FromBase64String(message.Data), json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            error = "message.data must be base64 of a JSON content request.";
            return null;
        }
        if (string.IsNullOrWhiteSpace(data?.RequestId) || string.IsNullOrWhiteSpace(data.StudentId))
        {
            error = "The content request needs request_id and student_id.";
            return null;
        }
        if (data.RequestId.Length > 100 || data.StudentId.Length > 128)
        {
            error = "request_id or student_id is too long.";
            return null;
        }
        return new ContentRequest(data.RequestId, data.StudentId, string.IsNullOrWhiteSpace(data.Topic) ? "your topic" : data.Topic);
    }

    private sealed record ContentRequestData(string? RequestId, string? StudentId, string? Topic);
}

using System.Text.Json;

namespace Vividly.Worker.Tests;

/// <summary>Pub/Sub push bodies and message data as the Vividly backend sends them.</summary>
public static class PushBodies
{
    public static string Data(object request) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(request));

    public static string Envelope(string data, string idField = "message_id") =>
        $$$"""{"message":{"data":"{{{data}}}","{{{idField}}}":"m-1","attributes":{}},"subscription":"projects/p/subscriptions/content"}""";

    public static string Envelope(string requestId, string studentId, string topic) =>
        Envelope(Data(new { request_id = requestId, student_id = studentId, topic }));
}

using System.Net.Http.Json;
using System.Text.Json;
using Vividly.Hub.Push;
using Vividly.Hub.Tests.Functional;

namespace Vividly.Hub.Tests.Push;

/// <summary>A hub with Web Push configured (a fresh VAPID pair) and loopback http endpoints allowed.</summary>
internal static class PushHub
{
    public const string Subject = "mailto:ops@vividly.example";

    public const string AppUrl = "https://app.vividly.example";

    public static HubFactory Configured((string Public, string Private) keys) => new HubFactory()
        .With("VAPID_PUBLIC_KEY", keys.Public)
        .With("VAPID_PRIVATE_KEY", keys.Private)
        .With("VAPID_SUBJECT", Subject)
        .With("APP_URL", AppUrl)
        .With("PUSH_ALLOW_LOOPBACK_HTTP", "true");

    public static object Subscription(string endpoint, string p256dh, string auth) =>
        new Dictionary<string, object?> { ["endpoint"] = endpoint, ["expirationTime"] = null, ["keys"] = new { p256dh, auth } };

    public static Task<HttpResponseMessage> SubscribeAsync(HttpClient http, object subscription) =>
        http.PostAsJsonAsync(PushApi.Path + "/subscriptions", subscription);

    /// <summary>The fields a 400 names.</summary>
    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. problem.RootElement.GetProperty("errors").EnumerateObject().Select(field => field.Name)];
    }
}

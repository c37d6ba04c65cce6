using System.Text.Json.Serialization;

namespace Vividly.Hub.Push;

/// <summary>The key a browser passes as <c>applicationServerKey</c> to <c>pushManager.subscribe</c>.</summary>
public sealed record VapidPublicKeyAnswer(string PublicKey);

/// <summary>A browser's <c>PushSubscription.toJSON()</c>, as sent (its own camelCase names).</summary>
public sealed record PushSubscriptionRequest(
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("expirationTime")] long? ExpirationTime,
    [property: JsonPropertyName("keys")] PushSubscriptionKeys Keys);

/// <summary>The subscription's keys, base64url: <c>p256dh</c> the browser's P-256 public key (65 bytes), <c>auth</c> its secret (16 bytes).</summary>
public sealed record PushSubscriptionKeys(
    [property: JsonPropertyName("p256dh")] string P256dh,
    [property: JsonPropertyName("auth")] string Auth);

public sealed record PushUnsubscribeRequest([property: JsonPropertyName("endpoint")] string Endpoint);

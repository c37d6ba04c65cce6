using System.Buffers.Text;
using System.Net;
using System.Text.Json;

namespace Vividly.Hub.Push;

/// <summary>
/// Reads a browser's <c>PushSubscription.toJSON()</c> (<c>{ endpoint, expirationTime, keys: { p256dh, auth } }</c>),
/// naming each field that is wrong.
/// </summary>
public static class PushSubscriptionReader
{
    /// <summary>Browsers' endpoints are a few hundred characters; this bounds what a row may hold.</summary>
    public const int MaxEndpointLength = 2048;

    public const int MaxUserAgentLength = 512;

    public const int AuthBytes = 16;

    public static NewPushSubscription? ReadValid(JsonElement body, string? userAgent, bool allowLoopbackHttp, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body must be a PushSubscription object: { endpoint, expirationTime, keys: { p256dh, auth } }."];
            return null;
        }

        var endpoint = body.TryGetProperty("endpoint", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : null;
        if (EndpointError(endpoint, allowLoopbackHttp) is { } endpointError) errors["endpoint"] = [endpointError];

        DateTimeOffset? expirationTime = null;
        if (body.TryGetProperty("expirationTime", out var expires) && expires.ValueKind != JsonValueKind.Null)
        {
            if (expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var milliseconds) && milliseconds is >= 0 and <= 253402300799999)
                expirationTime = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            else
                errors["expirationTime"] = ["expirationTime is null or milliseconds since the Unix epoch."];
        }

        string? p256dh = null, auth = null;
        if (!body.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Object)
        {
            errors["keys"] = ["keys must be an object with p256dh and auth."];
        }
        else
        {
            p256dh = Key(keys, "p256dh", errors, bytes => P256Point.IsValid(bytes),
                $"keys.p256dh must be the browser's P-256 public key: an uncompressed point on the curve, {P256Point.Bytes} bytes, base64url.");
            auth = Key(keys, "auth", errors, bytes => bytes.Length == AuthBytes, $"keys.auth must be the {AuthBytes}-byte authentication secret, base64url.");
        }

        if (errors.Count > 0) return null;
        var agent = string.IsNullOrWhiteSpace(userAgent) ? null : userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent;
        return new NewPushSubscription(endpoint!, expirationTime, p256dh!, auth!, agent);
    }

    /// <summary>Why <paramref name="endpoint"/> cannot be sent to, or null when it can.</summary>
    public static string? EndpointError(string? endpoint, bool allowLoopbackHttp)
    {
        if (string.IsNullOrEmpty(endpoint)) return "endpoint is required: the push service URL the browser gave.";
        if (endpoint.Length > MaxEndpointLength) return $"endpoint is at most {MaxEndpointLength} characters.";
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)) return "endpoint must be an absolute URL.";
        if (uri.Scheme == Uri.UriSchemeHttps) return null;
        // A push service on loopback, for development and tests only: nothing else is sent in the clear.
        if (allowLoopbackHttp && uri.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address)) return null;
        return "endpoint must be an https URL.";
    }

    private static string? Key(JsonElement keys, string name, Dictionary<string, string[]> errors, Func<byte[], bool> valid, string rule)
    {
        if (keys.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            try
            {
                // Stored as the browser sent it, less any padding: base64url is how it is sent again.
                var bytes = Base64Url.DecodeFromChars(text);
                if (valid(bytes)) return Base64Url.EncodeToString(bytes);
            }
            catch (FormatException)
            {
            }
        }
        errors[$"keys.{name}"] = [rule];
        return null;
    }
}

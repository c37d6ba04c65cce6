using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Vividly.Hub.Push;

/// <summary>
/// Hands one encrypted message to a subscription's push service (RFC 8030 section 5), once:
/// retrying, and when, is for the caller, which the result tells what happened.
/// </summary>
public sealed partial class PushSender(HttpClient http, VapidToken vapid, TimeProvider timeProvider, ILogger<PushSender> logger)
{
    /// <summary>Enough of a refusal's body to say why, without reading whatever a service sends.</summary>
    private const int MaxErrorChars = 512;

    public async Task<PushResult> SendAsync(PushTarget target, PushMessage message, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(target.Endpoint);
        byte[] body;
        try
        {
            body = WebPushEncryption.Encrypt(message.Payload.ToUtf8Json(), Base64Url.DecodeFromChars(target.P256dh), Base64Url.DecodeFromChars(target.Auth));
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return new PushResult.Failed(null, $"The subscription's keys are unusable: {ex.Message}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.TryAddWithoutValidation("Authorization", vapid.AuthorizationFor(endpoint));
        request.Headers.Add("TTL", ((long)message.Ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Urgency", message.Urgency);
        if (message.Topic is { } topic) request.Headers.Add("Topic", topic);

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var result = response.StatusCode switch
            {
                HttpStatusCode.Created or HttpStatusCode.Accepted => new PushResult.Delivered(),
                HttpStatusCode.NotFound or HttpStatusCode.Gone => new PushResult.Gone(response.StatusCode),
                HttpStatusCode.TooManyRequests => new PushResult.RateLimited(RetryAfter(response)),
                _ => (PushResult)new PushResult.Failed(response.StatusCode, await ErrorOfAsync(response, cancellationToken)),
            };
            Note(endpoint, result);
            return result;
        }
        catch (HttpRequestException ex)
        {
            Log.Unreachable(logger, endpoint.Host, ex.Message);
            return new PushResult.Failed(null, ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.Unreachable(logger, endpoint.Host, "no answer in time");
            return new PushResult.Failed(null, $"The push service did not answer within {http.Timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Retry-After as seconds or as a date (RFC 9110 section 10.2.3); a date already past is no wait.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - timeProvider.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (text.Length > MaxErrorChars) text = text[..MaxErrorChars];
        var reason = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        return string.IsNullOrWhiteSpace(text) ? reason : $"{reason}: {text}";
    }

    private void Note(Uri endpoint, PushResult result)
    {
        switch (result)
        {
            case PushResult.Gone gone:
                Log.Gone(logger, endpoint.Host, (int)gone.Status);
                break;
            case PushResult.RateLimited limited:
                Log.RateLimited(logger, endpoint.Host, limited.RetryAfter);
                break;
            case PushResult.Failed failed:
                Log.Refused(logger, endpoint.Host, failed.Error);
                break;
        }
    }

    // The endpoint's path is the subscription's capability: only its host is logged.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Push service {Host} says the subscription is gone ({Status})")]
        public static partial void Gone(ILogger logger, string host, int status);

        [LoggerMessage(2, LogLevel.Information, "Push service {Host} is rate limiting; retry after {RetryAfter}")]
        public static partial void RateLimited(ILogger logger, string host, TimeSpan? retryAfter);

        [LoggerMessage(3, LogLevel.Warning, "Push service {Host} refused a message: {Error}")]
        public static partial void Refused(ILogger logger, string host, string error);

        [LoggerMessage(4, LogLevel.Warning, "Push service {Host} could not be reached: {Error}")]
        public static partial void Unreachable(ILogger logger, string host, string error);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>Publishes over HTTP, as the Vividly backend does.</summary>
public sealed class HttpPublisher : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private int _retries;
    private int _unavailable;

    public HttpPublisher() =>
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Publisher());

    public static PublishRequest Request(string userId, string title, string? key = null) =>
        new(userId, NotificationTypes.SystemAnnouncement, title, "message", null, new JsonObject { ["n"] = title }, key);

    public async Task<PublishResult> PublishAsync(Uri hub, PublishRequest request)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(hub, "/api/v1/notifications/publish"), request, ContractJson.Options);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PublishResult>(ContractJson.Options))!;
    }

    /// <summary>
    /// Publishes until the hub accepts, as a backend would through an instance failure: the same
    /// idempotency key each time, so a retry of a publish that was stored stores nothing new. A
    /// 503 is retried after its <c>Retry-After</c> (at most <see cref="MaxRetryAfter"/>); a failed
    /// request, any other error status or an attempt unanswered after <paramref name="attemptTimeout"/>
    /// is retried after 100 ms. <paramref name="attempted"/> hears every attempt.
    /// </summary>
    public async Task<PublishResult> PublishUntilAcceptedAsync(Uri hub, PublishRequest request, TimeSpan deadline,
        Action<PublishAttempt>? attempted = null, TimeSpan? attemptTimeout = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var at = System.Diagnostics.Stopwatch.GetTimestamp();
            using var timeout = new CancellationTokenSource(attemptTimeout ?? Timeout.InfiniteTimeSpan);
            TimeSpan retryIn;
            try
            {
                using var response = await _http.PostAsJsonAsync(new Uri(hub, "/api/v1/notifications/publish"), request, ContractJson.Options, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    var result = (await response.Content.ReadFromJsonAsync<PublishResult>(ContractJson.Options, timeout.Token))!;
                    attempted?.Invoke(await PublishAttempt.OfAsync(at, response));
                    return result;
                }
                attempted?.Invoke(await PublishAttempt.OfAsync(at, response));
                if (started.Elapsed >= deadline)
                    throw new HttpRequestException($"publish still answered {(int)response.StatusCode} after {deadline.TotalSeconds} s", null, response.StatusCode);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _unavailable);
                    retryIn = RetryAfter(response) ?? TimeSpan.FromMilliseconds(100);
                }
                else
                {
                    retryIn = TimeSpan.FromMilliseconds(100);
                }
            }
            catch (Exception ex) when (started.Elapsed < deadline
                && (ex is HttpRequestException || (ex is OperationCanceledException && timeout.IsCancellationRequested)))
            {
                attempted?.Invoke(PublishAttempt.Unanswered(at, ex));
                retryIn = TimeSpan.FromMilliseconds(100);
            }
            Interlocked.Increment(ref _retries);
            await Task.Delay(retryIn);
        }
    }

    /// <summary>The longest <c>Retry-After</c> honoured: a backend would not wait longer between tries.</summary>
    public static TimeSpan MaxRetryAfter { get; } = TimeSpan.FromSeconds(2);

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    /// <summary>How many publishes were answered 503 and retried.</summary>
    public int Unavailable => Volatile.Read(ref _unavailable);

    /// <summary>How many publishes had to be repeated.</summary>
    public int Retries => Volatile.Read(ref _retries);

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// One publish request and how it was answered: when it was sent (a <see cref="System.Diagnostics.Stopwatch"/>
/// timestamp), how long the answer took, its status (null when none came), whether it carried
/// <c>Retry-After</c> and a problem-details body.
/// </summary>
public sealed record PublishAttempt(long At, TimeSpan Took, int? Status, bool HasRetryAfter, bool IsProblem, string? Error)
{
    public static async Task<PublishAttempt> OfAsync(long at, HttpResponseMessage response)
    {
        var isProblem = false;
        if (!response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            try
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                isProblem = body is JsonObject problem && (problem["status"] is not null || problem["title"] is not null);
            }
            catch (System.Text.Json.JsonException)
            {
                isProblem = false;
            }
        }
        return new PublishAttempt(at, System.Diagnostics.Stopwatch.GetElapsedTime(at), (int)response.StatusCode, response.Headers.RetryAfter is not null, isProblem, null);
    }

    public static PublishAttempt Unanswered(long at, Exception error) =>
        new(at, System.Diagnostics.Stopwatch.GetElapsedTime(at), null, false, false, error.GetType().Name);
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Client.Publishing;

/// <summary>
/// One attempt at <c>POST /api/v1/notifications/publish/batch</c>: the per-request results of a
/// 202, or <see cref="PublishBatchRefusedException"/> for any other answer. Retrying is the
/// pipeline's; <see cref="WithKeys"/> is what makes it safe.
/// </summary>
internal sealed class PublishBatchSender(HttpClient http, Func<CancellationToken, ValueTask<string>> accessToken) : IDisposable
{
    public static PublishBatchSender Create(NotificationHubClientOptions options)
    {
        var handler = options.HttpMessageHandlerFactory is { } factory ? factory(new SocketsHttpHandler()) : new SocketsHttpHandler();
        // Each attempt is bounded by the publish pipeline's own timeout.
        var http = new HttpClient(handler) { BaseAddress = options.HubUrl, Timeout = Timeout.InfiniteTimeSpan };
        return new PublishBatchSender(http, options.AccessTokenProvider!);
    }

    /// <summary>
    /// Every request with an idempotency key: its own, or a new one. A batch answered 503 may have
    /// been stored in part, and one lost on the way may have been stored whole; sent again with the
    /// same keys, what was stored is answered as a duplicate instead of stored twice.
    /// </summary>
    public static IReadOnlyList<PublishRequest> WithKeys(IReadOnlyList<PublishRequest> requests) =>
        [.. requests.Select(request => request.IdempotencyKey is null ? request with { IdempotencyKey = $"batch:{Guid.NewGuid():N}" } : request)];

    public async ValueTask<PublishBatchResult> SendAsync(IReadOnlyList<PublishRequest> requests, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Routes.PublishBatch)
        {
            Content = JsonContent.Create(new PublishBatchRequest(requests), options: ContractJson.Options),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await accessToken(cancellationToken));
        using var response = await http.SendAsync(message, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var result = await response.Content.ReadFromJsonAsync<PublishBatchResult>(ContractJson.Options, cancellationToken);
            return result is { } answered && answered.Results.Count == requests.Count
                ? answered
                : throw new HttpRequestException($"The hub answered a batch of {requests.Count} with {result?.Results.Count ?? 0} results.");
        }
        throw new PublishBatchRefusedException((int)response.StatusCode, await DetailAsync(response, cancellationToken), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>Pairs each request with its result.</summary>
    public static IReadOnlyList<PublishBatchOutcome> Outcomes(IReadOnlyList<PublishRequest> requests, PublishBatchResult result) =>
        [.. requests.Zip(result.Results, Outcome)];

    public void Dispose() => http.Dispose();

    private static PublishBatchOutcome Outcome(PublishRequest request, PublishBatchItem item) => item switch
    {
        { Error: { } error } => new PublishBatchOutcome.Failed(request, error.Status, error.Title, error.Detail,
            error.Errors ?? new Dictionary<string, string[]>(), error.Retryable, error.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null),
        { Id: { } id, Seq: { } seq } => new PublishBatchOutcome.Stored(request, id, seq, item.Duplicate ?? false),
        _ => throw new HttpRequestException("The hub answered a batch request with neither a result nor an error."),
    };

    /// <summary>The problem's detail (or title, or errors), else the status's name.</summary>
    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            if (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) is { } problem)
            {
                var text = problem["detail"]?.GetValue<string>() ?? problem["title"]?.GetValue<string>();
                if (problem["errors"] is JsonObject errors) text = $"{text} {errors.ToJsonString()}".Trim();
                if (!string.IsNullOrEmpty(text)) return text;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            // Not a problem-details body: the status says enough.
        }
        return response.ReasonPhrase ?? response.StatusCode.ToString();
    }
}

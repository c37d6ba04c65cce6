using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>One answer (or none) of a health endpoint: when asked, how long it took, and what it said.</summary>
public sealed record HealthAnswer(int Hub, string Path, long At, TimeSpan Took, int? Status, string? Reported, bool? RedisConnected);

/// <summary>One negotiate of a new connection: when, how long, and its status (null when none came).</summary>
public sealed record NegotiateAnswer(int Hub, string UserId, long At, TimeSpan Took, int? Status);

/// <summary>
/// Asks every hub's <c>/health/ready</c> and <c>/api/v1/notifications/health</c> on a fixed beat,
/// as Cloud Run and a dashboard would, each request on its own so one that hangs hides none of the
/// next; keeps every answer, and records one left unanswered after <see cref="Patience"/> as such.
/// </summary>
public sealed class HealthPoller : IAsyncDisposable
{
    public const string Ready = Routes.Ready;
    public const string Service = Routes.Health;
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentQueue<HealthAnswer> _answers = new();
    private readonly PeriodicAsks _asks;

    public HealthPoller(IReadOnlyList<Uri> hubs, TimeSpan interval) =>
        _asks = new PeriodicAsks(interval, _ => Round(hubs));

    public IReadOnlyList<HealthAnswer> Answers => [.. _answers];

    private async Task AskAsync(int hub, Uri url, string path)
    {
        var at = Stopwatch.GetTimestamp();
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            using var response = await _http.GetAsync(url, patience.Token);
            var body = await response.Content.ReadAsStringAsync(patience.Token);
            var took = Stopwatch.GetElapsedTime(at);
            string? reported = null;
            bool? redis = null;
            try
            {
                if (JsonNode.Parse(body) is JsonObject json)
                {
                    reported = json["status"]?.ToString();
                    redis = json["redis_connected"]?.GetValue<bool>();
                }
            }
            catch (JsonException)
            {
                reported = "(not JSON)";
            }
            _answers.Enqueue(new HealthAnswer(hub, path, at, took, (int)response.StatusCode, reported, redis));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            _answers.Enqueue(new HealthAnswer(hub, path, at, Stopwatch.GetElapsedTime(at), null, ex.GetType().Name, null));
        }
    }

    private IEnumerable<Task> Round(IReadOnlyList<Uri> hubs)
    {
        for (var hub = 0; hub < hubs.Count; hub++)
            foreach (var path in new[] { Ready, Service })
                yield return AskAsync(hub, new Uri(hubs[hub], path), path);
    }

    /// <summary>Asks nothing more and waits for the questions under way (each at most <see cref="Patience"/>).</summary>
    public Task StopAsync() => _asks.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _asks.DisposeAsync();
        _http.Dispose();
    }
}

/// <summary>
/// A new user opening a connection every interval, on each hub in turn: negotiate only, as the
/// stock clients begin, so a test sees whether a newcomer is admitted or refused in time.
/// </summary>
public sealed class NegotiateProber : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly ConcurrentQueue<NegotiateAnswer> _answers = new();
    private readonly PeriodicAsks _asks;

    public NegotiateProber(IReadOnlyList<Uri> hubs, string label, TimeSpan interval) =>
        _asks = new PeriodicAsks(interval, next => [AskAsync(next % hubs.Count, hubs[next % hubs.Count], $"{label}-newcomer-{next}")]);

    public IReadOnlyList<NegotiateAnswer> Answers => [.. _answers];

    private async Task AskAsync(int hub, Uri url, string user)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Student(user));
        using var patience = new CancellationTokenSource(Patience);
        var at = Stopwatch.GetTimestamp();
        try
        {
            var (status, _) = await RawSse.NegotiateAsync(http, url, patience.Token);
            _answers.Enqueue(new NegotiateAnswer(hub, user, at, Stopwatch.GetElapsedTime(at), (int)status));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException)
        {
            _answers.Enqueue(new NegotiateAnswer(hub, user, at, Stopwatch.GetElapsedTime(at), null));
        }
    }

    public Task StopAsync() => _asks.StopAsync();

    public ValueTask DisposeAsync() => _asks.DisposeAsync();
}

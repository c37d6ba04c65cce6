using System.Collections.Concurrent;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// Publishes at a fixed rate whatever the hub does, as a busy backend would: one notification
/// every interval, to each user in turn, each publish retried under its own idempotency key until
/// accepted (see <see cref="HttpPublisher.PublishUntilAcceptedAsync"/>) without holding up the
/// next one. Every attempt is kept with its latency and status, so a test can judge the ones
/// sent during a fault.
/// </summary>
public sealed class RatePublisher : IAsyncDisposable
{
    private readonly ConcurrentQueue<PublishAttempt> _attempts = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly Dictionary<string, int> _published = [];
    private readonly List<Task> _publishes = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _accepted;

    /// <param name="attemptTimeout">An attempt unanswered this long is given up on and retried (and recorded unanswered).</param>
    /// <param name="deadline">How long one publish is retried before it counts as failed.</param>
    public RatePublisher(HttpPublisher publisher, Uri hub, IReadOnlyList<string> userIds, TimeSpan interval, TimeSpan attemptTimeout, TimeSpan deadline)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            var next = 0;
            do
            {
                var user = userIds[next++ % userIds.Count];
                int number;
                lock (_lock) number = _published[user] = _published.GetValueOrDefault(user) + 1;
                var key = $"{user}:{number}";
                var publish = Task.Run(async () =>
                {
                    try
                    {
                        await publisher.PublishUntilAcceptedAsync(hub, HttpPublisher.Request(user, $"n{number}", key), deadline, _attempts.Enqueue, attemptTimeout);
                        Interlocked.Increment(ref _accepted);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                    {
                        _failures.Enqueue($"{key}: {ex.GetType().Name} {ex.Message}");
                    }
                });
                lock (_lock) _publishes.Add(publish);
            }
            while (await NextTickAsync(timer));
        });
    }

    private async Task<bool> NextTickAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Publishes accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Every attempt so far, in the order answered.</summary>
    public IReadOnlyList<PublishAttempt> Attempts => [.. _attempts];

    /// <summary>Publishes given up on past their deadline.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];

    /// <summary>
    /// Publishes nothing new and waits for every publish under way to be accepted or given up on;
    /// answers how many were published to each user: fresh users hold seqs 1 to that number.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Task[] publishes;
        lock (_lock) publishes = [.. _publishes];
        await Task.WhenAll(publishes);
        lock (_lock) return new Dictionary<string, int>(_published);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

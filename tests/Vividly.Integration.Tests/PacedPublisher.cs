using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// Publishes one notification to each user every interval until stopped, so the publishes span
/// whatever the test does meanwhile (a close, a reconnect, an instance going away). Fresh users
/// thus hold seqs 1 to <see cref="StopAsync"/>'s answer.
/// </summary>
public sealed class PacedPublisher : IAsyncDisposable
{
    private static readonly TimeSpan PublishDeadline = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _rounds;

    public PacedPublisher(HttpPublisher publisher, Uri hub, IReadOnlyList<string> userIds, TimeSpan interval)
    {
        var users = userIds.Distinct().ToList();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var round = _rounds + 1;
                // Retried under the same key through an instance going away: stored once.
                await Task.WhenAll(users.Select(user => publisher.PublishUntilAcceptedAsync(hub,
                    HttpPublisher.Request(user, $"r{round}", $"{user}:{round}"), PublishDeadline)));
                Volatile.Write(ref _rounds, round);
                try
                {
                    await Task.Delay(interval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stopped between rounds.
                }
            }
        });
    }

    /// <summary>Rounds published so far: each user's newest seq.</summary>
    public int Rounds => Volatile.Read(ref _rounds);

    /// <summary>Stops after the round under way; answers how many rounds were published.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return _rounds;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Vividly.Hub.Client.Tests;

/// <summary>A fake clock that tells when code under test starts waiting on it, so a test advances it only then.</summary>
public sealed class ObservedTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer created that <paramref name="matches"/>.</summary>
    public async Task<TimeSpan> NextTimerAsync(Func<TimeSpan, bool>? matches = null)
    {
        while (true)
        {
            var dueTime = await _timers.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask()
                .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            if (matches?.Invoke(dueTime) ?? true) return dueTime;
        }
    }
}

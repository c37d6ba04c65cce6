using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Shared;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Unit;

public sealed class GuardedInboxStoreTests
{
    /// <summary>Only a safety net against a broken guard; the guard itself runs on fake time.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly HangingStore _store = new();
    private readonly StoreAvailability _availability = new(NullLogger<StoreAvailability>.Instance);
    private readonly ServiceMetrics _metrics = TestMeters.Metrics();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private GuardedInboxStore Guard(int maxPending = 1000) =>
        new(_store, _availability, _metrics, Options.Create(new StoreGuardOptions { TimeoutMs = 2000, MaxPending = maxPending }), _time);

    private static NewNotification Note() => new("user-1", NotificationTypes.GenerationCompleted, "t", "m", "normal", null, "key-1");

    [Fact]
    public async Task A_hanging_store_is_answered_unavailable_at_the_bound_though_it_ignores_cancellation()
    {
        var guard = Guard();
        var publish = guard.AppendAsync(Note(), Cancel);

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(publish.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => publish.WaitAsync(Hang, Cancel));
        Assert.Equal(StoreFailure.TimedOut, refused.Failure);
        Assert.Equal(2, refused.RetryAfterSeconds);
        Assert.Contains("2000 ms", refused.Message, StringComparison.Ordinal);
        Assert.False(_availability.IsAvailable);
        Assert.Equal(1, _metrics.Snapshot().StoreFailures);
    }

    [Fact]
    public async Task Past_the_pending_bound_the_excess_is_refused_at_once_and_abandoned_operations_still_count()
    {
        var guard = Guard(maxPending: 2);
        var first = guard.ListAsync("u", new InboxQuery(null, null, 10), Cancel);
        var second = guard.GetStateAsync("u", Cancel);

        var third = guard.AppendAsync(Note(), Cancel);
        Assert.True(third.IsCompleted, "the excess must not wait");
        Assert.Equal(StoreFailure.Refused, (await Assert.ThrowsAsync<StoreUnavailableException>(() => third)).Failure);
        Assert.Equal(2, _store.Started);

        // The callers are answered at the bound, but the store still holds both operations.
        _time.Advance(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => first.WaitAsync(Hang, Cancel));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => second.WaitAsync(Hang, Cancel));
        Assert.Equal(2, _metrics.Snapshot().StorePending);
        var fourth = guard.AppendAsync(Note(), Cancel);
        Assert.Equal(StoreFailure.Refused, (await Assert.ThrowsAsync<StoreUnavailableException>(() => fourth)).Failure);

        _store.Thaw();
        await Eventually(() => _metrics.Snapshot().StorePending == 0);
        // What the monitor does once its ping is answered.
        _availability.MarkAvailable();
        var stored = await guard.AppendAsync(Note(), Cancel).WaitAsync(Hang, Cancel);
        Assert.Equal(1, stored.Seq);
    }

    [Fact]
    public async Task A_broken_connection_is_answered_unavailable_and_marks_the_store_so()
    {
        _store.Failure = new NpgsqlException("Exception while reading from stream", new SocketException((int)SocketError.ConnectionReset));
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => Guard().ReadAfterAsync("u", 0, 10, Cancel));
        Assert.Equal(StoreFailure.Unreachable, refused.Failure);
        Assert.IsType<NpgsqlException>(refused.InnerException);
        Assert.False(_availability.IsAvailable);
    }

    [Fact]
    public async Task Other_failures_and_the_callers_own_cancellation_pass_through_unchanged()
    {
        _store.Failure = new InvalidOperationException("a bug, not an outage");
        await Assert.ThrowsAsync<InvalidOperationException>(() => Guard().MarkAllReadAsync("u", Cancel));
        Assert.True(_availability.IsAvailable);

        _store.Failure = null;
        using var caller = new CancellationTokenSource();
        var read = Guard().ListAsync("u", new InboxQuery(null, null, 10), caller.Token);
        await caller.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Hang, Cancel));
        Assert.True(_availability.IsAvailable);
    }

    [Fact]
    public async Task While_the_store_is_known_not_to_answer_nothing_is_started_and_the_caller_is_answered_at_once()
    {
        _availability.MarkUnavailable("a ping went unanswered");

        var publish = Guard().AppendAsync(Note(), Cancel);

        Assert.True(publish.IsCompleted, "nothing waits on a store known not to answer");
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => publish);
        Assert.Equal(StoreFailure.Refused, refused.Failure);
        Assert.Equal(2, refused.RetryAfterSeconds);
        Assert.Equal(0, _store.Started);
    }

    private static Task Eventually(Func<bool> condition) =>
        Testing.Eventually.AssertAsync(condition, Hang, "the store let go of every operation");
}

using System.Collections.Concurrent;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Live;

namespace Vividly.Hub.Tests.Unit;

public sealed class ConnectionOutboxTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Nothing_is_written_before_start_then_everything_in_order()
    {
        var outbox = new ConnectionOutbox(8);
        var client = new RecordingClient();
        Assert.True(outbox.TryEnqueue(Message("1")));
        Assert.True(outbox.TryEnqueue(Message("2")));
        Assert.Empty(client.Written);

        outbox.Start(client, "c", Unexpected);
        Assert.True(outbox.TryEnqueue(Message("3")));

        await client.WaitForAsync(3);
        Assert.Equal(["1", "2", "3"], client.Written);
        Assert.Equal(0, outbox.Count);
    }

    [Fact]
    public async Task An_outbox_that_has_gone_idle_writes_the_next_message_too()
    {
        var outbox = new ConnectionOutbox(8);
        var client = new RecordingClient();
        outbox.Start(client, "c", Unexpected);

        Assert.True(outbox.TryEnqueue(Message("1")));
        await client.WaitForAsync(1);
        Assert.True(outbox.TryEnqueue(Message("2")));
        await client.WaitForAsync(2);

        Assert.Equal(["1", "2"], client.Written);
    }

    [Fact]
    public async Task While_the_connection_cannot_take_more_the_outbox_holds_at_most_its_capacity()
    {
        var outbox = new ConnectionOutbox(2);
        var client = new RecordingClient { Stuck = new TaskCompletionSource() };
        outbox.Start(client, "c", Unexpected);

        Assert.True(outbox.TryEnqueue(Message("1")));
        await client.WaitForAsync(1);
        Assert.True(outbox.TryEnqueue(Message("2")));
        Assert.True(outbox.TryEnqueue(Message("3")));
        Assert.False(outbox.TryEnqueue(Message("4")));
        Assert.Equal(2, outbox.Count);

        client.Stuck.SetResult();
        await client.WaitForAsync(3);
        Assert.Equal(["1", "2", "3"], client.Written);
    }

    [Fact]
    public async Task A_failed_write_is_reported_and_the_next_message_still_goes_out()
    {
        var outbox = new ConnectionOutbox(8);
        var client = new RecordingClient { FailOn = "1" };
        var failures = new ConcurrentQueue<string>();
        outbox.Start(client, "c", (connectionId, _) => failures.Enqueue(connectionId));

        Assert.True(outbox.TryEnqueue(Message("1")));
        Assert.True(outbox.TryEnqueue(Message("2")));

        await client.WaitForAsync(2);
        Assert.Equal(["c"], failures);
    }

    [Fact]
    public void Once_the_connection_has_ended_what_waits_and_what_follows_is_dropped()
    {
        var outbox = new ConnectionOutbox(1);
        var client = new RecordingClient();
        Assert.True(outbox.TryEnqueue(Message("1")));

        outbox.Complete();
        outbox.Start(client, "c", Unexpected);

        // Accepted, not refused: a full outbox would close a connection that is already gone.
        Assert.True(outbox.TryEnqueue(Message("2")));
        Assert.True(outbox.TryEnqueue(Message("3")));
        Assert.Equal(0, outbox.Count);
        Assert.Empty(client.Written);
    }

    private static LiveEvent Message(string reason) => new("u", ResumeRequest: new ResumeRequest(reason));

    private static void Unexpected(string connectionId, Exception ex) => throw new InvalidOperationException($"write to {connectionId} failed", ex);

    /// <summary>Records what is written; can hold writes up, as a full transport does, or fail one.</summary>
    private sealed class RecordingClient : INotificationClient
    {
        private readonly ConcurrentQueue<string> _written = new();
        private readonly SemaphoreSlim _each = new(0);

        public TaskCompletionSource? Stuck { get; init; }

        public string? FailOn { get; init; }

        public IReadOnlyList<string> Written => [.. _written];

        public async Task WaitForAsync(int count)
        {
            while (_written.Count < count) Assert.True(await _each.WaitAsync(Wait), $"{count} writes within {Wait}");
        }

        public Task ResumeRequested(ResumeRequest request)
        {
            _written.Enqueue(request.Reason);
            _each.Release();
            if (request.Reason == FailOn) throw new InvalidOperationException("the transport is gone");
            return Stuck?.Task ?? Task.CompletedTask;
        }

        public Task ConnectionEstablished(ConnectionInfo info) => throw new NotSupportedException();

        public Task Notification(Notification notification) => throw new NotSupportedException();

        public Task InboxChanged(InboxChange change) => throw new NotSupportedException();
    }
}

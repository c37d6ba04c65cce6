using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Inbox;

public sealed class GroupCommitWriterTests
{
    /// <summary>Only a safety net: every wait here ends as soon as the writer does its part.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    private readonly List<int> _commits = [];
    private readonly TaskCompletionSource _firstCommitStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstCommitMayEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static NewNotification New(string title) =>
        new("a", NotificationTypes.SystemAnnouncement, title, "m", NotificationPriorities.Normal, null, null);

    /// <summary>A commit that holds the first transaction open until released, and fails any batch holding "poison".</summary>
    private async Task<IReadOnlyList<AppendResult>> CommitAsync(IReadOnlyList<NewNotification> batch)
    {
        lock (_commits) _commits.Add(batch.Count);
        if (_firstCommitStarted.TrySetResult()) await _firstCommitMayEnd.Task;
        if (batch.Any(n => n.Title == "poison")) throw new InvalidOperationException("constraint failed");
        return [.. batch.Select(n => new AppendResult(n.Title, 0, null))];
    }

    private GroupCommitWriter Started(int maxPending, Func<Exception, bool>? isolate = null)
    {
        var writer = new GroupCommitWriter(CommitAsync, Guard(maxPending), "the test writer", isolate);
        writer.Start();
        return writer;
    }

    private static StoreGuardOptions Guard(int maxPending) => new() { MaxPending = maxPending, TimeoutMs = 2000 };

    private static Task<AppendResult> Append(GroupCommitWriter writer, string title) => writer.AppendAsync(New(title), CancellationToken.None);

    [Fact]
    public async Task Appends_waiting_while_a_commit_runs_go_together_into_the_next_up_to_the_limit()
    {
        await using var writer = Started(maxPending: 1000);
        var first = Append(writer, "first");
        await _firstCommitStarted.Task.WaitAsync(Hang);
        var waiting = Enumerable.Range(0, GroupCommitWriter.MaxPerCommit + 10).Select(i => Append(writer, $"n{i}")).ToList();
        _firstCommitMayEnd.SetResult();

        var stored = await Task.WhenAll(waiting).WaitAsync(Hang);
        Assert.Equal("first", (await first).Id);
        Assert.Equal(waiting.Count, stored.Length);
        Assert.Equal("n3", stored[3].Id);
        Assert.Equal([1, GroupCommitWriter.MaxPerCommit, 10], _commits);
    }

    [Fact]
    public async Task A_failing_append_fails_alone()
    {
        await using var writer = Started(maxPending: 10);
        _ = Append(writer, "first");
        await _firstCommitStarted.Task.WaitAsync(Hang);
        var before = Append(writer, "before");
        var poison = Append(writer, "poison");
        var after = Append(writer, "after");
        _firstCommitMayEnd.SetResult();

        Assert.Equal("before", (await before.WaitAsync(Hang)).Id);
        Assert.Equal("after", (await after.WaitAsync(Hang)).Id);
        await Assert.ThrowsAsync<InvalidOperationException>(() => poison.WaitAsync(Hang));
        Assert.Equal([1, 3, 1, 1, 1], _commits);
    }

    [Fact]
    public async Task A_group_whose_error_is_not_isolated_fails_whole_without_retries()
    {
        await using var writer = Started(maxPending: 10, isolate: static error => error is not InvalidOperationException);
        _ = Append(writer, "first");
        await _firstCommitStarted.Task.WaitAsync(Hang);
        var neighbour = Append(writer, "neighbour");
        var poison = Append(writer, "poison");
        _firstCommitMayEnd.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => neighbour.WaitAsync(Hang));
        await Assert.ThrowsAsync<InvalidOperationException>(() => poison.WaitAsync(Hang));
        Assert.Equal([1, 2], _commits);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once()
    {
        await using var writer = Started(maxPending: 2);
        _ = Append(writer, "first");
        await _firstCommitStarted.Task.WaitAsync(Hang);
        var queued = new[] { Append(writer, "a"), Append(writer, "b") };

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => Append(writer, "c"));
        Assert.Equal(StoreFailure.Refused, refused.Failure);
        Assert.Contains("2 appends are already waiting for the test writer", refused.Message, StringComparison.Ordinal);
        _firstCommitMayEnd.SetResult();
        await Task.WhenAll(queued).WaitAsync(Hang);
        Assert.Equal("d", (await Append(writer, "d").WaitAsync(Hang)).Id);
    }

    [Fact]
    public async Task Disposing_stores_what_was_queued_and_closes_the_queue()
    {
        var writer = Started(maxPending: 10);
        _ = Append(writer, "first");
        await _firstCommitStarted.Task.WaitAsync(Hang);
        var queued = Enumerable.Range(0, 5).Select(i => Append(writer, $"n{i}")).ToList();

        var disposing = writer.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => Append(writer, "late"));
        _firstCommitMayEnd.SetResult();
        await disposing.WaitAsync(Hang);
        Assert.All(queued, stored => Assert.True(stored.IsCompletedSuccessfully));
    }

    [Fact]
    public async Task Nothing_is_queued_before_the_store_starts_the_writer()
    {
        await using var writer = new GroupCommitWriter(CommitAsync, Guard(10), "the test writer");
        Assert.Throws<InvalidOperationException>(() => { _ = writer.AppendAsync(New("early"), CancellationToken.None); });
    }
}

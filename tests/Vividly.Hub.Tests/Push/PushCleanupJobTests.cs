using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Inbox;
using Vividly.Hub.Push;

namespace Vividly.Hub.Tests.Push;

public sealed class PushCleanupJobTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));

    private PushCleanupJob Job(IPushSubscriptionStore store, int inactiveDays) => new(store, Options.Create(new PushOptions { InactiveDays = inactiveDays }),
        Options.Create(new RetentionOptions { IntervalMinutes = 30 }), _time, NullLogger<PushCleanupJob>.Instance);

    [Fact]
    public async Task A_run_removes_what_has_been_inactive_for_the_configured_days_at_retentions_interval()
    {
        var store = new CutoffStore();
        var job = Job(store, 45);

        await job.RunAsync(CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(30), job.Interval);
        Assert.Equal([_time.GetUtcNow().AddDays(-45)], store.Cutoffs);
    }

    [Fact]
    public async Task Zero_days_turns_it_off()
    {
        var store = new CutoffStore();

        await Job(store, 0).RunAsync(CancellationToken.None);

        Assert.Empty(store.Cutoffs);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3651)]
    public void Days_out_of_range_fail_start(int days) =>
        Assert.Contains("PUSH_INACTIVE_DAYS", new PushOptionsValidator().Validate(null, new PushOptions { InactiveDays = days }).FailureMessage);

    /// <summary>Records the cutoffs it is asked to remove by; the removal itself is the store contract's.</summary>
    private sealed class CutoffStore : IPushSubscriptionStore
    {
        public List<DateTimeOffset> Cutoffs { get; } = [];

        public Task<int> RemoveInactiveAsync(DateTimeOffset inactiveBefore, CancellationToken cancellationToken)
        {
            Cutoffs.Add(inactiveBefore);
            return Task.FromResult(3);
        }

        public Task<bool> UpsertAsync(string userId, NewPushSubscription subscription, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string userId, string endpoint, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<StoredPushSubscription>> ListAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RemoveGoneAsync(string endpoint, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RecordSuccessAsync(string endpoint, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RecordFailureAsync(string endpoint, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

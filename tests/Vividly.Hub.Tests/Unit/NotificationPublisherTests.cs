using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Live;
using Vividly.Hub.Notifications;
using Vividly.Hub.Redis;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Tests.Unit;

public sealed class NotificationPublisherTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_append_of_a_batch_starts_at_once_in_order()
    {
        var store = new ManualStore();
        var publishing = Publisher(store).PublishAllAsync([New("ann", "a1"), New("bob", "b1"), New("ann", "a2")], Cancel);

        Assert.Equal(["a1", "b1", "a2"], store.StartedTitles);
        store.CompleteAll();
        Assert.Equal([1L, 1L, 2L], (await publishing).Select(outcome => outcome.Result!.Seq));
    }

    [Fact]
    public async Task An_append_the_store_cannot_take_fails_alone_and_the_rest_are_answered()
    {
        var store = new ManualStore();
        var publishing = Publisher(store).PublishAllAsync([New("ann", "a1"), New("ann", "a2"), New("ann", "a3")], Cancel);

        store.Complete("a1");
        store.Fail("a2");
        store.Complete("a3");

        var outcomes = await publishing;
        Assert.Equal([1L, null, 2L], outcomes.Select(outcome => outcome.Result?.Seq));
        Assert.Equal(StoreFailure.TimedOut, outcomes[1].Unavailable!.Failure);
    }

    [Fact]
    public async Task Notifications_go_to_the_outbox_only_where_a_channel_is_configured()
    {
        var without = new ManualStore();
        var publishing = Publisher(without).PublishAllAsync([New("ann", "a1")], Cancel);
        without.CompleteAll();
        await publishing;

        var with = new ManualStore();
        publishing = Publisher(with, [new NoSender()]).PublishAllAsync([New("ann", "a1")], Cancel);
        with.CompleteAll();
        await publishing;

        Assert.False(Assert.Single(without.Started).Routed);
        Assert.True(Assert.Single(with.Started).Routed);
    }

    private static NotificationPublisher Publisher(IInboxStore store, IEnumerable<IChannelSender>? channels = null)
    {
        var metrics = TestMeters.Metrics();
        var redis = new RedisConnection(Options.Create(new RedisOptions()), NullLogger<RedisConnection>.Instance);
        var delivery = new LiveDelivery(new ConnectionRegistry(), redis, Options.Create(new LiveOptions()),
            new InstanceIdentity(Options.Create(new InstanceOptions())), metrics, NullLogger<LiveDelivery>.Instance);
        return new NotificationPublisher(store, delivery, metrics, channels ?? [], NullLogger<NotificationPublisher>.Instance);
    }

    private static NewNotification New(string user, string title) =>
        new(user, NotificationTypes.SystemAnnouncement, title, "m", NotificationPriorities.Normal, null, null);

    private sealed class NoSender : IChannelSender
    {
        public string Channel => "email";

        public Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Nothing is sent in these tests.");
    }

    /// <summary>Appends wait until the test answers them, each given the user's next seq then.</summary>
    private sealed class ManualStore : IInboxStore
    {
        private readonly Lock _lock = new();
        private readonly List<(NewNotification Notification, TaskCompletionSource<AppendResult> Answer)> _started = [];
        private readonly Dictionary<string, long> _seqs = [];

        public IReadOnlyList<NewNotification> Started
        {
            get
            {
                lock (_lock) return [.. _started.Select(s => s.Notification)];
            }
        }

        public IReadOnlyList<string> StartedTitles
        {
            get
            {
                lock (_lock) return [.. _started.Select(s => s.Notification.Title)];
            }
        }

        public Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken)
        {
            var answer = new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock) _started.Add((notification, answer));
            return answer.Task;
        }

        public void Complete(string title)
        {
            var (notification, answer) = Find(title);
            var seq = _seqs[notification.UserId] = _seqs.GetValueOrDefault(notification.UserId) + 1;
            answer.SetResult(new AppendResult($"id-{title}", seq, new Notification($"id-{title}", seq, notification.UserId, notification.Type,
                notification.Title, notification.Message, notification.Priority, null, DateTimeOffset.UnixEpoch, null, null, null, null)));
        }

        public void CompleteAll()
        {
            foreach (var title in StartedTitles) Complete(title);
        }

        public void Fail(string title) =>
            Find(title).Answer.SetException(new StoreUnavailableException(StoreFailure.TimedOut, "The inbox store did not answer.", 1));

        private (NewNotification Notification, TaskCompletionSource<AppendResult> Answer) Find(string title)
        {
            lock (_lock) return _started.Single(s => s.Notification.Title == title);
        }

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<Notification>> ReadAfterAsync(string userId, long afterSeq, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<InboxState> GetStateAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<InboxPage> ListAsync(string userId, InboxQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>> MarkAllReadAsync(string userId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>> MarkUnreadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>> ArchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>> UnarchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>> ArchiveReadAsync(string userId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>> SnoozeAsync(string userId, IReadOnlyCollection<string> ids, DateTimeOffset until, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>> UnsnoozeAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>> MarkSeenAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<NotificationState>?> MarkRequestReadAsync(string userId, string contentRequestId, bool archive, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<int> ClearAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> RemoveExpiredAsync(DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> ExistsAsync(string userId, string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> PingAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

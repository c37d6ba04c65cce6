using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Preferences;
using Vividly.Hub.Shared;
using Vividly.Hub.Tests.Unit;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Tests.Channels;

/// <summary>The outbox, routing, sending, retries and claims on every engine, with fake channels and a fake clock.</summary>
public abstract class DispatcherContract : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    protected static IOptions<RetentionOptions> Retention { get; } = Options.Create(new RetentionOptions());

    protected static IOptions<StoreGuardOptions> Guard { get; } = Options.Create(new StoreGuardOptions());

    private static readonly DispatcherOptions Settings = new() { MaxAttempts = 3, BackoffBaseMs = 2000, BackoffMaxSeconds = 60, LeaseSeconds = 30 };

    private IInboxStore _inbox = null!;
    private IInboxDatabase _database = null!;

    protected DeliveryStore Store { get; private set; } = null!;

    protected FakeChannel Email { get; } = new(NotificationChannels.Email);

    protected FakeChannel Push { get; } = new(NotificationChannels.Push, reachable: false);

    protected abstract Task<(IInboxStore Inbox, IInboxDatabase Database)> OpenAsync();

    protected abstract ValueTask CloseAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_inbox, _database) = await OpenAsync();
        await _inbox.InitializeAsync(CancellationToken.None);
        Store = new DeliveryStore(_database, Time);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)_inbox).DisposeAsync();
        await CloseAsync();
    }

    /// <summary>A dispatcher of its own (its own lease holder); jitter at its lowest, so delays are half the exponential.</summary>
    private DeliveryDispatcher Dispatcher(FakeChannel? email = null, FakeChannel? push = null, IMeterFactory? meters = null)
    {
        email ??= Email;
        push ??= Push;
        return new DeliveryDispatcher(Store, new PreferencesStore(_database, Time), [email, push], [email, push], Options.Create(Settings),
            new InstanceIdentity(Options.Create(new InstanceOptions())), new DeliveryMetrics(meters ?? new TestMeters()), Time,
            NullLogger<DeliveryDispatcher>.Instance, random: () => 0);
    }

    private Task<AppendResult> PublishAsync(string user, string priority = NotificationPriorities.Normal, string? key = null) =>
        _inbox.AppendAsync(new NewNotification(user, NotificationTypes.GenerationCompleted, "t", "m", priority, null, key), Cancel);

    private Task<long> CountAsync(string sql) =>
        _database.ReadAsync(async connection => Convert.ToInt64(await ScalarAsync(Command(connection, null, sql), Cancel), CultureInfo.InvariantCulture), Cancel);

    private async Task<DeliveryView> DeliveryAsync(string notificationId, string channel) =>
        (await Store.ListAsync(notificationId, null, Cancel))!.Single(d => d.Channel == channel);

    [Fact]
    public async Task A_publish_stores_one_outbox_row_per_new_notification_and_a_repeated_key_none()
    {
        await PublishAsync("a", key: "k1");
        await PublishAsync("a", key: "k1");
        await PublishAsync("b");

        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task Routing_records_each_channel_and_removes_the_outbox_row()
    {
        var normal = await PublishAsync("a");
        var low = await PublishAsync("a", NotificationPriorities.Low);

        Assert.Equal(2, await Dispatcher().RouteAsync(Cancel));

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM outbox"));
        var email = await DeliveryAsync(normal.Id, NotificationChannels.Email);
        Assert.Equal((DeliveryStatuses.Pending, null, 0), (email.Status, email.Reason, email.Attempts));
        Assert.Equal(Time.GetUtcNow(), email.DueAt);
        var push = await DeliveryAsync(normal.Id, NotificationChannels.Push);
        Assert.Equal((DeliveryStatuses.Skipped, DeliveryReasons.NoSubscription), (push.Status, push.Reason));
        var digest = await DeliveryAsync(low.Id, NotificationChannels.Email);
        Assert.Equal((DeliveryStatuses.Digest, EmailCadences.Hourly), (digest.Status, digest.Reason));
        var lowPush = await DeliveryAsync(low.Id, NotificationChannels.Push);
        Assert.Equal((DeliveryStatuses.Skipped, SkipReasons.LowPriorityNotPushed), (lowPush.Status, lowPush.Reason));
    }

    [Fact]
    public async Task Quiet_hours_hold_a_delivery_until_they_end_and_it_is_sent_then()
    {
        await new PreferencesStore(_database, Time).PutAsync("a",
            UserPreferences.Default with { QuietHours = new QuietHours(true, "11:00", "13:00", "UTC") }, Cancel);
        var stored = await PublishAsync("a", NotificationPriorities.High);
        var dispatcher = Dispatcher();

        await dispatcher.RunOnceAsync(Cancel);
        var held = await DeliveryAsync(stored.Id, NotificationChannels.Email);
        Assert.Equal((DeliveryStatuses.Held, new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero)), (held.Status, held.DueAt));
        Assert.Empty(Email.Sent);

        Time.Advance(TimeSpan.FromMinutes(59));
        await dispatcher.RunOnceAsync(Cancel);
        Assert.Empty(Email.Sent);

        Time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.RunOnceAsync(Cancel);
        Assert.Equal(DeliveryStatuses.Sent, (await DeliveryAsync(stored.Id, NotificationChannels.Email)).Status);
    }

    [Fact]
    public async Task A_sent_delivery_carries_its_id_to_the_sender_and_records_the_send()
    {
        var stored = await PublishAsync("a");

        await Dispatcher().RunOnceAsync(Cancel);

        var message = Assert.Single(Email.Sent);
        var row = await DeliveryAsync(stored.Id, NotificationChannels.Email);
        Assert.Equal((row.Id, stored.Id, 1), (message.DeliveryId, message.Notification.Id, message.Attempt));
        Assert.Equal((DeliveryStatuses.Sent, 1, Time.GetUtcNow()), (row.Status, row.Attempts, row.SentAt));
        Assert.Empty(Push.Sent);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_with_doubling_backoff_then_fails_at_the_attempt_cap()
    {
        var stored = await PublishAsync("a");
        for (var i = 0; i < 3; i++) Email.Script.Enqueue(new SendOutcome.RetryLater($"421 busy {i}", null));
        var dispatcher = Dispatcher();

        await dispatcher.RunOnceAsync(Cancel);
        var first = await DeliveryAsync(stored.Id, NotificationChannels.Email);
        // Attempt 1: half of the 2 s base (lowest jitter).
        Assert.Equal((DeliveryStatuses.Pending, 1, "421 busy 0", Time.GetUtcNow().AddSeconds(1)), (first.Status, first.Attempts, first.LastError, first.DueAt));

        Time.Advance(TimeSpan.FromMilliseconds(999));
        await dispatcher.RunOnceAsync(Cancel);
        Assert.Single(Email.Sent);

        Time.Advance(TimeSpan.FromMilliseconds(1));
        await dispatcher.RunOnceAsync(Cancel);
        var second = await DeliveryAsync(stored.Id, NotificationChannels.Email);
        Assert.Equal((2, Time.GetUtcNow().AddSeconds(2)), (second.Attempts, second.DueAt));

        Time.Advance(TimeSpan.FromSeconds(2));
        await dispatcher.RunOnceAsync(Cancel);
        var last = await DeliveryAsync(stored.Id, NotificationChannels.Email);
        Assert.Equal((DeliveryStatuses.Failed, 3, "421 busy 2", null), (last.Status, last.Attempts, last.LastError, last.DueAt));

        Time.Advance(TimeSpan.FromHours(1));
        await dispatcher.RunOnceAsync(Cancel);
        Assert.Equal(3, Email.Sent.Count);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_backoff_is_honoured()
    {
        var stored = await PublishAsync("a");
        Email.Script.Enqueue(new SendOutcome.RetryLater("429", TimeSpan.FromSeconds(30)));

        await Dispatcher().RunOnceAsync(Cancel);

        Assert.Equal(Time.GetUtcNow().AddSeconds(30), (await DeliveryAsync(stored.Id, NotificationChannels.Email)).DueAt);
    }

    [Fact]
    public async Task Failed_and_unreachable_are_final()
    {
        var failed = await PublishAsync("a");
        var unreachable = await PublishAsync("b");
        Email.Script.Enqueue(new SendOutcome.Failed("550 no such user"));
        Email.Script.Enqueue(new SendOutcome.Unreachable("suppressed"));
        var dispatcher = Dispatcher();

        await dispatcher.RunOnceAsync(Cancel);
        Time.Advance(TimeSpan.FromDays(1));
        await dispatcher.RunOnceAsync(Cancel);

        Assert.Equal(2, Email.Sent.Count);
        var one = await DeliveryAsync(failed.Id, NotificationChannels.Email);
        Assert.Equal((DeliveryStatuses.Failed, "550 no such user"), (one.Status, one.LastError));
        var two = await DeliveryAsync(unreachable.Id, NotificationChannels.Email);
        Assert.Equal((DeliveryStatuses.Skipped, DeliveryReasons.Unreachable, "suppressed"), (two.Status, two.Reason, two.LastError));
    }

    [Fact]
    public async Task A_send_whose_holder_died_is_taken_again_once_its_lease_lapses()
    {
        var stored = await PublishAsync("a");
        var dispatcher = Dispatcher();
        await dispatcher.RouteAsync(Cancel);
        var taken = Assert.Single(await Store.ClaimSendsAsync("dead-instance", Settings.Lease, 10, Cancel));

        await dispatcher.RunOnceAsync(Cancel);
        Assert.Empty(Email.Sent);

        Time.Advance(Settings.Lease);
        await dispatcher.RunOnceAsync(Cancel);
        var message = Assert.Single(Email.Sent);
        Assert.Equal((taken.DeliveryId, 2), (message.DeliveryId, message.Attempt));
        Assert.Equal(DeliveryStatuses.Sent, (await DeliveryAsync(stored.Id, NotificationChannels.Email)).Status);
        // The dead holder's late answer changes nothing.
        Assert.False(await Store.CompleteAsync("dead-instance", taken.DeliveryId, new SendResult(DeliveryStatuses.Failed, null, "late", null, null), Cancel));
    }

    [Fact]
    public async Task Two_dispatchers_share_the_work_and_nothing_is_claimed_twice()
    {
        const int count = 120;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => PublishAsync($"user-{i % 7}")));
        var (emailA, emailB) = (new FakeChannel(NotificationChannels.Email), new FakeChannel(NotificationChannels.Email));
        var (pushA, pushB) = (new FakeChannel(NotificationChannels.Push), new FakeChannel(NotificationChannels.Push));
        var a = Dispatcher(emailA, pushA);
        var b = Dispatcher(emailB, pushB);

        async Task DrainAsync(DeliveryDispatcher dispatcher)
        {
            while (await dispatcher.RunOnceAsync(Cancel)) { }
        }
        await Task.WhenAll(DrainAsync(a), DrainAsync(b), DrainAsync(a), DrainAsync(b));

        var sent = emailA.Sent.Concat(emailB.Sent).Concat(pushA.Sent).Concat(pushB.Sent).Select(m => m.DeliveryId).ToList();
        Assert.Equal(2 * count, sent.Count);
        Assert.Equal(sent.Count, sent.Distinct().Count());
        Assert.Equal(2 * count, await CountAsync("SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND attempts = 1"));
    }

    [Fact]
    public async Task Events_record_their_first_time_and_never_move_the_status_back()
    {
        var stored = await PublishAsync("a");
        await Dispatcher().RunOnceAsync(Cancel);
        var id = (await DeliveryAsync(stored.Id, NotificationChannels.Email)).Id;
        var events = new DeliveryEvents(_database, new DeliveryMetrics(new TestMeters()), Time);
        var t0 = Time.GetUtcNow();

        await events.RecordAsync(id, DeliveryEventKinds.Delivered, t0.AddSeconds(1), Cancel);
        await events.RecordAsync(id, DeliveryEventKinds.Clicked, t0.AddSeconds(3), Cancel);
        await events.RecordAsync(id, DeliveryEventKinds.Opened, t0.AddSeconds(2), Cancel);
        await events.RecordAsync(id, DeliveryEventKinds.Bounced, t0.AddSeconds(4), Cancel);
        await events.RecordAsync(id, DeliveryEventKinds.Delivered, t0.AddSeconds(9), Cancel);
        await events.RecordAsync("no-such-delivery", DeliveryEventKinds.Opened, t0, Cancel);

        var row = await DeliveryAsync(stored.Id, NotificationChannels.Email);
        Assert.Equal(DeliveryStatuses.Clicked, row.Status);
        Assert.Equal((t0.AddSeconds(1), t0.AddSeconds(2), t0.AddSeconds(3), t0.AddSeconds(4)), (row.DeliveredAt, row.OpenedAt, row.ClickedAt, row.BouncedAt));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => events.RecordAsync(id, "liked", t0, Cancel));
    }

    [Fact]
    public async Task Metrics_count_per_channel_and_type_with_rates_over_sent()
    {
        var one = await PublishAsync("a");
        await PublishAsync("b");
        await Dispatcher().RunOnceAsync(Cancel);
        var events = new DeliveryEvents(_database, new DeliveryMetrics(new TestMeters()), Time);
        await events.RecordAsync((await DeliveryAsync(one.Id, NotificationChannels.Email)).Id, DeliveryEventKinds.Opened, Time.GetUtcNow(), Cancel);

        var rows = await Store.MetricsAsync(Time.GetUtcNow().AddMinutes(-1), Time.GetUtcNow().AddMinutes(1), Cancel);

        var email = Assert.Single(rows, r => r.Channel == NotificationChannels.Email);
        Assert.Equal((NotificationTypes.GenerationCompleted, 2L, 1L, 0.5, 0.0), (email.Type, email.Sent, email.Opened, email.OpenRate, email.ClickThroughRate));
        var push = Assert.Single(rows, r => r.Channel == NotificationChannels.Push);
        Assert.Equal((0L, (double?)null), (push.Sent, push.OpenRate));
        Assert.Empty(await Store.MetricsAsync(Time.GetUtcNow().AddMinutes(1), Time.GetUtcNow().AddMinutes(2), Cancel));
    }

    [Fact]
    public async Task Retention_removes_old_deliveries_but_not_those_still_to_be_sent()
    {
        var sent = await PublishAsync("a");
        var digest = await PublishAsync("a", NotificationPriorities.Low);
        await Dispatcher().RunOnceAsync(Cancel);
        Time.Advance(TimeSpan.FromDays(31));

        await _inbox.RemoveExpiredAsync(Time.GetUtcNow().AddDays(-30), 1000, Cancel);

        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM deliveries"));
        Assert.Equal(DeliveryStatuses.Digest, (await DeliveryAsync(digest.Id, NotificationChannels.Email)).Status);
        Assert.Null(await Store.ListAsync(sent.Id, null, Cancel));
    }

    [Fact]
    public async Task Sends_not_started_by_half_the_lease_go_back_rather_than_outlive_the_claim()
    {
        var first = await PublishAsync("a");
        var second = await PublishAsync("b");
        var dispatcher = Dispatcher();
        await dispatcher.RouteAsync(Cancel);
        Email.During = () => Time.Advance(Settings.Lease / 2);

        await dispatcher.SendDueAsync(Cancel);

        Assert.Single(Email.Sent);
        var waiting = await DeliveryAsync(Email.Sent.Single().Notification.Id == first.Id ? second.Id : first.Id, NotificationChannels.Email);
        Assert.Equal((DeliveryStatuses.Pending, 0, Time.GetUtcNow()), (waiting.Status, waiting.Attempts, waiting.DueAt));
    }

    [Fact]
    public async Task Routing_sends_and_events_are_counted_as_metrics_by_channel_and_type()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var routed = new MeasurementsOf<long>(meters, DeliveryMetrics.RoutedName);
        using var sent = new MeasurementsOf<long>(meters, DeliveryMetrics.SentName);
        using var events = new MeasurementsOf<long>(meters, DeliveryMetrics.EventsName);
        var stored = await PublishAsync("a");

        await Dispatcher(meters: meters).RunOnceAsync(Cancel);
        var recorder = new DeliveryEvents(_database, new DeliveryMetrics(meters), Time);
        var id = (await DeliveryAsync(stored.Id, NotificationChannels.Email)).Id;
        await recorder.RecordAsync(id, DeliveryEventKinds.Opened, Time.GetUtcNow(), Cancel);
        await recorder.RecordAsync(id, DeliveryEventKinds.Opened, Time.GetUtcNow(), Cancel);

        Assert.Equal(["email pending", "push skipped"], routed.Values.Select(v => $"{v.Tags["channel"]} {v.Tags["status"]}").Order());
        var one = Assert.Single(sent.Values);
        Assert.Equal(("email", NotificationTypes.GenerationCompleted), (one.Tags["channel"], one.Tags["type"]));
        Assert.Equal("opened", Assert.Single(events.Values).Tags["kind"]);
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Email.Digests;
using Vividly.Hub.Inbox;
using Vividly.Hub.Preferences;
using Vividly.Hub.Shared;
using Vividly.Hub.Tests.Channels;
using Vividly.Hub.Tests.Stores;
using Vividly.Hub.Tests.Unit;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Tests.Email.Digests;

/// <summary>Digest windows claimed and sent once, on every engine, with routing by the real dispatcher and a fake clock.</summary>
public abstract class DigestContract(IFreshDatabase engine) : StoreContract(engine, new DateTimeOffset(2026, 3, 28, 12, 10, 0, TimeSpan.Zero))
{
    private PreferencesStore _preferences = null!;

    private RecordingDigests Sender { get; } = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _preferences = new PreferencesStore(Database, Time);
    }

    /// <summary>A job of its own, as another instance or a restart would run it.</summary>
    private DigestJob Job() => new(new DigestStore(Database, Time), _preferences, Sender, Options.Create(new DigestOptions()),
        Options.Create(new DispatcherOptions()), new DeliveryMetrics(new TestMeters()), Time, NullLogger<DigestJob>.Instance);

    private async Task<string> PublishAsync(string user, string title = "t")
    {
        var appended = await Inbox.AppendAsync(new NewNotification(user, NotificationTypes.GenerationCompleted, title, "m", NotificationPriorities.Normal, null, null), Cancel);
        var email = new FakeChannel(NotificationChannels.Email);
        var push = new FakeChannel(NotificationChannels.Push, reachable: false);
        var dispatcher = new DeliveryDispatcher(new DeliveryStore(Database, Time), _preferences, [email, push], [email, push],
            Options.Create(new DispatcherOptions()), new InstanceIdentity(Options.Create(new InstanceOptions())), new DeliveryMetrics(new TestMeters()), Time,
            NullLogger<DeliveryDispatcher>.Instance);
        await dispatcher.RouteAsync(Cancel);
        return appended.Id;
    }

    private Task SetCadenceAsync(string user, string cadence, QuietHours? quietHours = null) =>
        _preferences.PutAsync(user, UserPreferences.Default with
        {
            All = new ChannelPreferences(ChannelChoices.Unset, cadence),
            QuietHours = quietHours ?? QuietHours.Default,
        }, Cancel);

    private Task<string> EmailStatusAsync(string notificationId) =>
        Database.ReadAsync(async connection => (string)(await ScalarAsync(Command(connection, null,
            "SELECT status || ':' || COALESCE(reason, '') FROM deliveries WHERE notification_id = @id AND channel = 'email'", ("id", notificationId)), Cancel))!, Cancel);

    private Task<long> WindowsAsync(string status) =>
        Database.ReadAsync(async connection => Convert.ToInt64(await ScalarAsync(Command(connection, null,
            "SELECT COUNT(*) FROM digest_windows WHERE status = @status", ("status", status)), Cancel), CultureInfo.InvariantCulture), Cancel);

    [Fact]
    public async Task An_hourly_digest_goes_once_after_the_hour_with_the_hours_notifications()
    {
        await SetCadenceAsync("a", EmailCadences.Hourly);
        var first = await PublishAsync("a", "first");
        Time.Advance(TimeSpan.FromMinutes(30));
        var second = await PublishAsync("a", "second");
        Assert.Equal("digest:hourly", await EmailStatusAsync(first));

        Time.SetUtcNow(new DateTimeOffset(2026, 3, 28, 12, 59, 59, TimeSpan.Zero));
        await Job().RunAsync(Cancel);
        Assert.Empty(Sender.Sent);

        Time.SetUtcNow(new DateTimeOffset(2026, 3, 28, 13, 0, 30, TimeSpan.Zero));
        var late = await PublishAsync("a", "after the hour");
        await Job().RunAsync(Cancel);
        await Job().RunAsync(Cancel);

        var sent = Assert.Single(Sender.Sent);
        Assert.Equal(("a", EmailCadences.Hourly), (sent.UserId, sent.Cadence));
        Assert.Equal([first, second], sent.NotificationIds);
        Assert.Equal("sent:hourly", await EmailStatusAsync(first));
        Assert.Equal("digest:hourly", await EmailStatusAsync(late));

        Time.Advance(TimeSpan.FromHours(1));
        await Job().RunAsync(Cancel);
        Assert.Equal(2, Sender.Sent.Count);
        Assert.Equal([late], Sender.Sent.Last().NotificationIds);
        Assert.NotEqual(sent.DeliveryId, Sender.Sent.Last().DeliveryId);
    }

    [Fact]
    public async Task A_daily_digest_in_berlin_goes_at_eight_local_on_the_day_the_clocks_spring_forward()
    {
        await SetCadenceAsync("b", EmailCadences.Daily, new QuietHours(false, "22:00", "07:00", "Europe/Berlin"));
        Time.SetUtcNow(new DateTimeOffset(2026, 3, 28, 20, 0, 0, TimeSpan.Zero));
        var id = await PublishAsync("b");

        Time.SetUtcNow(new DateTimeOffset(2026, 3, 29, 5, 59, 0, TimeSpan.Zero));
        await Job().RunAsync(Cancel);
        Assert.Empty(Sender.Sent);

        Time.SetUtcNow(new DateTimeOffset(2026, 3, 29, 6, 0, 30, TimeSpan.Zero));
        await Job().RunAsync(Cancel);
        Assert.Equal([id], Assert.Single(Sender.Sent).NotificationIds);
        Assert.Equal(EmailCadences.Daily, Sender.Sent.Single().Cadence);
    }

    [Fact]
    public async Task Notifications_read_or_archived_in_the_app_are_left_out_and_nothing_goes_when_nothing_is_left()
    {
        await SetCadenceAsync("c", EmailCadences.Hourly);
        await SetCadenceAsync("d", EmailCadences.Hourly);
        var read = await PublishAsync("c");
        var archived = await PublishAsync("c");
        var kept = await PublishAsync("c");
        var onlyOne = await PublishAsync("d");
        await Inbox.MarkReadAsync("c", [read], Cancel);
        await Inbox.ArchiveAsync("c", [archived], Cancel);
        await Inbox.MarkReadAsync("d", [onlyOne], Cancel);

        Time.Advance(TimeSpan.FromHours(1));
        await Job().RunAsync(Cancel);

        var sent = Assert.Single(Sender.Sent);
        Assert.Equal("c", sent.UserId);
        Assert.Equal([kept], sent.NotificationIds);
        Assert.Equal($"skipped:{DeliveryReasons.SeenInApp}", await EmailStatusAsync(read));
        Assert.Equal($"skipped:{DeliveryReasons.SeenInApp}", await EmailStatusAsync(archived));
        Assert.Equal($"skipped:{DeliveryReasons.SeenInApp}", await EmailStatusAsync(onlyOne));
        Assert.Equal(1, await WindowsAsync(DigestWindowStatuses.Empty));
    }

    [Fact]
    public async Task A_window_claimed_but_not_sent_before_a_crash_is_sent_by_the_next_run_once()
    {
        await SetCadenceAsync("e", EmailCadences.Hourly);
        var id = await PublishAsync("e");
        Time.Advance(TimeSpan.FromHours(1));
        var store = new DigestStore(Database, Time);
        Assert.True(await store.ClaimAsync("e", EmailCadences.Hourly, DigestWindows.LastHourlyEnd(Time.GetUtcNow()), Cancel));
        Assert.False(await store.ClaimAsync("e", EmailCadences.Hourly, DigestWindows.LastHourlyEnd(Time.GetUtcNow()), Cancel));

        await Job().RunAsync(Cancel);
        await Job().RunAsync(Cancel);

        Assert.Equal([id], Assert.Single(Sender.Sent).NotificationIds);
    }

    [Fact]
    public async Task A_transient_refusal_is_retried_later_with_the_same_window()
    {
        await SetCadenceAsync("f", EmailCadences.Hourly);
        var id = await PublishAsync("f");
        Time.Advance(TimeSpan.FromHours(1));
        Sender.Script.Enqueue(new SendOutcome.RetryLater("451 try later", TimeSpan.FromMinutes(5)));

        await Job().RunAsync(Cancel);
        Assert.Equal("sending:hourly", await EmailStatusAsync(id));
        Time.Advance(TimeSpan.FromMinutes(4));
        await Job().RunAsync(Cancel);
        Assert.Single(Sender.Sent);
        Time.Advance(TimeSpan.FromMinutes(2));
        await Job().RunAsync(Cancel);

        Assert.Equal(2, Sender.Sent.Count);
        Assert.Equal(Sender.Sent.First().DeliveryId, Sender.Sent.Last().DeliveryId);
        Assert.Equal("sent:hourly", await EmailStatusAsync(id));
    }

    [Fact]
    public async Task An_open_of_a_digest_is_recorded_on_every_delivery_it_sent()
    {
        await SetCadenceAsync("g", EmailCadences.Hourly);
        var first = await PublishAsync("g");
        var second = await PublishAsync("g");
        Time.Advance(TimeSpan.FromHours(1));
        await Job().RunAsync(Cancel);

        await new DeliveryEvents(Database, new DeliveryMetrics(new TestMeters()), Time)
            .RecordAsync(Sender.Sent.Single().DeliveryId, DeliveryEventKinds.Opened, Time.GetUtcNow(), Cancel);

        Assert.Equal("opened:hourly", await EmailStatusAsync(first));
        Assert.Equal("opened:hourly", await EmailStatusAsync(second));
    }

    private sealed class RecordingDigests : IDigestSender
    {
        public ConcurrentQueue<(string DeliveryId, string UserId, string Cadence, string[] NotificationIds)> Sent { get; } = new();

        public ConcurrentQueue<SendOutcome> Script { get; } = new();

        public Task<SendOutcome> SendDigestAsync(
            string deliveryId, string userId, string cadence, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
        {
            Sent.Enqueue((deliveryId, userId, cadence, [.. notifications.Select(n => n.Id)]));
            return Task.FromResult(Script.TryDequeue(out var outcome) ? outcome : new SendOutcome.Sent(null));
        }
    }
}

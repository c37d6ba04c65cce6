using Vividly.Hub.Client.Contract;
using Vividly.Hub.Preferences;

namespace Vividly.Hub.Tests.Preferences;

/// <summary>Every priority against cadence, quiet hours, channels turned off and locked types, at fixed instants.</summary>
public sealed class DeliveryEvaluatorTests
{
    /// <summary>Quiet 22:00 to 07:00 in Berlin (UTC+1 in November).</summary>
    private static readonly QuietHours Quiet = new(true, "22:00", "07:00", "Europe/Berlin");

    /// <summary>23:30 in Berlin: quiet until 06:00 UTC.</summary>
    private static readonly DateTimeOffset Night = new(2026, 11, 24, 22, 30, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset QuietEnds = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Noon in Berlin.</summary>
    private static readonly DateTimeOffset Day = new(2026, 11, 24, 11, 0, 0, TimeSpan.Zero);

    private const string Completed = NotificationTypes.GenerationCompleted;

    private static UserPreferences Preferences(string? cadence = null, bool? email = null, bool? push = null) =>
        UserPreferences.Default with
        {
            All = new ChannelPreferences(new ChannelChoices(null, email, push), cadence),
            QuietHours = Quiet,
        };

    private static DeliveryPlan Plan(UserPreferences preferences, string priority, DateTimeOffset at, string type = Completed) =>
        DeliveryEvaluator.Evaluate(preferences, type, priority, at);

    [Theory]
    [InlineData(NotificationPriorities.Low)]
    [InlineData(NotificationPriorities.Normal)]
    [InlineData(NotificationPriorities.High)]
    [InlineData(NotificationPriorities.Urgent)]
    public void In_app_is_always_now(string priority)
    {
        Assert.IsType<SendNow>(Plan(Preferences(EmailCadences.Off, email: false, push: false), priority, Night).InApp);
        Assert.IsType<SendNow>(Plan(Preferences(), priority, Day).InApp);
    }

    [Fact]
    public void Urgent_goes_now_through_quiet_hours_and_past_digests()
    {
        var plan = Plan(Preferences(EmailCadences.Daily), NotificationPriorities.Urgent, Night);
        Assert.IsType<SendNow>(plan.Email);
        Assert.IsType<SendNow>(plan.Push);
    }

    [Fact]
    public void Urgent_respects_a_channel_turned_off()
    {
        var plan = Plan(Preferences(email: false, push: false), NotificationPriorities.Urgent, Night);
        Assert.Equal(new Skip(SkipReasons.ChannelOff), plan.Email);
        Assert.Equal(new Skip(SkipReasons.ChannelOff), plan.Push);
    }

    [Fact]
    public void A_locked_type_reaches_email_and_push_though_all_channels_are_off()
    {
        var preferences = Preferences(EmailCadences.Off, email: false, push: false);
        var urgent = Plan(preferences, NotificationPriorities.Urgent, Night, NotificationTypes.GenerationFailed);
        Assert.IsType<SendNow>(urgent.Email);
        Assert.IsType<SendNow>(urgent.Push);
        // Its cadence cannot be off either: instant, held like any other in quiet hours.
        var normal = Plan(preferences, NotificationPriorities.Normal, Night, NotificationTypes.ClarificationNeeded);
        Assert.Equal(new HoldUntil(QuietEnds), normal.Email);
        Assert.Equal(new HoldUntil(QuietEnds), normal.Push);
    }

    [Theory]
    [InlineData(EmailCadences.Instant)]
    [InlineData(EmailCadences.Hourly)]
    [InlineData(EmailCadences.Daily)]
    [InlineData(EmailCadences.Off)]
    public void High_is_instant_whatever_the_cadence_and_held_until_quiet_hours_end(string cadence)
    {
        var night = Plan(Preferences(cadence), NotificationPriorities.High, Night);
        Assert.Equal(new HoldUntil(QuietEnds), night.Email);
        Assert.Equal(new HoldUntil(QuietEnds), night.Push);
        var day = Plan(Preferences(cadence), NotificationPriorities.High, Day);
        Assert.IsType<SendNow>(day.Email);
        Assert.IsType<SendNow>(day.Push);
    }

    [Fact]
    public void High_respects_a_channel_turned_off() =>
        Assert.Equal(new Skip(SkipReasons.ChannelOff), Plan(Preferences(email: false), NotificationPriorities.High, Day).Email);

    [Fact]
    public void Normal_instant_is_sent_by_day_and_held_at_night()
    {
        Assert.IsType<SendNow>(Plan(Preferences(EmailCadences.Instant), NotificationPriorities.Normal, Day).Email);
        Assert.Equal(new HoldUntil(QuietEnds), Plan(Preferences(EmailCadences.Instant), NotificationPriorities.Normal, Night).Email);
    }

    [Theory]
    [InlineData(EmailCadences.Hourly, DigestCadence.Hourly)]
    [InlineData(EmailCadences.Daily, DigestCadence.Daily)]
    public void Normal_follows_a_digest_cadence_day_and_night(string cadence, DigestCadence digest)
    {
        Assert.Equal(new AddToDigest(digest), Plan(Preferences(cadence), NotificationPriorities.Normal, Day).Email);
        Assert.Equal(new AddToDigest(digest), Plan(Preferences(cadence), NotificationPriorities.Normal, Night).Email);
    }

    [Fact]
    public void Normal_with_the_cadence_off_sends_no_email() =>
        Assert.Equal(new Skip(SkipReasons.CadenceOff), Plan(Preferences(EmailCadences.Off), NotificationPriorities.Normal, Day).Email);

    [Fact]
    public void Normal_push_follows_quiet_hours_but_no_cadence()
    {
        Assert.IsType<SendNow>(Plan(Preferences(EmailCadences.Daily), NotificationPriorities.Normal, Day).Push);
        Assert.Equal(new HoldUntil(QuietEnds), Plan(Preferences(EmailCadences.Daily), NotificationPriorities.Normal, Night).Push);
    }

    [Theory]
    [InlineData(EmailCadences.Instant, DigestCadence.Hourly)]
    [InlineData(EmailCadences.Hourly, DigestCadence.Hourly)]
    [InlineData(EmailCadences.Daily, DigestCadence.Daily)]
    public void Low_only_ever_goes_to_a_digest(string cadence, DigestCadence digest)
    {
        Assert.Equal(new AddToDigest(digest), Plan(Preferences(cadence), NotificationPriorities.Low, Day).Email);
        Assert.Equal(new AddToDigest(digest), Plan(Preferences(cadence), NotificationPriorities.Low, Night).Email);
    }

    [Fact]
    public void Low_with_the_cadence_off_is_skipped() =>
        Assert.Equal(new Skip(SkipReasons.CadenceOff), Plan(Preferences(EmailCadences.Off), NotificationPriorities.Low, Day).Email);

    [Fact]
    public void Low_is_never_pushed() =>
        Assert.Equal(new Skip(SkipReasons.LowPriorityNotPushed), Plan(Preferences(push: true), NotificationPriorities.Low, Day).Push);

    [Fact]
    public void The_code_defaults_apply_when_nothing_is_set()
    {
        var progress = DeliveryEvaluator.Evaluate(UserPreferences.Default, NotificationTypes.GenerationProgress, NotificationPriorities.Normal, Day);
        Assert.Equal(new Skip(SkipReasons.ChannelOff), progress.Email);
        Assert.Equal(new Skip(SkipReasons.ChannelOff), progress.Push);
        var announcement = DeliveryEvaluator.Evaluate(UserPreferences.Default, NotificationTypes.SystemAnnouncement, NotificationPriorities.Normal, Day);
        Assert.Equal(new AddToDigest(DigestCadence.Daily), announcement.Email);
        Assert.Equal(new Skip(SkipReasons.ChannelOff), announcement.Push);
        // Quiet hours are off by default: nothing is held at night.
        var completed = DeliveryEvaluator.Evaluate(UserPreferences.Default, Completed, NotificationPriorities.Normal, Night);
        Assert.IsType<SendNow>(completed.Email);
        Assert.IsType<SendNow>(completed.Push);
    }

    [Fact]
    public void A_type_setting_wins_over_all_types()
    {
        var preferences = Preferences(EmailCadences.Daily, email: false) with
        {
            Types = new Dictionary<string, ChannelPreferences> { [Completed] = new(new ChannelChoices(null, true, null), EmailCadences.Hourly) },
        };
        Assert.Equal(new AddToDigest(DigestCadence.Hourly), Plan(preferences, NotificationPriorities.Normal, Day).Email);
        Assert.Equal(new Skip(SkipReasons.ChannelOff), Plan(preferences, NotificationPriorities.Normal, Day, NotificationTypes.GenerationStarted).Email);
    }

    [Fact]
    public void Quiet_hours_are_read_in_the_users_time_zone()
    {
        // 22:30 UTC is 17:30 in New York: not quiet there, though it is in Berlin.
        var newYork = Preferences(EmailCadences.Instant) with { QuietHours = Quiet with { TimeZone = "America/New_York" } };
        Assert.IsType<SendNow>(Plan(newYork, NotificationPriorities.High, Night).Email);
    }
}

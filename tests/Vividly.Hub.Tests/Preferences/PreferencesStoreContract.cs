using System.Text.Json;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Preferences;
using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Preferences;

/// <summary>What the preferences store does on every engine, over the inbox's own database (migrated by the inbox store).</summary>
public abstract class PreferencesStoreContract(IFreshDatabase engine) : StoreContract(engine, new DateTimeOffset(2026, 11, 24, 3, 0, 0, 123, TimeSpan.Zero).AddTicks(4567))
{
    private PreferencesStore _store = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _store = new PreferencesStore(Database, Time);
    }

    private static UserPreferences Sample(string cadence) => new(
        new ChannelPreferences(new ChannelChoices(null, true, null), cadence),
        new Dictionary<string, ChannelPreferences>
        {
            [NotificationTypes.GenerationProgress] = new(new ChannelChoices(true, false, false), null),
        },
        new QuietHours(true, "22:00", "07:00", "Europe/Berlin"));

    private static string Json(UserPreferences settings) => JsonSerializer.Serialize(settings, ContractJson.Options);

    [Fact]
    public async Task A_user_who_never_saved_has_none() =>
        Assert.Null(await _store.GetAsync("nobody", CancellationToken.None));

    [Fact]
    public async Task Saved_preferences_read_back_whole_with_when_to_the_millisecond()
    {
        var saved = await _store.PutAsync("a", Sample(EmailCadences.Daily), CancellationToken.None);
        var read = await _store.GetAsync("a", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(Json(Sample(EmailCadences.Daily)), Json(read.Settings));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 3, 0, 0, 123, TimeSpan.Zero), saved);
        Assert.Equal(saved, read.UpdatedAt);
    }

    [Fact]
    public async Task Saving_again_replaces_the_whole_document()
    {
        await _store.PutAsync("a", Sample(EmailCadences.Daily), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(5));
        var saved = await _store.PutAsync("a", UserPreferences.Default, CancellationToken.None);

        var read = await _store.GetAsync("a", CancellationToken.None);
        Assert.Equal(Json(UserPreferences.Default), Json(read!.Settings));
        Assert.Equal(saved, read.UpdatedAt);
    }

    [Fact]
    public async Task Users_are_kept_apart()
    {
        await _store.PutAsync("a", Sample(EmailCadences.Daily), CancellationToken.None);
        await _store.PutAsync("b", Sample(EmailCadences.Hourly), CancellationToken.None);

        Assert.Equal(EmailCadences.Daily, (await _store.GetAsync("a", CancellationToken.None))!.Settings.All.EmailCadence);
        Assert.Equal(EmailCadences.Hourly, (await _store.GetAsync("b", CancellationToken.None))!.Settings.All.EmailCadence);
        Assert.Null(await _store.GetAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task Preferences_and_theInbox_share_oneDatabase()
    {
        await _store.PutAsync("a", Sample(EmailCadences.Daily), CancellationToken.None);
        var appended = await Inbox.AppendAsync(
            new NewNotification("a", NotificationTypes.GenerationCompleted, "t", "m", NotificationPriorities.Normal, null, null), CancellationToken.None);

        Assert.Equal(1, appended.Seq);
        Assert.NotNull(await _store.GetAsync("a", CancellationToken.None));
    }
}

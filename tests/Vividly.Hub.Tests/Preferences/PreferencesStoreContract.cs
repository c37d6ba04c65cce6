using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Preferences;

namespace Vividly.Hub.Tests.Preferences;

/// <summary>What the preferences store does on every engine, over the inbox's own database (migrated by the inbox store).</summary>
public abstract class PreferencesStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, 123, TimeSpan.Zero).AddTicks(4567));

    protected static IOptions<RetentionOptions> Retention { get; } = Options.Create(new RetentionOptions());

    protected static IOptions<StoreGuardOptions> Guard { get; } = Options.Create(new StoreGuardOptions());

    private IInboxStore _inbox = null!;

    private PreferencesStore _store = null!;

    /// <summary>The inbox store and the database it shares with the preferences.</summary>
    protected abstract Task<(IInboxStore Inbox, IInboxDatabase Database)> OpenAsync();

    protected abstract ValueTask CloseAsync();

    public async ValueTask InitializeAsync()
    {
        var (inbox, database) = await OpenAsync();
        _inbox = inbox;
        await _inbox.InitializeAsync(CancellationToken.None);
        _store = new PreferencesStore(database, Time);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)_inbox).DisposeAsync();
        await CloseAsync();
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
    public async Task Preferences_and_the_inbox_share_one_database()
    {
        await _store.PutAsync("a", Sample(EmailCadences.Daily), CancellationToken.None);
        var appended = await _inbox.AppendAsync(
            new NewNotification("a", NotificationTypes.GenerationCompleted, "t", "m", NotificationPriorities.Normal, null, null), CancellationToken.None);

        Assert.Equal(1, appended.Seq);
        Assert.NotNull(await _store.GetAsync("a", CancellationToken.None));
    }
}

namespace Vividly.Hub.Preferences;

/// <summary>Resolves a user's settings per type: the type's own, else all types', else the code's default; locked and in-app values win.</summary>
public static class EffectivePreferences
{
    public static IReadOnlyDictionary<string, EffectiveTypePreferences> ForAll(UserPreferences settings) =>
        TypeDefaults.ByType.Keys.ToDictionary(type => type, type => For(settings, type), StringComparer.Ordinal);

    public static EffectiveTypePreferences For(UserPreferences settings, string type)
    {
        if (!TypeDefaults.ByType.TryGetValue(type, out var defaults))
            throw new ArgumentException($"No notification type {type}.", nameof(type));
        var own = settings.Types.GetValueOrDefault(type) ?? ChannelPreferences.Unset;
        var all = settings.All;
        var locked = new EffectiveChannel(true, PreferenceSources.Locked);

        var cadence = Resolve(own.EmailCadence, all.EmailCadence, defaults.EmailCadence);
        // Email is locked on: a cadence of "off" would turn it off by another name.
        if (defaults.Locked && cadence.Value == EmailCadences.Off) cadence = new EffectiveCadence(EmailCadences.Instant, PreferenceSources.Locked);

        return new EffectiveTypePreferences(
            defaults.Locked,
            new EffectiveChannels(
                new EffectiveChannel(true, PreferenceSources.Always),
                defaults.Locked ? locked : Resolve(own.Channels.Email, all.Channels.Email, defaults.Email),
                defaults.Locked ? locked : Resolve(own.Channels.Push, all.Channels.Push, defaults.Push)),
            cadence);
    }

    private static EffectiveChannel Resolve(bool? own, bool? all, bool fallback) =>
        own is { } type ? new(type, PreferenceSources.Type)
        : all is { } every ? new(every, PreferenceSources.All)
        : new(fallback, PreferenceSources.Default);

    private static EffectiveCadence Resolve(string? own, string? all, string fallback) =>
        own is not null ? new(own, PreferenceSources.Type)
        : all is not null ? new(all, PreferenceSources.All)
        : new(fallback, PreferenceSources.Default);
}

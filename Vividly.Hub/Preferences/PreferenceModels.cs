namespace Vividly.Hub.Preferences;

/// <summary>Channels turned on (true) or off (false); null means not set here.</summary>
public sealed record ChannelChoices(bool? InApp, bool? Email, bool? Push)
{
    public static ChannelChoices Unset { get; } = new(null, null, null);
}

/// <summary>The settings for all types, or for one; each null falls back to the next level.</summary>
public sealed record ChannelPreferences(ChannelChoices Channels, string? EmailCadence)
{
    public static ChannelPreferences Unset { get; } = new(ChannelChoices.Unset, null);
}

/// <summary>
/// When nothing but urgent notifications interrupt: <c>start</c> to <c>end</c> (<c>HH:mm</c>, may
/// cross midnight) on the wall clock of <c>time_zone</c> (an IANA id).
/// </summary>
public sealed record QuietHours(bool Enabled, string Start, string End, string TimeZone)
{
    public static QuietHours Default { get; } = new(false, "22:00", "07:00", "UTC");
}

/// <summary>What <c>PUT /api/v1/preferences</c> takes, as stored: a full replace of the user's settings.</summary>
public sealed record UserPreferences(ChannelPreferences All, IReadOnlyDictionary<string, ChannelPreferences> Types, QuietHours QuietHours)
{
    public static UserPreferences Default { get; } = new(ChannelPreferences.Unset, new Dictionary<string, ChannelPreferences>(), QuietHours.Default);
}

/// <summary>What <c>GET</c> and <c>PUT /api/v1/preferences</c> answer: the settings, what they come to per type, and when they were saved (null: never).</summary>
public sealed record PreferencesAnswer(
    ChannelPreferences All,
    IReadOnlyDictionary<string, ChannelPreferences> Types,
    QuietHours QuietHours,
    IReadOnlyDictionary<string, EffectiveTypePreferences> Effective,
    DateTimeOffset? UpdatedAt);

/// <summary>What a type's notifications get, every value with where it comes from.</summary>
public sealed record EffectiveTypePreferences(bool Locked, EffectiveChannels Channels, EffectiveCadence EmailCadence);

public sealed record EffectiveChannels(EffectiveChannel InApp, EffectiveChannel Email, EffectiveChannel Push);

public sealed record EffectiveChannel(bool Enabled, string Source);

public sealed record EffectiveCadence(string Value, string Source);

/// <summary>A user's saved settings and when they were saved.</summary>
public sealed record StoredPreferences(UserPreferences Settings, DateTimeOffset UpdatedAt);

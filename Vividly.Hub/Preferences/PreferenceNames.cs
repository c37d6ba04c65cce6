namespace Vividly.Hub.Preferences;

/// <summary>The channels a notification may reach a user by.</summary>
public static class NotificationChannels
{
    /// <summary>The inbox and the live hub: always on.</summary>
    public const string InApp = "in_app";

    public const string Email = "email";

    public const string Push = "push";

    public static IReadOnlyList<string> All { get; } = [InApp, Email, Push];
}

/// <summary>How often email is sent for a type: each on its own, gathered hourly or daily, or not at all.</summary>
public static class EmailCadences
{
    public const string Instant = "instant";
    public const string Hourly = "hourly";
    public const string Daily = "daily";
    public const string Off = "off";

    public static IReadOnlyList<string> All { get; } = [Instant, Hourly, Daily, Off];
}

/// <summary>Where an effective value comes from.</summary>
public static class PreferenceSources
{
    /// <summary>Set for the type.</summary>
    public const string Type = "type";

    /// <summary>Set for all types.</summary>
    public const string All = "all";

    /// <summary>Not set: the code's default for the type.</summary>
    public const string Default = "default";

    /// <summary>The type's email and push cannot be turned off.</summary>
    public const string Locked = "locked";

    /// <summary>In-app delivery, which cannot be turned off.</summary>
    public const string Always = "always";

    public static IReadOnlyList<string> Values { get; } = [Type, All, Default, Locked, Always];
}

using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace Vividly.Hub.Preferences;

/// <summary>
/// Quiet hours as wall-clock times in a time zone, from the IANA database NodaTime carries (the
/// same rules on every machine, whatever the host's tzdata).
/// </summary>
public sealed record QuietHoursWindow(LocalTime Start, LocalTime End, DateTimeZone Zone)
{
    private static readonly LocalTimePattern Pattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static bool TryParseTime(string text, out LocalTime time)
    {
        var parsed = Pattern.Parse(text);
        time = parsed.Success ? parsed.Value : default;
        return parsed.Success;
    }

    public static DateTimeZone? FindZone(string id) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);

    /// <summary>The window of valid, enabled settings; null when they are off.</summary>
    public static QuietHoursWindow? Of(QuietHours settings)
    {
        if (!settings.Enabled) return null;
        if (!TryParseTime(settings.Start, out var start) || !TryParseTime(settings.End, out var end) || FindZone(settings.TimeZone) is not { } zone)
            throw new ArgumentException("Quiet hours are validated before they are stored.", nameof(settings));
        return new QuietHoursWindow(start, end, zone);
    }

    /// <summary>
    /// When the quiet hours <paramref name="at"/> falls in end, or null when it falls in none.
    /// Read on the zone's wall clock, so a window crossing midnight or a change of offset ends at
    /// the local time it names. An end the clocks skip (spring forward) is taken as the moment
    /// they land after it; an end that occurs twice (fall back) is the first occurrence still ahead.
    /// </summary>
    public DateTimeOffset? EndOf(DateTimeOffset at)
    {
        var instant = Instant.FromDateTimeOffset(at);
        var local = instant.InZone(Zone).LocalDateTime;
        var time = local.TimeOfDay;
        var quiet = Start < End ? time >= Start && time < End : time >= Start || time < End;
        if (!quiet) return null;

        var endDay = time < End ? local.Date : local.Date.PlusDays(1);
        var mapping = Zone.MapLocal(endDay + End);
        var end = mapping.Count switch
        {
            0 => Zone.ResolveLocal(endDay + End, Resolvers.LenientResolver).ToInstant(),
            1 => mapping.Single().ToInstant(),
            // Read in the repeated hour after the clocks went back, the first end has passed already.
            _ => mapping.First().ToInstant() > instant ? mapping.First().ToInstant() : mapping.Last().ToInstant(),
        };
        return end.ToDateTimeOffset();
    }
}

using NodaTime;
using NodaTime.TimeZones;
using Vividly.Hub.Preferences;

namespace Vividly.Hub.Email.Digests;

/// <summary>
/// Where digest windows end: hourly on the hour (UTC), daily at <c>EMAIL_DIGEST_HOUR</c> on the
/// user's wall clock in their quiet-hours time zone (UTC when unset), moved to the end of quiet
/// hours when they are on and the hour falls inside them. A window takes the digest deliveries
/// created before its end that no earlier window took.
/// </summary>
public static class DigestWindows
{
    /// <summary>The end of the latest hourly window that has closed by <paramref name="now"/>.</summary>
    public static DateTimeOffset LastHourlyEnd(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(now.UtcDateTime.Hour);

    /// <summary>The end of the latest daily window that has closed by <paramref name="now"/>.</summary>
    public static DateTimeOffset LastDailyEnd(DateTimeOffset now, QuietHours quietHours, int hour)
    {
        var zone = QuietHoursWindow.FindZone(quietHours.TimeZone) ?? DateTimeZone.Utc;
        var quiet = quietHours.Enabled ? QuietHoursWindow.Of(quietHours) : null;
        var today = Instant.FromDateTimeOffset(now).InZone(zone).Date;
        // Today's send time when it has come, else yesterday's (quiet hours may move either later).
        for (var day = today; ; day = day.PlusDays(-1))
        {
            var at = SendTime(day, zone, hour, quiet);
            if (at <= now) return at;
        }
    }

    private static DateTimeOffset SendTime(LocalDate day, DateTimeZone zone, int hour, QuietHoursWindow? quiet)
    {
        // An hour the clocks skip is taken as the moment they land after it; one they repeat, the first.
        var at = zone.ResolveLocal(day + new LocalTime(hour, 0), Resolvers.LenientResolver).ToDateTimeOffset();
        return quiet?.EndOf(at) ?? at;
    }
}

using Vividly.Hub.Email.Digests;
using Vividly.Hub.Preferences;

namespace Vividly.Hub.Tests.Email.Digests;

public sealed class DigestWindowsTests
{
    private static readonly QuietHours Berlin = new(false, "22:00", "07:00", "Europe/Berlin");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void An_hourly_window_ends_on_the_last_hour_passed()
    {
        Assert.Equal(Utc(3, 1, 13), DigestWindows.LastHourlyEnd(Utc(3, 1, 13, 59)));
        Assert.Equal(Utc(3, 1, 14), DigestWindows.LastHourlyEnd(Utc(3, 1, 14)));
    }

    [Fact]
    public void A_daily_window_ends_at_the_local_hour_in_the_users_zone()
    {
        // Winter: 08:00 in Berlin is 07:00 UTC; before it, yesterday's window is the last closed.
        Assert.Equal(Utc(1, 14, 7), DigestWindows.LastDailyEnd(Utc(1, 14, 7), Berlin, 8));
        Assert.Equal(Utc(1, 13, 7), DigestWindows.LastDailyEnd(Utc(1, 14, 6, 59), Berlin, 8));
        // Summer: 08:00 in Berlin is 06:00 UTC.
        Assert.Equal(Utc(7, 1, 6), DigestWindows.LastDailyEnd(Utc(7, 1, 12), Berlin, 8));
    }

    [Fact]
    public void On_the_days_the_clocks_change_the_window_follows_the_wall_clock()
    {
        // 29 March 2026: Berlin springs forward at 02:00, so 08:00 is 06:00 UTC, a day of 23 hours after 07:00 UTC the day before.
        Assert.Equal(Utc(3, 28, 7), DigestWindows.LastDailyEnd(Utc(3, 29, 5, 59), Berlin, 8));
        Assert.Equal(Utc(3, 29, 6), DigestWindows.LastDailyEnd(Utc(3, 29, 6), Berlin, 8));
        // An hour the clocks skip is sent when they land after it: 02:00 becomes 03:00 CEST, 01:00 UTC.
        Assert.Equal(Utc(3, 29, 1), DigestWindows.LastDailyEnd(Utc(3, 29, 1, 30), Berlin, 2));
        // 25 October 2026: Berlin falls back at 03:00, so 08:00 is 07:00 UTC again.
        Assert.Equal(Utc(10, 25, 7), DigestWindows.LastDailyEnd(Utc(10, 25, 7), Berlin, 8));
        Assert.Equal(Utc(10, 24, 6), DigestWindows.LastDailyEnd(Utc(10, 25, 6, 59), Berlin, 8));
    }

    [Fact]
    public void A_daily_hour_inside_quiet_hours_waits_for_their_end()
    {
        var quiet = Berlin with { Enabled = true, Start = "22:00", End = "09:30" };

        Assert.Equal(Utc(1, 13, 8, 30), DigestWindows.LastDailyEnd(Utc(1, 14, 8, 29), quiet, 8));
        Assert.Equal(Utc(1, 14, 8, 30), DigestWindows.LastDailyEnd(Utc(1, 14, 8, 30), quiet, 8));
    }

    [Fact]
    public void Without_a_zone_the_daily_window_is_on_utc()
    {
        Assert.Equal(Utc(1, 14, 8), DigestWindows.LastDailyEnd(Utc(1, 14, 9), QuietHours.Default, 8));
    }
}

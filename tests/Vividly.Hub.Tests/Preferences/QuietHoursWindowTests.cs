using Vividly.Hub.Preferences;

namespace Vividly.Hub.Tests.Preferences;

/// <summary>When quiet hours end, read on the user's wall clock, at fixed instants.</summary>
public sealed class QuietHoursWindowTests
{
    private static QuietHoursWindow Window(string start, string end, string zone) =>
        QuietHoursWindow.Of(new QuietHours(true, start, end, zone))!;

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    // Berlin in November is UTC+1: 23:30 local, before midnight, ends 07:00 the next morning.
    [InlineData(11, 24, 22, 30, 11, 25, 6, 0)]
    // 03:00 local, after midnight, ends 07:00 that morning.
    [InlineData(11, 25, 2, 0, 11, 25, 6, 0)]
    // 22:00 local, the first quiet minute.
    [InlineData(11, 24, 21, 0, 11, 25, 6, 0)]
    public void A_window_crossing_midnight_ends_at_the_next_local_end(
        int month, int day, int hour, int minute, int endMonth, int endDay, int endHour, int endMinute)
    {
        var end = Window("22:00", "07:00", "Europe/Berlin").EndOf(Utc(month, day, hour, minute));
        Assert.Equal(Utc(endMonth, endDay, endHour, endMinute), end);
    }

    [Theory]
    [InlineData(6, 0)] // 07:00 local: the end itself is no longer quiet
    [InlineData(11, 0)] // noon
    [InlineData(20, 59)] // 21:59 local
    public void Outside_the_window_nothing_is_held(int hour, int minute) =>
        Assert.Null(Window("22:00", "07:00", "Europe/Berlin").EndOf(Utc(11, 25, hour, minute)));

    [Fact]
    public void A_window_within_one_day_holds_only_inside_it()
    {
        var window = Window("13:00", "15:00", "UTC");
        Assert.Equal(Utc(11, 24, 15), window.EndOf(Utc(11, 24, 13)));
        Assert.Equal(Utc(11, 24, 15), window.EndOf(Utc(11, 24, 14, 59)));
        Assert.Null(window.EndOf(Utc(11, 24, 12, 59)));
        Assert.Null(window.EndOf(Utc(11, 24, 15)));
    }

    [Fact]
    public void A_night_the_clocks_go_forward_ends_at_the_local_time_an_hour_earlier_in_utc()
    {
        // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST. 23:00 CET the night before is 22:00 UTC.
        Assert.Equal(Utc(3, 29, 5), Window("22:00", "07:00", "Europe/Berlin").EndOf(Utc(3, 28, 22)));
    }

    [Fact]
    public void A_night_the_clocks_go_back_ends_at_the_local_time_an_hour_later_in_utc()
    {
        // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET. 23:00 CEST the night before is 21:00 UTC.
        Assert.Equal(Utc(10, 25, 6), Window("22:00", "07:00", "Europe/Berlin").EndOf(Utc(10, 24, 21)));
    }

    [Fact]
    public void New_york_changes_on_its_own_day()
    {
        // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT. 23:00 EST on the 7th is 04:00 UTC on the 8th.
        var window = Window("22:00", "07:00", "America/New_York");
        Assert.Equal(Utc(3, 8, 11), window.EndOf(Utc(3, 8, 4)));
        // A week before, still EST: 07:00 is 12:00 UTC.
        Assert.Equal(Utc(3, 1, 12), window.EndOf(Utc(3, 1, 4)));
    }

    [Fact]
    public void An_end_the_clocks_skip_is_the_moment_they_land_after_it()
    {
        // 02:30 does not occur in Berlin on 29 March 2026; the clocks land on 03:30 CEST, 01:30 UTC.
        Assert.Equal(Utc(3, 29, 1, 30), Window("22:00", "02:30", "Europe/Berlin").EndOf(Utc(3, 29, 0)));
    }

    [Fact]
    public void An_end_that_occurs_twice_is_the_next_one_still_ahead()
    {
        // 02:30 occurs twice in Berlin on 25 October 2026: 00:30 UTC (CEST) and 01:30 UTC (CET).
        var window = Window("22:00", "02:30", "Europe/Berlin");
        Assert.Equal(Utc(10, 25, 0, 30), window.EndOf(Utc(10, 25, 0, 10))); // 02:10 CEST
        Assert.Equal(Utc(10, 25, 1, 30), window.EndOf(Utc(10, 25, 1, 10))); // 02:10 CET, the hour repeated
    }

    [Fact]
    public void Disabled_quiet_hours_have_no_window() =>
        Assert.Null(QuietHoursWindow.Of(QuietHours.Default));
}
